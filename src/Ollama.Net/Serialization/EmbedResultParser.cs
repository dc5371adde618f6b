using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Ollama.Net.Serialization;

/// <summary>
/// The one fast path beside the source-generated contract, for <c>/api/embed</c> replies (embedding batches are
/// megabytes of numbers). Only the numbers of the top-level <c>embeddings</c> arrays are read here, straight from the
/// reply bytes into one contiguous buffer (each number checked against the JSON grammar and composed in the same pass,
/// exactly, by <see cref="JsonFloatParser.TryCompose"/>; no token per number). Every other field is read by the contract, from the reply with <c>null</c> in the arrays' place, so
/// a field added to <see cref="EmbedResult"/> needs nothing here. Whatever the scan does not accept (bad JSON, ragged
/// vectors) is read by the contract alone, and its error is the one reported. Equivalence with the contract is a
/// generated test (<c>WireEquivalenceTests</c>).
/// </summary>
internal static class EmbedResultParser
{
    /// <summary>Parses a whole reply body; null for a JSON <c>null</c> body.</summary>
    public static EmbedResult? Parse(ReadOnlySpan<byte> json)
    {
        var contract = OllamaJsonContext.Default.EmbedResult;
        var arrays = new List<Range>(1);
        if (!TryReadEmbeddings(json, arrays, out var embeddings))
        {
            return JsonSerializer.Deserialize(json, contract);
        }

        // The reply without its embeddings arrays: each becomes null.
        var restLength = json.Length;
        foreach (var array in arrays)
        {
            restLength -= array.End.Value - array.Start.Value - 4;
        }

        var rest = ArrayPool<byte>.Shared.Rent(restLength);
        try
        {
            var written = 0;
            var copied = 0;
            foreach (var array in arrays)
            {
                json[copied..array.Start.Value].CopyTo(rest.AsSpan(written));
                written += array.Start.Value - copied;
                "null"u8.CopyTo(rest.AsSpan(written));
                written += 4;
                copied = array.End.Value;
            }

            json[copied..].CopyTo(rest.AsSpan(written));
            var result = JsonSerializer.Deserialize(rest.AsSpan(0, restLength), contract)!;
            if (embeddings is not null)
            {
                result.Embeddings = embeddings;
            }

            return result;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rest);
        }
    }

    /// <summary>
    /// Finds and parses the top-level <c>embeddings</c> arrays (their ranges go to <paramref name="arrays"/>);
    /// <paramref name="embeddings"/> is the value the contract would keep (the last one, null when the last is not an
    /// array). False when there is none, or when anything is not as the scan expects: then the contract reads the reply.
    /// </summary>
    private static bool TryReadEmbeddings(ReadOnlySpan<byte> json, List<Range> arrays, out IReadOnlyList<ReadOnlyMemory<float>>? embeddings)
    {
        embeddings = null;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            var offset = 0; // where the current reader's data starts in json
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isEmbeddings = reader.ValueTextEquals("embeddings"u8);
                var start = SkipWhiteSpace(json, offset + (int)reader.BytesConsumed);
                if (isEmbeddings && start < json.Length && json[start] == (byte)'[')
                {
                    embeddings = ParseEmbeddings(json, start, out var end);
                    arrays.Add(start..end);

                    // Go on after the array with a reader in the state it would have after reading one.
                    var bridge = new Utf8JsonReader("[]"u8, isFinalBlock: false, reader.CurrentState);
                    bridge.Read();
                    bridge.Read();
                    reader = new Utf8JsonReader(json[end..], isFinalBlock: true, bridge.CurrentState);
                    offset = end;
                }
                else
                {
                    embeddings = isEmbeddings ? null : embeddings;
                    reader.Read();
                    reader.Skip();
                }
            }

            return arrays.Count > 0;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// Parses <c>[[n, ...], ...]</c> starting at <paramref name="start"/> (the opening bracket) into one contiguous
    /// buffer; <paramref name="end"/> is the index just after the closing bracket. Throws <see cref="JsonException"/>
    /// (without detail: the contract reports the error) for anything else.
    /// </summary>
    /// <remarks>
    /// Fully optimized from the first call: a process may embed only a few times, each reply megabytes of numbers, which
    /// would otherwise be read by tier-0 code.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static IReadOnlyList<ReadOnlyMemory<float>> ParseEmbeddings(ReadOnlySpan<byte> json, int start, out int end)
    {
        // About 10 bytes per value in Ollama's output: a good first guess for the buffer.
        var builder = new EmbeddingBuilder((json.Length - start) / 8);
        try
        {
            var p = SkipWhiteSpace(json, start + 1);
            var more = !Is(json, p, ']');
            while (more)
            {
                Expect(json, p, '[');
                p = SkipWhiteSpace(json, p + 1);
                var moreNumbers = !Is(json, p, ']');
                while (moreNumbers)
                {
                    p = SkipWhiteSpace(json, ParseNumber(json, p, ref builder));
                    moreNumbers = Is(json, p, ',');
                    p = moreNumbers ? SkipWhiteSpace(json, p + 1) : p;
                }

                Expect(json, p, ']');
                builder.EndVector();
                p = SkipWhiteSpace(json, p + 1);
                more = Is(json, p, ',');
                p = more ? SkipWhiteSpace(json, p + 1) : p;
            }

            Expect(json, p, ']');
            end = p + 1;
            return builder.Build();
        }
        finally
        {
            builder.Dispose();
        }
    }

    /// <summary>
    /// Validates one JSON number at <paramref name="p"/> against the grammar, adds its value, and returns the index after
    /// it. One pass: the digits are accumulated while validated; values off the exact fast path are parsed again by
    /// <see cref="Utf8Parser"/>, the parser behind <see cref="Utf8JsonReader.GetSingle"/> (so the contract's value,
    /// infinity beyond the float range included). Not <see cref="float.Parse(ReadOnlySpan{byte}, NumberStyles, IFormatProvider?)"/>:
    /// the two disagree by one unit in the last place on an exact tie between two floats spelled with more than 19
    /// significant digits (<c>2.3300000000000000000E+009</c>: float.Parse rounds to even, Utf8Parser rounds up).
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
            throw new JsonException();
        }

        if (p < json.Length && json[p] == (byte)'.')
        {
            p++;
            if (p >= json.Length || (uint)(json[p] - '0') > 9)
            {
                throw new JsonException();
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
                throw new JsonException();
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

        if ((!exact || !JsonFloatParser.TryCompose(negative, significand, exponent, out var value)) &&
            (!Utf8Parser.TryParse(json[start..p], out value, out var consumed) || consumed != p - start))
        {
            throw new JsonException();
        }

        builder.Add(value);
        return p;
    }

    private static bool Is(ReadOnlySpan<byte> json, int p, char c) => p < json.Length && json[p] == c;

    private static void Expect(ReadOnlySpan<byte> json, int p, char c)
    {
        if (!Is(json, p, c))
        {
            throw new JsonException();
        }
    }

    private static int SkipWhiteSpace(ReadOnlySpan<byte> json, int p)
    {
        while (p < json.Length && json[p] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
        {
            p++;
        }

        return p;
    }
}
