using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ollama.Net.Serialization;

/// <summary>Reads and writes <see cref="DoneReason"/> as a JSON string.</summary>
internal sealed class DoneReasonConverter : JsonConverter<DoneReason>
{
    public override DoneReason Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string for done_reason, got {reader.TokenType}.");
        }

        if (reader.ValueTextEquals("stop"u8)) return DoneReason.Stop;
        if (reader.ValueTextEquals("length"u8)) return DoneReason.Length;
        if (reader.ValueTextEquals("load"u8)) return DoneReason.Load;
        if (reader.ValueTextEquals("unload"u8)) return DoneReason.Unload;
        var value = reader.GetString();
        return string.IsNullOrWhiteSpace(value) ? default : new DoneReason(value);
    }

    public override void Write(Utf8JsonWriter writer, DoneReason value, JsonSerializerOptions options)
        => writer.WriteStringValue(value.Value);
}
