using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Ollama.Net.Numerics;

/// <summary>The quantization schemes of <see cref="EmbeddingIndex{TKey}"/> (see docs/numerics.md), vectorized.</summary>
/// <remarks>
/// Rows are quantized at the widest accelerated width (<see cref="KernelPaths.Best"/>), int8 codes and sign bits in
/// the same pass (<see cref="Encode"/>). The vector loops round to nearest with ties to even, like
/// <see cref="MathF.Round(float)"/>, so every path gives exactly the codes of the scalar definition (tested on each).
/// </remarks>
internal static class Quantization
{
    /// <summary>Largest int8 code; codes are symmetric in [-127, 127] so -128 never occurs.</summary>
    public const int Int8Max = 127;

    /// <summary>
    /// Symmetric per-vector int8: <c>code[i] = round(x[i] · 127 / max|x|)</c>. Returns the scale <c>max|x| / 127</c>
    /// (0 for a zero vector), so <c>x[i] ≈ code[i] · scale</c>.
    /// </summary>
    public static float ToInt8(ReadOnlySpan<float> x, Span<sbyte> codes) => Encode(KernelPaths.Best, x, codes[..x.Length], default);

    /// <summary>Sign bits: bit <c>i % 64</c> of word <c>i / 64</c> is 1 when <c>x[i] &gt; 0</c>. Unused high bits stay 0.</summary>
    public static void ToBits(ReadOnlySpan<float> x, Span<ulong> words) => Encode(KernelPaths.Best, x, default, words);

    /// <summary>
    /// Quantizes <paramref name="x"/> in one pass on <paramref name="path"/>: the int8 codes of <see cref="ToInt8"/>
    /// into <paramref name="codes"/> unless it is empty (else exactly <c>x.Length</c> long), and the sign bits of
    /// <see cref="ToBits"/> into <paramref name="words"/> unless it is empty (all of its words are written). Returns the
    /// int8 scale (0 when no codes are asked for).
    /// </summary>
    public static float Encode(KernelPath path, ReadOnlySpan<float> x, Span<sbyte> codes, Span<ulong> words)
    {
        bool int8 = !codes.IsEmpty, bits = !words.IsEmpty;
        if ((int8 && codes.Length != x.Length) || (bits && words.Length < (x.Length + 63) / 64))
        {
            throw new ArgumentException($"{x.Length} elements need {x.Length} codes and {(x.Length + 63) / 64} words, not {codes.Length} and {words.Length}.");
        }

        float max = int8 ? MaxMagnitude(path, x) : 0f;

        // A zero vector gets the scale 0 and (0 · x rounds to 0) zero codes.
        float inverse = max == 0f ? 0f : Int8Max / max;
        ref float source = ref MemoryMarshal.GetReference(x);
        ref sbyte destination = ref MemoryMarshal.GetReference(codes);
        nuint n = (nuint)x.Length, i = 0;
        bool wide = path == KernelPath.Vector512 && Vector512.IsHardwareAccelerated;
        bool middle = !wide && path >= KernelPath.Vector256 && Vector256.IsHardwareAccelerated;
        if (wide || middle || Vector128.IsHardwareAccelerated)
        {
            for (; i + 64 <= n; i += 64)
            {
                ulong word = wide ? Block512(ref source, ref destination, i, inverse, int8)
                    : middle ? Block256(ref source, ref destination, i, inverse, int8) | (Block256(ref source, ref destination, i + 32, inverse, int8) << 32)
                    : Block128(ref source, ref destination, i, inverse, int8) | (Block128(ref source, ref destination, i + 16, inverse, int8) << 16)
                        | (Block128(ref source, ref destination, i + 32, inverse, int8) << 32) | (Block128(ref source, ref destination, i + 48, inverse, int8) << 48);
                if (bits)
                {
                    words[(int)(i >> 6)] = word;
                }
            }
        }

        if (bits)
        {
            words[(int)(i >> 6)..].Clear();
        }

        for (; i < n; i++)
        {
            float value = Unsafe.Add(ref source, i);
            if (int8)
            {
                Unsafe.Add(ref destination, i) = (sbyte)Math.Clamp(MathF.Round(value * inverse), -Int8Max, Int8Max);
            }

            if (bits && value > 0f)
            {
                words[(int)(i >> 6)] |= 1UL << (int)(i & 63);
            }
        }

        return max / Int8Max;
    }

    /// <summary>
    /// <c>max|x[i]|</c> (0 for an empty span) when every element is finite, else NaN or +∞: the largest of the
    /// magnitudes' bit patterns (sign cleared), which order like the magnitudes, so any order of comparison gives the
    /// same result and NaN is never lost. <c>TensorPrimitives.MaxMagnitude</c> pays for its NaN and signed-zero rules:
    /// at d = 768 it took 67 / 354 / 708 ns on the AVX-512 / AVX2 / Vector128 paths, several times the whole
    /// normalization (79 / 126 / 254 ns). At most 256 bits wide: with 512-bit loads of rows that do not start on a cache
    /// line (users' arrays) it took 112 ns on the AVX-512 machine, 256-bit loads 28 ns.
    /// </summary>
    public static float MaxMagnitude(KernelPath path, ReadOnlySpan<float> x)
    {
        ref int source = ref Unsafe.As<float, int>(ref MemoryMarshal.GetReference(x));
        nuint n = (nuint)x.Length, i = 0;
        Vector128<int> max;
        if (path >= KernelPath.Vector256 && Vector256.IsHardwareAccelerated && n >= 8)
        {
            Vector256<int> mask = Vector256.Create(int.MaxValue), a = Vector256<int>.Zero, b = a;
            for (; i + 16 <= n; i += 16)
            {
                a = Vector256.Max(a, Vector256.LoadUnsafe(ref source, i) & mask);
                b = Vector256.Max(b, Vector256.LoadUnsafe(ref source, i + 8) & mask);
            }

            // The rest: the last two vectors, overlapping what was counted (max does not mind).
            a = Vector256.Max(a, Vector256.LoadUnsafe(ref source, n >= 16 ? n - 16 : 0) & mask);
            b = Vector256.Max(b, Vector256.LoadUnsafe(ref source, n - 8) & mask);
            max = Vector128.Max(Vector256.Max(a, b).GetLower(), Vector256.Max(a, b).GetUpper());
        }
        else if (Vector128.IsHardwareAccelerated && n >= 4)
        {
            Vector128<int> mask = Vector128.Create(int.MaxValue), a = Vector128<int>.Zero, b = a;
            for (; i + 8 <= n; i += 8)
            {
                a = Vector128.Max(a, Vector128.LoadUnsafe(ref source, i) & mask);
                b = Vector128.Max(b, Vector128.LoadUnsafe(ref source, i + 4) & mask);
            }

            a = Vector128.Max(a, Vector128.LoadUnsafe(ref source, n >= 8 ? n - 8 : 0) & mask);
            b = Vector128.Max(b, Vector128.LoadUnsafe(ref source, n - 4) & mask);
            max = Vector128.Max(a, b);
        }
        else
        {
            int scalar = 0;
            for (; i < n; i++)
            {
                scalar = Math.Max(scalar, Unsafe.Add(ref source, i) & int.MaxValue);
            }

            return BitConverter.Int32BitsToSingle(scalar);
        }

        return BitConverter.Int32BitsToSingle(Math.Max(Math.Max(max[0], max[1]), Math.Max(max[2], max[3])));
    }

    /// <summary>
    /// Elements <paramref name="i"/> to <c>i + 63</c>: their codes <c>round(x · scale)</c> (ties to even; |x · scale|
    /// never exceeds the code range, as scale = range / max|x|) when <paramref name="int8"/>, and their sign bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Block512(ref float source, ref sbyte codes, nuint i, float scale, bool int8)
    {
        Vector512<float> a = Vector512.LoadUnsafe(ref source, i), b = Vector512.LoadUnsafe(ref source, i + 16);
        Vector512<float> c = Vector512.LoadUnsafe(ref source, i + 32), d = Vector512.LoadUnsafe(ref source, i + 48);
        if (int8)
        {
            Vector512<float> s = Vector512.Create(scale);
            Vector512.Narrow(Vector512.Narrow(Codes(a * s), Codes(b * s)), Vector512.Narrow(Codes(c * s), Codes(d * s))).StoreUnsafe(ref codes, i);
        }

        return Signs(a) | (Signs(b) << 16) | (Signs(c) << 32) | (Signs(d) << 48);
    }

    /// <summary>Elements <paramref name="i"/> to <c>i + 31</c>, as <see cref="Block512"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Block256(ref float source, ref sbyte codes, nuint i, float scale, bool int8)
    {
        Vector256<float> a = Vector256.LoadUnsafe(ref source, i), b = Vector256.LoadUnsafe(ref source, i + 8);
        Vector256<float> c = Vector256.LoadUnsafe(ref source, i + 16), d = Vector256.LoadUnsafe(ref source, i + 24);
        if (int8)
        {
            Vector256<float> s = Vector256.Create(scale);
            Vector256.Narrow(Vector256.Narrow(Codes(a * s), Codes(b * s)), Vector256.Narrow(Codes(c * s), Codes(d * s))).StoreUnsafe(ref codes, i);
        }

        return Signs(a) | (Signs(b) << 8) | (Signs(c) << 16) | (Signs(d) << 24);
    }

    /// <summary>Elements <paramref name="i"/> to <c>i + 15</c>, as <see cref="Block512"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Block128(ref float source, ref sbyte codes, nuint i, float scale, bool int8)
    {
        Vector128<float> a = Vector128.LoadUnsafe(ref source, i), b = Vector128.LoadUnsafe(ref source, i + 4);
        Vector128<float> c = Vector128.LoadUnsafe(ref source, i + 8), d = Vector128.LoadUnsafe(ref source, i + 12);
        if (int8)
        {
            Vector128<float> s = Vector128.Create(scale);
            Vector128.Narrow(Vector128.Narrow(Codes(a * s), Codes(b * s)), Vector128.Narrow(Codes(c * s), Codes(d * s))).StoreUnsafe(ref codes, i);
        }

        return Signs(a) | (Signs(b) << 4) | (Signs(c) << 8) | (Signs(d) << 12);
    }

    /// <summary>Rounded to the nearest integer, ties to even (in range: no saturation needed).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Codes(Vector512<float> scaled) => Vector512.ConvertToInt32Native(Vector512.Round(scaled));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Codes(Vector256<float> scaled) => Vector256.ConvertToInt32Native(Vector256.Round(scaled));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Codes(Vector128<float> scaled) => Vector128.ConvertToInt32Native(Vector128.Round(scaled));

    /// <summary>Bit j set when element j is greater than zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Signs(Vector512<float> x) => Vector512.GreaterThan(x, Vector512<float>.Zero).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Signs(Vector256<float> x) => Vector256.GreaterThan(x, Vector256<float>.Zero).ExtractMostSignificantBits();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Signs(Vector128<float> x) => Vector128.GreaterThan(x, Vector128<float>.Zero).ExtractMostSignificantBits();

    /// <summary>
    /// The query side of the int8 dot product: symmetric int16 codes in [-<paramref name="codeMax"/>, <paramref name="codeMax"/>]
    /// (see <see cref="QueryCodeMax"/>). Returns the scale <c>max|x| / codeMax</c>.
    /// </summary>
    public static float ToInt16(ReadOnlySpan<float> x, Span<short> codes, int codeMax)
    {
        float max = MaxMagnitude(KernelPaths.Best, x);
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
                Vector128.Narrow(Codes(Vector128.LoadUnsafe(ref source, i) * scale), Codes(Vector128.LoadUnsafe(ref source, i + 4) * scale)).StoreUnsafe(ref destination, i);
            }
        }

        for (; i < n; i++)
        {
            Unsafe.Add(ref destination, i) = (short)Math.Clamp(MathF.Round(Unsafe.Add(ref source, i) * inverse), -codeMax, codeMax);
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

    /// <summary>A cosine estimate from a Hamming distance over <paramref name="dimensions"/> sign bits: <c>cos(π·h/d)</c>.</summary>
    public static float CosineFromHamming(int distance, int dimensions) =>
        dimensions == 0 ? 0f : MathF.Cos(MathF.PI * distance / dimensions);
}
