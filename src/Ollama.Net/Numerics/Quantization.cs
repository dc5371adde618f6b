using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Ollama.Net.Numerics;

/// <summary>The quantization schemes of <see cref="EmbeddingIndex{TKey}"/> (see docs/numerics.md), vectorized.</summary>
/// <remarks>
/// The 128-bit vector loops (every platform with SIMD has them; the per-row cost is dominated by normalization and
/// memory anyway) round to nearest with ties to even, like <see cref="MathF.Round(float)"/>, so they give exactly the
/// codes of the scalar definition (tested).
/// </remarks>
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
        ref float source = ref MemoryMarshal.GetReference(x);
        ref sbyte destination = ref MemoryMarshal.GetReference(codes[..x.Length]);
        nuint n = (nuint)x.Length, i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            Vector128<float> scale = Vector128.Create(inverse);
            for (; i + 16 <= n; i += 16)
            {
                Vector128<short> low = Vector128.Narrow(Codes(ref source, i, scale), Codes(ref source, i + 4, scale));
                Vector128<short> high = Vector128.Narrow(Codes(ref source, i + 8, scale), Codes(ref source, i + 12, scale));
                Vector128.Narrow(low, high).StoreUnsafe(ref destination, i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref destination, i) = (sbyte)Math.Clamp(MathF.Round(Unsafe.Add(ref source, i) * inverse), -Int8Max, Int8Max);
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
        ref float source = ref MemoryMarshal.GetReference(x);
        ref short destination = ref MemoryMarshal.GetReference(codes[..x.Length]);
        nuint n = (nuint)x.Length, i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            Vector128<float> scale = Vector128.Create(inverse);
            for (; i + 8 <= n; i += 8)
            {
                Vector128.Narrow(Codes(ref source, i, scale), Codes(ref source, i + 4, scale)).StoreUnsafe(ref destination, i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref destination, i) = (short)Math.Clamp(MathF.Round(Unsafe.Add(ref source, i) * inverse), -codeMax, codeMax);
        }

        return max / codeMax;
    }

    /// <summary>Four codes: <c>round(x · scale)</c>, ties to even; |x · scale| never exceeds the code range (scale = range / max|x|).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Codes(ref float source, nuint index, Vector128<float> scale) =>
        Vector128.ConvertToInt32(Vector128.Round(Vector128.LoadUnsafe(ref source, index) * scale));

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
        ref float source = ref MemoryMarshal.GetReference(x);
        int i = 0;
        if (Vector128.IsHardwareAccelerated)
        {
            for (; i + 64 <= x.Length; i += 64)
            {
                ulong word = 0;
                for (int part = 0; part < 16; part++)
                {
                    ulong bits = Vector128.GreaterThan(Vector128.LoadUnsafe(ref source, (nuint)(i + (part * 4))), Vector128<float>.Zero).ExtractMostSignificantBits();
                    word |= bits << (part * 4);
                }

                words[i >> 6] = word;
            }
        }

        for (; i < x.Length; i++)
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
