using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ollama.Net.Serialization;

/// <summary>Reads and writes <see cref="OutputFormat"/> as <c>"json"</c> or a JSON Schema object.</summary>
internal sealed class OutputFormatConverter : JsonConverter<OutputFormat>
{
    public override OutputFormat? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                if (reader.ValueTextEquals("json"u8))
                {
                    return OutputFormat.Json;
                }

                if (reader.ValueTextEquals(""u8))
                {
                    return null;
                }

                throw new JsonException($"Invalid format \"{reader.GetString()}\": expected \"json\" or a JSON Schema object.");
            case JsonTokenType.StartObject:
                using (var document = JsonDocument.ParseValue(ref reader))
                {
                    return OutputFormat.FromSchema(document.RootElement);
                }

            default:
                throw new JsonException($"Invalid format: expected \"json\" or a JSON Schema object, got {reader.TokenType}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, OutputFormat value, JsonSerializerOptions options)
    {
        if (value.Schema is { } schema)
        {
            schema.WriteTo(writer);
        }
        else
        {
            writer.WriteStringValue("json"u8);
        }
    }
}
