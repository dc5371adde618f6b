using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ollama.Net.Serialization;

/// <summary>Reads and writes <see cref="MessageRole"/> as a JSON string.</summary>
internal sealed class MessageRoleConverter : JsonConverter<MessageRole>
{
    public override MessageRole Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string for a message role, got {reader.TokenType}.");
        }

        // The usual roles without allocating a string.
        if (reader.ValueTextEquals("assistant"u8)) return MessageRole.Assistant;
        if (reader.ValueTextEquals("user"u8)) return MessageRole.User;
        if (reader.ValueTextEquals("system"u8)) return MessageRole.System;
        if (reader.ValueTextEquals("tool"u8)) return MessageRole.Tool;
        var value = reader.GetString();
        if (string.IsNullOrWhiteSpace(value))
        {
            return default;
        }

        return KnownOrNew(value);
    }

    public override void Write(Utf8JsonWriter writer, MessageRole value, JsonSerializerOptions options)
        => writer.WriteStringValue(value.Value);

    private static MessageRole KnownOrNew(string value)
    {
        // Reuse the cached instances for the usual roles (no string allocation kept around).
        if (MessageRole.Assistant.Value.Equals(value, StringComparison.Ordinal)) return MessageRole.Assistant;
        if (MessageRole.User.Value.Equals(value, StringComparison.Ordinal)) return MessageRole.User;
        if (MessageRole.System.Value.Equals(value, StringComparison.Ordinal)) return MessageRole.System;
        if (MessageRole.Tool.Value.Equals(value, StringComparison.Ordinal)) return MessageRole.Tool;
        return new MessageRole(value);
    }
}
