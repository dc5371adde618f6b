using System.Text.Json;
using Ollama.Net.Internal;

namespace Ollama.Net.Serialization;

/// <summary>
/// Decodes <c>/api/chat</c> stream lines into <see cref="ChatUpdate"/> without the serializer's per-line overhead: no
/// placeholder message, no role or model string per line (see <see cref="StreamLineReader"/>).
/// </summary>
internal sealed class ChatUpdateDecoder : LineDecoder<ChatUpdate>
{
    public static readonly ChatUpdateDecoder Instance = new();

    public override ChatUpdate? Decode(ReadOnlySpan<byte> line)
    {
        try
        {
            return Read(line);
        }
        catch (JsonException ex) when (ex.GetType() != typeof(JsonException))
        {
            throw StreamLineReader.AsJsonException(ex);
        }
    }

    private static ChatUpdate? Read(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        if (!StreamLineReader.ReadStart(ref reader))
        {
            return null;
        }

        // The message usually comes third (after model and created_at): hold the update without one until it is read.
        var update = new ChatUpdate(null!);
        var hasMessage = false;
        while (StreamLineReader.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                update.Message = StreamLineReader.ReadMessage(ref reader)!;
                hasMessage = true;
            }
            else if (!StreamLineReader.TryReadCommon(ref reader, update))
            {
                StreamLineReader.SkipValue(ref reader);
            }
        }

        if (!hasMessage)
        {
            update.Message = new Message { Role = MessageRole.Assistant };
        }

        return update;
    }
}
