using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ollama.Net.Serialization;

/// <summary>Reads and writes <see cref="ThinkValue"/> as <c>true</c>, <c>false</c> or a level string.</summary>
internal sealed class ThinkValueConverter : JsonConverter<ThinkValue>
{
    public override ThinkValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => reader.TokenType switch
        {
            JsonTokenType.True => ThinkValue.Enabled,
            JsonTokenType.False => ThinkValue.Disabled,
            JsonTokenType.String => reader.GetString() is { } level && !string.IsNullOrWhiteSpace(level)
                ? ThinkValue.FromLevel(level)
                : throw new JsonException("Expected true, false or a level name for think, got an empty string."),
            _ => throw new JsonException($"Expected true, false or a level string for think, got {reader.TokenType}."),
        };

    public override void Write(Utf8JsonWriter writer, ThinkValue value, JsonSerializerOptions options)
    {
        if (value.Level is { } level)
        {
            writer.WriteStringValue(level);
        }
        else
        {
            writer.WriteBooleanValue(value.IsEnabled);
        }
    }
}
