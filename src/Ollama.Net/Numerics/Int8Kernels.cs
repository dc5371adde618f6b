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

    /// <summary>
    /// Software prefetch distance in bytes (into L2). Rows are read one after another as one sequential stream:
    /// interleaving 4 rows of only 768 bytes each left the hardware prefetcher behind (≈ 50 % of the bandwidth probe on
    /// the test machine); one stream reaches ≈ 70 %, and a PREFETCHT1 8 KB ahead ≈ 90 % (see docs/benchmarks.md).
    /// </summary>
    private const int PrefetchDistance = 8192;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void DotRowsAvx2(ref short query, ref sbyte rows, nint stride, int length, int count, Span<int> dots)
    {
        nuint n = (nuint)length;
        for (int r = 0; r < count; r++)
        {
            ref sbyte row = ref Unsafe.Add(ref rows, r * stride);
            byte* ahead = (byte*)Unsafe.AsPointer(ref row) + PrefetchDistance;
            Vector256<int> a = default, b = default;
            nuint i = 0;
            for (; i + 64 <= n; i += 64)
            {
                Sse.Prefetch1(ahead + i);
                a = Avx2.Add(a, Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref row, i)), Vector256.LoadUnsafe(ref query, i)));
                b = Avx2.Add(b, Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref row, i + 16)), Vector256.LoadUnsafe(ref query, i + 16)));
                a = Avx2.Add(a, Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref row, i + 32)), Vector256.LoadUnsafe(ref query, i + 32)));
                b = Avx2.Add(b, Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref row, i + 48)), Vector256.LoadUnsafe(ref query, i + 48)));
            }

            for (; i < n; i += 16)
            {
                a = Avx2.Add(a, Avx2.MultiplyAddAdjacent(Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref row, i)), Vector256.LoadUnsafe(ref query, i)));
            }

            dots[r] = Vector256.Sum(a + b);
        }
    }
}
