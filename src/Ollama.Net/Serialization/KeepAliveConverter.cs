using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ollama.Net.Serialization;

/// <summary>Reads and writes <see cref="KeepAlive"/> as a number of seconds or a Go duration string.</summary>
internal sealed class KeepAliveConverter : JsonConverter<KeepAlive>
{
    public override KeepAlive Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return KeepAlive.FromSeconds(reader.GetDouble());
            case JsonTokenType.String:
                var text = reader.GetString()!;
                if (KeepAlive.TryParse(text, out var value))
                {
                    return value;
                }

                throw new JsonException($"\"{text}\" is not a valid keep_alive duration.");
            default:
                throw new JsonException($"Expected a number or a duration string for keep_alive, got {reader.TokenType}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, KeepAlive value, JsonSerializerOptions options)
    {
        if (value.DurationString is { } text)
        {
            writer.WriteStringValue(text);
        }
        else
        {
            writer.WriteNumberValue(value.TotalSeconds);
        }
    }
}
