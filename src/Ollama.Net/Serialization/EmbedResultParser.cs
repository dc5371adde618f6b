using System.Globalization;
using System.Text.Json;

namespace Ollama.Net.Serialization;

/// <summary>
/// Reads an <c>/api/embed</c> reply. The <c>embeddings</c> array (almost all of the bytes) is scanned directly — numbers
/// validated against the JSON grammar and parsed straight into the contiguous buffer — instead of token by token through
/// <see cref="Utf8JsonReader"/>; the other fields go through the reader, which is bridged over the array with its
/// <see cref="JsonReaderState"/>. Gives the same result and the same kind of errors as the serializer with
/// <see cref="EmbeddingsConverter"/>.
/// </summary>
internal static class EmbedResultParser
{
    private static readonly NanosecondsConverter Nanoseconds = new();
    private static readonly EmbeddingsConverter Embeddings = new();

    /// <summary>Parses a whole reply body; null for a JSON <c>null</c> body.</summary>
    public static EmbedResult? Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            return ParseCore(json);
        }
        catch (JsonException ex) when (ex.GetType() != typeof(JsonException))
        {
            throw StreamLineReader.AsJsonException(ex);
        }
    }

    private static EmbedResult? ParseCore(ReadOnlySpan<byte> json)
    {
        var options = OllamaJsonContext.Default.Options;
        var reader = new Utf8JsonReader(json);
        if (!reader.Read())
        {
            throw new JsonException("The embed reply is empty.");
        }

        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected a JSON object for the embed reply, got {reader.TokenType}.");
        }

        var result = new EmbedResult();
        var offset = 0; // where the current reader's data starts in json
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("embeddings"u8))
            {
                var valueStart = SkipWhiteSpace(json, offset + (int)reader.BytesConsumed);
                if (valueStart < json.Length && json[valueStart] == (byte)'[')
                {
                    result.Embeddings = ParseEmbeddings(json, valueStart, out var end);

                    // Continue after the array with a reader in the state it would have after reading one.
                    var bridge = new Utf8JsonReader("[]"u8, isFinalBlock: false, reader.CurrentState);
                    bridge.Read();
                    bridge.Read();
                    reader = new Utf8JsonReader(json[end..], isFinalBlock: true, bridge.CurrentState);
                    offset = end;
                }
                else
                {
                    reader.Read();
                    result.Embeddings = Embeddings.Read(ref reader, typeof(IReadOnlyList<ReadOnlyMemory<float>>), options);
                }
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                result.Model = StreamLineReader.ReadString(ref reader)!;
            }
            else if (reader.ValueTextEquals("total_duration"u8))
            {
                reader.Read();
                result.TotalDuration = Nanoseconds.Read(ref reader, typeof(TimeSpan?), options);
            }
            else if (reader.ValueTextEquals("load_duration"u8))
            {
                reader.Read();
                result.LoadDuration = Nanoseconds.Read(ref reader, typeof(TimeSpan?), options);
            }
            else if (reader.ValueTextEquals("prompt_eval_count"u8))
            {
                reader.Read();
                result.PromptEvalCount = StreamLineReader.ReadNullableInt32(ref reader);
            }
            else
            {
                StreamLineReader.SkipValue(ref reader);
            }
        }

        // The root's closing brace: only white space may follow (Read throws otherwise).
        while (reader.Read())
        {
        }

        return result;
    }

    /// <summary>
    /// Parses <c>[[n, ...], ...]</c> starting at <paramref name="start"/> (the opening bracket) into one contiguous
    /// buffer; <paramref name="end"/> is the index just after the closing bracket.
    /// </summary>
    internal static IReadOnlyList<ReadOnlyMemory<float>> ParseEmbeddings(ReadOnlySpan<byte> json, int start, out int end)
    {
        // About 10 bytes per value in Ollama's output: a good first guess for the buffer.
        var builder = new EmbeddingBuilder((json.Length - start) / 8);
        try
        {
            var p = SkipWhiteSpace(json, start + 1);
            if (p < json.Length && json[p] == (byte)']')
            {
                end = p + 1;
                return builder.Build();
            }

            while (true)
            {
                if (p >= json.Length || json[p] != (byte)'[')
                {
                    throw Error(json, p, "a vector (array of numbers)");
                }

                p = SkipWhiteSpace(json, p + 1);
                if (p < json.Length && json[p] == (byte)']')
                {
                    p++;
                }
                else
                {
                    while (true)
                    {
                        p = ParseNumber(json, p, ref builder);
                        p = SkipWhiteSpace(json, p);
                        if (p < json.Length && json[p] == (byte)',')
                        {
                            p = SkipWhiteSpace(json, p + 1);
                            continue;
                        }

                        if (p < json.Length && json[p] == (byte)']')
                        {
                            p++;
                            break;
                        }

                        throw Error(json, p, "',' or ']' in an embedding vector");
                    }
                }

                builder.EndVector();
                p = SkipWhiteSpace(json, p);
                if (p < json.Length && json[p] == (byte)',')
                {
                    p = SkipWhiteSpace(json, p + 1);
                    continue;
                }

                if (p < json.Length && json[p] == (byte)']')
                {
                    end = p + 1;
                    return builder.Build();
                }

                throw Error(json, p, "',' or ']' after an embedding vector");
            }
        }
        finally
        {
            builder.Dispose();
        }
    }

    /// <summary>Validates one JSON number at <paramref name="p"/>, adds its value, returns the index after it.</summary>
    private static int ParseNumber(ReadOnlySpan<byte> json, int p, ref EmbeddingBuilder builder)
    {
        var start = p;
        if (p < json.Length && json[p] == (byte)'-')
        {
            p++;
        }

        if (p < json.Length && json[p] == (byte)'0')
        {
            p++;
        }
        else if (p < json.Length && IsNonZeroDigit(json[p]))
        {
            p = SkipDigits(json, p + 1);
        }
        else
        {
            throw Error(json, start, "a number in an embedding vector");
        }

        if (p < json.Length && json[p] == (byte)'.')
        {
            if (p + 1 >= json.Length || !IsDigit(json[p + 1]))
            {
                throw Error(json, start, "a digit after the decimal point");
            }

            p = SkipDigits(json, p + 2);
        }

        if (p < json.Length && (json[p] | 0x20) == (byte)'e')
        {
            p++;
            if (p < json.Length && (json[p] == (byte)'+' || json[p] == (byte)'-'))
            {
                p++;
            }

            if (p >= json.Length || !IsDigit(json[p]))
            {
                throw Error(json, start, "a digit in the exponent");
            }

            p = SkipDigits(json, p + 1);
        }

        var text = json[start..p];
        if (!JsonFloatParser.TryParse(text, out var value))
        {
            value = float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (!float.IsFinite(value))
            {
                throw new JsonException($"The embedding value {System.Text.Encoding.UTF8.GetString(text)} is out of the range of a float.");
            }
        }

        builder.Add(value);
        return p;
    }

    private static int SkipDigits(ReadOnlySpan<byte> json, int p)
    {
        while (p < json.Length && IsDigit(json[p]))
        {
            p++;
        }

        return p;
    }

    private static int SkipWhiteSpace(ReadOnlySpan<byte> json, int p)
    {
        while (p < json.Length && json[p] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
        {
            p++;
        }

        return p;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static bool IsNonZeroDigit(byte b) => (uint)(b - '1') <= 8;

    private static JsonException Error(ReadOnlySpan<byte> json, int p, string expected)
    {
        var found = p >= json.Length ? "the end of the data" : $"'{(char)json[p]}'";
        return new JsonException($"Expected {expected} in embeddings at byte {p}, found {found}.", "$.embeddings", null, p);
    }
}
