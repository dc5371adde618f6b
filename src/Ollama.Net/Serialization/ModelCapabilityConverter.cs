using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ollama.Net.Serialization;

/// <summary>Reads and writes <see cref="ModelCapability"/> as a JSON string.</summary>
internal sealed class ModelCapabilityConverter : JsonConverter<ModelCapability>
{
    public override ModelCapability Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string for a model capability, got {reader.TokenType}.");
        }

        if (reader.ValueTextEquals("completion"u8)) return ModelCapability.Completion;
        if (reader.ValueTextEquals("tools"u8)) return ModelCapability.Tools;
        if (reader.ValueTextEquals("insert"u8)) return ModelCapability.Insert;
        if (reader.ValueTextEquals("vision"u8)) return ModelCapability.Vision;
        if (reader.ValueTextEquals("embedding"u8)) return ModelCapability.Embedding;
        if (reader.ValueTextEquals("thinking"u8)) return ModelCapability.Thinking;
        if (reader.ValueTextEquals("audio"u8)) return ModelCapability.Audio;
        if (reader.ValueTextEquals("image"u8)) return ModelCapability.Image;
        var value = reader.GetString();
        return string.IsNullOrWhiteSpace(value) ? default : new ModelCapability(value);
    }

    public override void Write(Utf8JsonWriter writer, ModelCapability value, JsonSerializerOptions options)
        => writer.WriteStringValue(value.Value);
}
