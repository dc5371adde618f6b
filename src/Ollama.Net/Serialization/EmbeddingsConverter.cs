using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ollama.Net.Serialization;

/// <summary>
/// Reads <c>embeddings</c> (<c>float32[][]</c>) straight into one contiguous float array (no per-vector arrays), each
/// number parsed by <see cref="JsonFloatParser"/> (the exact fast path) or <see cref="Utf8JsonReader.GetSingle"/>, and
/// writes any list of vectors as nested arrays. (<see cref="OllamaClient.EmbedAsync(EmbedRequest, CancellationToken)"/> reads
/// the arrays of a reply with <see cref="EmbedResultParser"/>, which gives the same values.)
/// </summary>
internal sealed class EmbeddingsConverter : JsonConverter<IReadOnlyList<ReadOnlyMemory<float>>>
{
    public override bool HandleNull => true;

    // Fully optimized from the first call: a process may embed only a few times, each reply megabytes of numbers, which
    // would otherwise be read by tier-0 code (and timings would depend on when the background JIT gets to it).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

        var builder = new EmbeddingBuilder();
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
