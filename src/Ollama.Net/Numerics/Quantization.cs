using System.Numerics.Tensors;

namespace Ollama.Net.Numerics;

/// <summary>The quantization schemes of <see cref="EmbeddingIndex{TKey}"/> (see docs/numerics.md).</summary>
internal static class Quantization
{
    /// <summary>Largest int8 code; codes are symmetric in [-127, 127] so -128 never occurs.</summary>
    public const int Int8Max = 127;

    /// <summary>
    /// Symmetric per-vector int8: <c>code[i] = round(x[i] · 127 / max|x|)</c>. Returns the scale <c>max|x| / 127</c>
    /// (0 for a zero vector), so <c>x[i] ≈ code[i] · scale</c>.
    /// </summary>
    public static float ToInt8(ReadOnlySpan<float> x, Span<sbyte> codes)
    {
        float max = x.IsEmpty ? 0f : MathF.Abs(TensorPrimitives.MaxMagnitude(x));
        if (max == 0f)
        {
            codes[..x.Length].Clear();
            return 0f;
        }

        float inverse = Int8Max / max;
        for (int i = 0; i < x.Length; i++)
        {
            codes[i] = (sbyte)Math.Clamp(MathF.Round(x[i] * inverse), -Int8Max, Int8Max);
        }

        return max / Int8Max;
    }

    /// <summary>
    /// The query side of the int8 dot product: symmetric int16 codes in [-<paramref name="codeMax"/>, <paramref name="codeMax"/>]
    /// (see <see cref="QueryCodeMax"/>). Returns the scale <c>max|x| / codeMax</c>.
    /// </summary>
    public static float ToInt16(ReadOnlySpan<float> x, Span<short> codes, int codeMax)
    {
        float max = x.IsEmpty ? 0f : MathF.Abs(TensorPrimitives.MaxMagnitude(x));
        if (max == 0f)
        {
            codes[..x.Length].Clear();
            return 0f;
        }

        float inverse = codeMax / max;
        for (int i = 0; i < x.Length; i++)
        {
            codes[i] = (short)Math.Clamp(MathF.Round(x[i] * inverse), -codeMax, codeMax);
        }

        return max / codeMax;
    }

    /// <summary>
    /// The largest query code for rows of <paramref name="length"/> int8 codes such that no int32 sum can overflow:
    /// <c>length · 127 · codeMax &lt; 2^31</c>, capped at 32,767 (int16). The query is only quantized as coarsely as
    /// overflow safety needs (32,767 up to 516 dimensions, 2,064 at 8,192), so nearly all of the int8 error comes from
    /// the rows.
    /// </summary>
    public static int QueryCodeMax(int length) => (int)Math.Min(short.MaxValue, int.MaxValue / (Int8Max * (long)length));

    /// <summary>Sign bits: bit <c>i % 64</c> of word <c>i / 64</c> is 1 when <c>x[i] &gt; 0</c>. Unused high bits stay 0.</summary>
    public static void ToBits(ReadOnlySpan<float> x, Span<ulong> words)
    {
        words.Clear();
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] > 0f)
            {
                words[i >> 6] |= 1UL << (i & 63);
            }
        }
    }

    /// <summary>A cosine estimate from a Hamming distance over <paramref name="dimensions"/> sign bits: <c>cos(π·h/d)</c>.</summary>
    public static float CosineFromHamming(int distance, int dimensions) =>
        dimensions == 0 ? 0f : MathF.Cos(MathF.PI * distance / dimensions);
}
