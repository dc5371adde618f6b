using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ollama.Net.Serialization;

/// <summary>Reads and writes <see cref="ImageData"/> as a standard base64 string.</summary>
internal sealed class ImageDataConverter : JsonConverter<ImageData>
{
    public override ImageData? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a base64 string for an image, got {reader.TokenType}.");
        }

        return ImageData.FromBytes(reader.GetBytesFromBase64());
    }

    public override void Write(Utf8JsonWriter writer, ImageData value, JsonSerializerOptions options)
        => writer.WriteBase64StringValue(value.Bytes.Span);
}
