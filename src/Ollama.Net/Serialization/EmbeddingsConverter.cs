using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ollama.Net.Serialization;

/// <summary>
/// Reads <c>embeddings</c> (<c>float32[][]</c>) straight into one contiguous float array (no per-vector arrays),
/// and writes any list of vectors as nested arrays. (<see cref="OllamaClient.EmbedAsync(EmbedRequest, CancellationToken)"/>
/// reads replies with the faster <see cref="EmbedResultParser"/>; this converter serves the serializer.)
/// </summary>
internal sealed class EmbeddingsConverter : JsonConverter<IReadOnlyList<ReadOnlyMemory<float>>>
{
    public override bool HandleNull => true;

    public override IReadOnlyList<ReadOnlyMemory<float>> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return EmbeddingList.Empty;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"Expected an array of vectors for embeddings, got {reader.TokenType}.");
        }

        var builder = new EmbeddingBuilder(0);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.EndArray)
                {
                    break;
                }

                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    throw new JsonException($"Expected a vector (array of numbers) in embeddings, got {reader.TokenType}.");
                }

                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.Number)
                    {
                        throw new JsonException($"Expected a number in an embedding vector, got {reader.TokenType}.");
                    }

                    // A JSON number token is already validated: parse its text directly (exact fast path), else let
                    // the reader parse it.
                    builder.Add(!reader.HasValueSequence && JsonFloatParser.TryParse(reader.ValueSpan, out var value)
                        ? value
                        : reader.GetSingle());
                }

                builder.EndVector();
            }

            return builder.Build();
        }
        finally
        {
            builder.Dispose();
        }
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<ReadOnlyMemory<float>> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var vector in value)
        {
            writer.WriteStartArray();
            foreach (var x in vector.Span)
            {
                writer.WriteNumberValue(x);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndArray();
    }
}
