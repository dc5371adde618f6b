using System.Globalization;
using System.Runtime.CompilerServices;
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
    /// <remarks>
    /// Fully optimized from the first call: a process may embed only a few times, each call a few megabytes, which
    /// would otherwise run in tier-0 code.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

    /// <summary>
    /// Validates one JSON number at <paramref name="p"/> against the grammar, adds its value, and returns the index after
    /// it. One pass: the digits are accumulated while validated; values off the exact fast path are parsed again by
    /// <see cref="float.Parse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider?)"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ParseNumber(ReadOnlySpan<byte> json, int p, ref EmbeddingBuilder builder)
    {
        var start = p;
        var negative = false;
        if (p < json.Length && json[p] == (byte)'-')
        {
            negative = true;
            p++;
        }

        ulong significand = 0;
        var digits = 0;      // significant digits accumulated (leading zeros not counted)
        var exponent = 0;
        var exact = true;    // false once more than 19 significant digits (or a huge exponent) were seen
        uint d;
        if (p < json.Length && json[p] == (byte)'0')
        {
            p++;
        }
        else if (p < json.Length && (d = (uint)(json[p] - '1')) <= 8)
        {
            significand = d + 1;
            digits = 1;
            for (p++; p < json.Length && (d = (uint)(json[p] - '0')) <= 9; p++)
            {
                if (digits < 19)
                {
                    significand = significand * 10 + d;
                    digits++;
                }
                else
                {
                    exact = false;
                }
            }
        }
        else
        {
            throw Error(json, start, "a number in an embedding vector");
        }

        if (p < json.Length && json[p] == (byte)'.')
        {
            p++;
            if (p >= json.Length || (uint)(json[p] - '0') > 9)
            {
                throw Error(json, start, "a digit after the decimal point");
            }

            for (; p < json.Length && (d = (uint)(json[p] - '0')) <= 9; p++)
            {
                if (digits < 19)
                {
                    exponent--;
                    if (significand != 0 || d != 0)
                    {
                        significand = significand * 10 + d;
                        digits++;
                    }
                }
                else
                {
                    exact = false;
                }
            }
        }

        if (p < json.Length && (json[p] | 0x20) == (byte)'e')
        {
            p++;
            var negativeExponent = false;
            if (p < json.Length && (json[p] == (byte)'+' || json[p] == (byte)'-'))
            {
                negativeExponent = json[p] == (byte)'-';
                p++;
            }

            if (p >= json.Length || (uint)(json[p] - '0') > 9)
            {
                throw Error(json, start, "a digit in the exponent");
            }

            var explicitExponent = 0;
            for (; p < json.Length && (d = (uint)(json[p] - '0')) <= 9; p++)
            {
                if (explicitExponent < 100_000)
                {
                    explicitExponent = explicitExponent * 10 + (int)d;
                }
                else
                {
                    exact = false;
                }
            }

            exponent += negativeExponent ? -explicitExponent : explicitExponent;
        }

        if (!exact || !JsonFloatParser.TryCompose(negative, significand, exponent, out var value))
        {
            // Like Utf8JsonReader.GetSingle, a value beyond the float range reads as infinity.
            value = float.Parse(json[start..p], NumberStyles.Float, CultureInfo.InvariantCulture);
        }

        builder.Add(value);
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

    private static JsonException Error(ReadOnlySpan<byte> json, int p, string expected)
    {
        var found = p >= json.Length ? "the end of the data" : $"'{(char)json[p]}'";
        return new JsonException($"Expected {expected} in embeddings at byte {p}, found {found}.", "$.embeddings", null, p);
    }
}
