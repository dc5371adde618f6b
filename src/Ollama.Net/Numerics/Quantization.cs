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

    /// <summary>The same codes as <see cref="ToInt8"/>, widened to int16 for the multiply-add kernel.</summary>
    public static float ToInt8Widened(ReadOnlySpan<float> x, Span<short> codes)
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
            codes[i] = (short)Math.Clamp(MathF.Round(x[i] * inverse), -Int8Max, Int8Max);
        }

        return max / Int8Max;
    }

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
