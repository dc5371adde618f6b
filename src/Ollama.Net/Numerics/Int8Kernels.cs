using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Ollama.Net.Numerics;

/// <summary>
/// Exact integer dot products of int8 rows with an int16 query.
/// </summary>
/// <remarks>
/// <c>TensorPrimitives.Dot&lt;sbyte&gt;</c> accumulates in sbyte and overflows, so this widens: each 16-byte chunk of a
/// row is sign-extended to 16 × int16 (<c>vpmovsxbw</c>), multiplied with the int16 query and pairwise summed into
/// 8 × int32 (<c>vpmaddwd</c>). The caller bounds the query codes (<see cref="Quantization.QueryCodeMax"/>) so that
/// the whole sum, and so every partial sum, stays below 2^31.
/// </remarks>
internal static class Int8Kernels
{
    /// <summary>True when the AVX2 kernel runs on this machine.</summary>
    public static bool IsAccelerated => Avx2.IsSupported;

    /// <summary>
    /// <c>dots[r] = Σ_{i &lt; length} rows[r·stride + i] · query[i]</c> for <c>r &lt; count</c>.
    /// With <paramref name="accelerated"/>, <paramref name="length"/> must be a multiple of 16.
    /// </summary>
    public static void DotRows(bool accelerated, ref short query, ref sbyte rows, nint stride, int length, int count, Span<int> dots)
    {
        if (accelerated && Avx2.IsSupported)
        {
            DotRowsAvx2(ref query, ref rows, stride, length, count, dots);
            return;
        }

        for (int r = 0; r < count; r++)
        {
            dots[r] = DotOneScalar(ref query, ref Unsafe.Add(ref rows, r * stride), length);
        }
    }

    /// <summary>One row against the query (scalar; used for re-ranking a handful of candidates).</summary>
    public static int DotOneScalar(ref short query, ref sbyte row, int length)
    {
        int s0 = 0, s1 = 0;
        int i = 0;
        for (; i + 2 <= length; i += 2)
        {
            s0 += Unsafe.Add(ref row, i) * Unsafe.Add(ref query, i);
            s1 += Unsafe.Add(ref row, i + 1) * Unsafe.Add(ref query, i + 1);
        }

        if (i < length)
        {
            s0 += Unsafe.Add(ref row, i) * Unsafe.Add(ref query, i);
        }

        return s0 + s1;
    }

    private static void DotRowsAvx2(ref short query, ref sbyte rows, nint stride, int length, int count, Span<int> dots)
    {
        nuint n = (nuint)length;
        int r = 0;
        for (; r + 4 <= count; r += 4)
        {
            ref sbyte r0 = ref Unsafe.Add(ref rows, r * stride);
            ref sbyte r1 = ref Unsafe.Add(ref r0, stride);
            ref sbyte r2 = ref Unsafe.Add(ref r1, stride);
            ref sbyte r3 = ref Unsafe.Add(ref r2, stride);
            Vector256<int> a0 = default, a1 = default, a2 = default, a3 = default;
            for (nuint i = 0; i < n; i += 16)
            {
                Vector256<short> q = Vector256.LoadUnsafe(ref query, i);
                a0 = Avx2.Add(a0, Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref r0, i)), q));
                a1 = Avx2.Add(a1, Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref r1, i)), q));
                a2 = Avx2.Add(a2, Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref r2, i)), q));
                a3 = Avx2.Add(a3, Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref r3, i)), q));
            }

            dots[r] = Vector256.Sum(a0);
            dots[r + 1] = Vector256.Sum(a1);
            dots[r + 2] = Vector256.Sum(a2);
            dots[r + 3] = Vector256.Sum(a3);
        }

        for (; r < count; r++)
        {
            ref sbyte row = ref Unsafe.Add(ref rows, r * stride);
            Vector256<int> a = default;
            for (nuint i = 0; i < n; i += 16)
            {
                a = Avx2.Add(a, Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref row, i)), Vector256.LoadUnsafe(ref query, i)));
            }

            dots[r] = Vector256.Sum(a);
        }
    }
}
