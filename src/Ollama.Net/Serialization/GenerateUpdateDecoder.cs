using System.Text.Json;
using Ollama.Net.Internal;

namespace Ollama.Net.Serialization;

/// <summary>Decodes <c>/api/generate</c> stream lines into <see cref="GenerateUpdate"/> (see <see cref="StreamLineReader"/>).</summary>
internal sealed class GenerateUpdateDecoder : LineDecoder<GenerateUpdate>
{
    public static readonly GenerateUpdateDecoder Instance = new();

    public override GenerateUpdate? Decode(ReadOnlySpan<byte> line)
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

    private static GenerateUpdate? Read(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line);
        if (!StreamLineReader.ReadStart(ref reader))
        {
            return null;
        }

        var update = new GenerateUpdate();
        while (StreamLineReader.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("response"u8))
            {
                reader.Read();
                update.Response = StreamLineReader.ReadString(ref reader)!;
            }
            else if (reader.ValueTextEquals("thinking"u8))
            {
                reader.Read();
                update.Thinking = StreamLineReader.ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("context"u8))
            {
                reader.Read();
                update.Context = StreamLineReader.ReadObject(ref reader, OllamaJsonContext.Default.IListInt32);
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                reader.Read();
                update.ToolCalls = StreamLineReader.ReadObject(ref reader, OllamaJsonContext.Default.IListToolCall);
            }
            else if (!StreamLineReader.TryReadCommon(ref reader, update))
            {
                StreamLineReader.SkipValue(ref reader);
            }
        }

        return update;
    }
}
