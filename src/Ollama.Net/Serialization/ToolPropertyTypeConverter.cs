using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ollama.Net.Serialization;

/// <summary>Reads and writes <see cref="ToolPropertyType"/> as a string or an array of strings.</summary>
internal sealed class ToolPropertyTypeConverter : JsonConverter<ToolPropertyType>
{
    public override ToolPropertyType Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            var name = reader.GetString();
            return string.IsNullOrWhiteSpace(name)
                ? throw new JsonException("Expected a type name for a property type, got an empty string.")
                : new ToolPropertyType(name);
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"Expected a string or an array of strings for a property type, got {reader.TokenType}.");
        }

        var names = new List<string>(2);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException($"Expected strings in a property type array, got {reader.TokenType}.");
            }

            names.Add(reader.GetString()!);
        }

        return new ToolPropertyType(names);
    }

    public override void Write(Utf8JsonWriter writer, ToolPropertyType value, JsonSerializerOptions options)
    {
        if (!value.IsArray && value.Names.Count == 1)
        {
            writer.WriteStringValue(value.Names[0]);
            return;
        }

        writer.WriteStartArray();
        foreach (var name in value.Names)
        {
            writer.WriteStringValue(name);
        }

        writer.WriteEndArray();
    }
}
