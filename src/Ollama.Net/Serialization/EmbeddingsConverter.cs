using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ollama.Net.Serialization;

/// <summary>
/// Reads <c>embeddings</c> (<c>float32[][]</c>) straight into one contiguous float array (no per-vector arrays),
/// and writes any list of vectors as nested arrays.
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

        var pool = ArrayPool<float>.Shared;
        var buffer = pool.Rent(1024);
        var length = 0;
        var count = 0;
        var dimensions = -1;
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

                var start = length;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.Number)
                    {
                        throw new JsonException($"Expected a number in an embedding vector, got {reader.TokenType}.");
                    }

                    if (length == buffer.Length)
                    {
                        var bigger = pool.Rent(checked(buffer.Length * 2));
                        buffer.AsSpan(0, length).CopyTo(bigger);
                        pool.Return(buffer);
                        buffer = bigger;
                    }

                    buffer[length++] = reader.GetSingle();
                }

                var vectorLength = length - start;
                if (dimensions < 0)
                {
                    dimensions = vectorLength;
                }
                else if (vectorLength != dimensions)
                {
                    throw new JsonException(
                        $"Embedding vector {count} has {vectorLength} values but vector 0 has {dimensions}; all vectors must have the same length.");
                }

                count++;
            }

            if (count == 0)
            {
                return EmbeddingList.Empty;
            }

            var data = buffer.AsSpan(0, length).ToArray();
            return new EmbeddingList(data, count, dimensions);
        }
        finally
        {
            pool.Return(buffer);
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
