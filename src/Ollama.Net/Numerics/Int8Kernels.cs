using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Ollama.Net.Numerics;

/// <summary>
/// Exact integer dot products of int8 rows with an int16 query on every x64 path: two rows at a time for rows in the
/// caches, one row after another for rows streamed from memory.
/// </summary>
/// <remarks>
/// <para>
/// <c>TensorPrimitives.Dot&lt;sbyte&gt;</c> accumulates in sbyte and overflows, so this widens: each chunk of a row is
/// sign-extended to int16 (<c>vpmovsxbw</c>), multiplied with the int16 query and pairwise summed into int32
/// (<c>vpmaddwd</c>, or <c>vpdpwssd</c> with AVX-VNNI), 32 bytes per instruction with AVX-512, 16 with AVX2, 8 with
/// SSE4.1. The caller bounds the query codes (<see cref="Quantization.QueryCodeMax"/>) so that the whole sum, and so
/// every partial sum, stays below 2^31: every path gives the exact same integers.
/// </para>
/// <para>
/// From memory, rows are read as one sequential stream (<see cref="DotRowsStreaming"/>): interleaving rows of only 768
/// bytes left the hardware prefetcher behind (about 50 % of the read probe), one stream reached 90-100 % (a software
/// prefetch 8 KB ahead into L2 on the 256- and 128-bit paths). In the caches there is no stream to keep up with, and
/// two rows per pass (<see cref="DotRows"/>) halve the query loads (docs/benchmarks.md).
/// </para>
/// </remarks>
internal static class Int8Kernels
{
    private const int PrefetchDistance = 8192;

    /// <summary>The row length <see cref="Rows768"/> serves (768 dimensions, the most common embedding size).</summary>
    private const int Rows768Length = 768;

    /// <summary>
    /// <c>dots[r] = Σ_{i &lt; length} rows[r·stride + i] · query[i]</c> for <c>r &lt; count</c>. Any length; the index
    /// passes its 64-byte stride (zero padded).
    /// </summary>
    public static void DotRows(KernelPath path, ref short query, ref sbyte rows, nint stride, int length, int count, Span<int> dots)
    {
        int pairs = count & ~1;
        if (path == KernelPath.Vector512 && Avx512BW.IsSupported)
        {
            Pairs512(ref query, ref rows, stride, length, pairs, dots);
        }
        else if (path != KernelPath.Vector128 && Avx2.IsSupported)
        {
            Pairs256(ref query, ref rows, stride, length, pairs, dots);
        }
        else if (Sse41.IsSupported)
        {
            Pairs128(ref query, ref rows, stride, length, pairs, dots);
        }
        else
        {
            pairs = 0;
        }

        Rest(path, ref query, ref rows, stride, length, pairs, count, dots, 0);
    }

    /// <summary>
    /// The same as <see cref="DotRows"/>, one row after another, for rows read from memory: two rows side by side are
    /// two short streams that the hardware prefetcher follows badly (48-68 % of the read probe, measured), one row at a
    /// time is one stream. What a row costs beyond its loads decides how much of the stream the core keeps in flight,
    /// so the loops hold four sums (128 bytes per step with 512-bit vectors) and rows of 768 keep the query in
    /// registers (<see cref="Rows768"/>). The 512-bit loops rely on the hardware prefetcher (a software prefetch 1-4 KB
    /// ahead cost 10-20 %, measured); the narrower loops prefetch 8 KB ahead.
    /// </summary>
    public static void DotRowsStreaming(KernelPath path, ref short query, ref sbyte rows, nint stride, int length, int count, Span<int> dots)
    {
        bool wide = path == KernelPath.Vector512 && Avx512BW.IsSupported;
        if (wide && length == Rows768Length)
        {
            Rows768(ref query, ref rows, stride, count, dots);
            return;
        }

        Rest(path, ref query, ref rows, stride, length, 0, count, dots, wide ? 0 : PrefetchDistance);
    }

    /// <summary>
    /// Rows of 768 codes from memory with 512-bit vectors: the whole int16 query (24 vectors) stays in registers, so a
    /// row costs its 24 loads, conversions and multiply-adds and nothing else. Fewer instructions per row keep more of
    /// the stream in flight: 7-8 % faster from memory than the looping kernel (docs/benchmarks.md).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows768(ref short query, ref sbyte rows, nint stride, int count, Span<int> dots)
    {
        Vector512<short> q0 = Vector512.LoadUnsafe(ref query), q1 = Vector512.LoadUnsafe(ref query, 32), q2 = Vector512.LoadUnsafe(ref query, 64);
        Vector512<short> q3 = Vector512.LoadUnsafe(ref query, 96), q4 = Vector512.LoadUnsafe(ref query, 128), q5 = Vector512.LoadUnsafe(ref query, 160);
        Vector512<short> q6 = Vector512.LoadUnsafe(ref query, 192), q7 = Vector512.LoadUnsafe(ref query, 224), q8 = Vector512.LoadUnsafe(ref query, 256);
        Vector512<short> q9 = Vector512.LoadUnsafe(ref query, 288), q10 = Vector512.LoadUnsafe(ref query, 320), q11 = Vector512.LoadUnsafe(ref query, 352);
        Vector512<short> q12 = Vector512.LoadUnsafe(ref query, 384), q13 = Vector512.LoadUnsafe(ref query, 416), q14 = Vector512.LoadUnsafe(ref query, 448);
        Vector512<short> q15 = Vector512.LoadUnsafe(ref query, 480), q16 = Vector512.LoadUnsafe(ref query, 512), q17 = Vector512.LoadUnsafe(ref query, 544);
        Vector512<short> q18 = Vector512.LoadUnsafe(ref query, 576), q19 = Vector512.LoadUnsafe(ref query, 608), q20 = Vector512.LoadUnsafe(ref query, 640);
        Vector512<short> q21 = Vector512.LoadUnsafe(ref query, 672), q22 = Vector512.LoadUnsafe(ref query, 704), q23 = Vector512.LoadUnsafe(ref query, 736);
        for (int r = 0; r < count; r++)
        {
            ref sbyte row = ref Unsafe.Add(ref rows, r * stride);
            Vector512<int> a = Products(ref row, 0, q0) + Products(ref row, 32, q1) + Products(ref row, 64, q2) + Products(ref row, 96, q3) + Products(ref row, 128, q4) + Products(ref row, 160, q5);
            Vector512<int> b = Products(ref row, 192, q6) + Products(ref row, 224, q7) + Products(ref row, 256, q8) + Products(ref row, 288, q9) + Products(ref row, 320, q10) + Products(ref row, 352, q11);
            Vector512<int> c = Products(ref row, 384, q12) + Products(ref row, 416, q13) + Products(ref row, 448, q14) + Products(ref row, 480, q15) + Products(ref row, 512, q16) + Products(ref row, 544, q17);
            Vector512<int> d = Products(ref row, 576, q18) + Products(ref row, 608, q19) + Products(ref row, 640, q20) + Products(ref row, 672, q21) + Products(ref row, 704, q22) + Products(ref row, 736, q23);
            dots[r] = Vector512.Sum((a + b) + (c + d));
        }
    }

    /// <summary>32 codes from <paramref name="offset"/> times 32 query codes, summed in adjacent pairs into int32.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Products(ref sbyte row, nuint offset, Vector512<short> query) =>
        Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref row, offset)), query);

    /// <summary>Rows [from, count) one at a time (the odd last row of a pair-wise scan).</summary>
    private static void Rest(KernelPath path, ref short query, ref sbyte rows, nint stride, int length, int from, int count, Span<int> dots, nint prefetch)
    {
        for (int r = from; r < count; r++)
        {
            dots[r] = DotOne(path, ref query, ref Unsafe.Add(ref rows, r * stride), length, prefetch);
        }
    }

    /// <summary><c>dots[j] = Σ_{i &lt; length} rows[ids[j]·stride + i] · query[i]</c>: rows picked by number.</summary>
    public static void DotRowsGather(KernelPath path, ref short query, ref sbyte rows, nint stride, int length, ReadOnlySpan<int> ids, Span<int> dots)
    {
        for (int j = 0; j < ids.Length; j++)
        {
            // The start of the row two ahead; the hardware follows within a row.
            nint ahead = j + 2 < ids.Length ? (ids[j + 2] - ids[j]) * stride : 0;
            dots[j] = DotOne(path, ref query, ref Unsafe.Add(ref rows, ids[j] * stride), length, ahead);
        }
    }

    /// <summary>
    /// One row with the widest instructions the path allows on this machine; every 64 bytes, prefetches the line
    /// <paramref name="prefetch"/> bytes ahead into L2 (0: none).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DotOne(KernelPath path, ref short query, ref sbyte row, int length, nint prefetch)
    {
        if (path == KernelPath.Vector512 && Avx512BW.IsSupported)
        {
            return Dot512(ref query, ref row, length, prefetch);
        }

        if (path != KernelPath.Vector128 && Avx2.IsSupported)
        {
            return Dot256(ref query, ref row, length, prefetch);
        }

        return Sse41.IsSupported ? Dot128(ref query, ref row, length, prefetch) : DotScalar(ref query, ref row, 0, (nuint)length);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Dot512(ref short query, ref sbyte row, int length, nint prefetch)
    {
        nuint n = (nuint)length, i = 0;
        Vector512<int> a = default, b = default, c = default, d = default;
        for (; i + 128 <= n; i += 128)
        {
            Prefetch(ref row, prefetch, i);
            Prefetch(ref row, prefetch, i + 64);
            a += Products(ref row, i, Vector512.LoadUnsafe(ref query, i));
            b += Products(ref row, i + 32, Vector512.LoadUnsafe(ref query, i + 32));
            c += Products(ref row, i + 64, Vector512.LoadUnsafe(ref query, i + 64));
            d += Products(ref row, i + 96, Vector512.LoadUnsafe(ref query, i + 96));
        }

        if (i + 64 <= n)
        {
            Prefetch(ref row, prefetch, i);
            a += Products(ref row, i, Vector512.LoadUnsafe(ref query, i));
            b += Products(ref row, i + 32, Vector512.LoadUnsafe(ref query, i + 32));
            i += 64;
        }

        return Vector512.Sum((a + b) + (c + d)) + DotScalar(ref query, ref row, i, n);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Dot256(ref short query, ref sbyte row, int length, nint prefetch)
    {
        nuint n = (nuint)length, i = 0;
        Vector256<int> a = default, b = default, c = default, d = default;
        for (; i + 64 <= n; i += 64)
        {
            // 256-bit loads, halves sign-extended from registers: half the row loads of 128-bit ones (3-4 % faster from
            // memory, measured).
            Prefetch(ref row, prefetch, i);
            Vector256<sbyte> x = Vector256.LoadUnsafe(ref row, i), y = Vector256.LoadUnsafe(ref row, i + 32);
            a = AddProducts(a, x.GetLower(), ref query, i);
            b = AddProducts(b, x.GetUpper(), ref query, i + 16);
            c = AddProducts(c, y.GetLower(), ref query, i + 32);
            d = AddProducts(d, y.GetUpper(), ref query, i + 48);
        }

        if (i + 32 <= n)
        {
            Vector256<sbyte> x = Vector256.LoadUnsafe(ref row, i);
            a = AddProducts(a, x.GetLower(), ref query, i);
            b = AddProducts(b, x.GetUpper(), ref query, i + 16);
            i += 32;
        }

        return Vector256.Sum((a + b) + (c + d)) + DotScalar(ref query, ref row, i, n);
    }

    /// <summary>
    /// <c>sum</c> plus 16 <paramref name="codes"/> times the query's from <paramref name="offset"/>, in adjacent pairs
    /// (<c>vpdpwssd</c> with AVX-VNNI).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> AddProducts(Vector256<int> sum, Vector128<sbyte> codes, ref short query, nuint offset)
    {
        Vector256<short> x = Avx2.ConvertToVector256Int16(codes), q = Vector256.LoadUnsafe(ref query, offset);
        return AvxVnni.IsSupported ? AvxVnni.MultiplyWideningAndAdd(sum, x, q) : sum + Avx2.MultiplyAddAdjacent(x, q);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Dot128(ref short query, ref sbyte row, int length, nint prefetch)
    {
        nuint n = (nuint)length, i = 0;
        Vector128<int> a = default, b = default;
        for (; i + 16 <= n; i += 16)
        {
            if ((i & 63) == 0)
            {
                Prefetch(ref row, prefetch, i);
            }

            a += Sse2.MultiplyAddAdjacent(Sse41.ConvertToVector128Int16(Vector128.LoadUnsafe(ref row, i)), Vector128.LoadUnsafe(ref query, i));
            b += Sse2.MultiplyAddAdjacent(Sse41.ConvertToVector128Int16(Vector128.LoadUnsafe(ref row, i + 8)), Vector128.LoadUnsafe(ref query, i + 8));
        }

        return Vector128.Sum(a + b) + DotScalar(ref query, ref row, i, n);
    }

    /// <summary>
    /// Rows [0, <paramref name="pairs"/>) two at a time, for rows in the caches: each query vector loaded once for both
    /// rows, about twice the throughput of one row at a time on rows in L2 (21 -> 11 ns per row of 768 with 512-bit
    /// vectors, 26 -> 16 with 256-bit, 34 -> 26 with 128-bit). Integer sums: the same on every path and kernel.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pairs512(ref short query, ref sbyte rows, nint stride, int length, int pairs, Span<int> dots)
    {
        nuint n = (nuint)length, whole = n & ~(nuint)63;
        for (int r = 0; r < pairs; r += 2)
        {
            ref sbyte first = ref Unsafe.Add(ref rows, r * stride);
            ref sbyte second = ref Unsafe.Add(ref first, stride);
            Vector512<int> a0 = default, a1 = default, b0 = default, b1 = default;
            for (nuint i = 0; i < whole; i += 64)
            {
                Vector512<short> q0 = Vector512.LoadUnsafe(ref query, i), q1 = Vector512.LoadUnsafe(ref query, i + 32);
                a0 += Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref first, i)), q0);
                a1 += Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref first, i + 32)), q1);
                b0 += Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref second, i)), q0);
                b1 += Avx512BW.MultiplyAddAdjacent(Avx512BW.ConvertToVector512Int16(Vector256.LoadUnsafe(ref second, i + 32)), q1);
            }

            dots[r] = Vector512.Sum(a0 + a1) + DotScalar(ref query, ref first, whole, n);
            dots[r + 1] = Vector512.Sum(b0 + b1) + DotScalar(ref query, ref second, whole, n);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pairs256(ref short query, ref sbyte rows, nint stride, int length, int pairs, Span<int> dots)
    {
        nuint n = (nuint)length, whole = n & ~(nuint)31;
        for (int r = 0; r < pairs; r += 2)
        {
            ref sbyte first = ref Unsafe.Add(ref rows, r * stride);
            ref sbyte second = ref Unsafe.Add(ref first, stride);
            Vector256<int> a0 = default, a1 = default, b0 = default, b1 = default;
            for (nuint i = 0; i < whole; i += 32)
            {
                Vector256<short> q0 = Vector256.LoadUnsafe(ref query, i), q1 = Vector256.LoadUnsafe(ref query, i + 16);
                Vector256<short> x0 = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref first, i)), x1 = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref first, i + 16));
                Vector256<short> y0 = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref second, i)), y1 = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref second, i + 16));
                if (AvxVnni.IsSupported)
                {
                    a0 = AvxVnni.MultiplyWideningAndAdd(a0, x0, q0);
                    a1 = AvxVnni.MultiplyWideningAndAdd(a1, x1, q1);
                    b0 = AvxVnni.MultiplyWideningAndAdd(b0, y0, q0);
                    b1 = AvxVnni.MultiplyWideningAndAdd(b1, y1, q1);
                }
                else
                {
                    a0 += Avx2.MultiplyAddAdjacent(x0, q0);
                    a1 += Avx2.MultiplyAddAdjacent(x1, q1);
                    b0 += Avx2.MultiplyAddAdjacent(y0, q0);
                    b1 += Avx2.MultiplyAddAdjacent(y1, q1);
                }
            }

            dots[r] = Vector256.Sum(a0 + a1) + DotScalar(ref query, ref first, whole, n);
            dots[r + 1] = Vector256.Sum(b0 + b1) + DotScalar(ref query, ref second, whole, n);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pairs128(ref short query, ref sbyte rows, nint stride, int length, int pairs, Span<int> dots)
    {
        nuint n = (nuint)length, whole = n & ~(nuint)15;
        for (int r = 0; r < pairs; r += 2)
        {
            ref sbyte first = ref Unsafe.Add(ref rows, r * stride);
            ref sbyte second = ref Unsafe.Add(ref first, stride);
            Vector128<int> a0 = default, a1 = default, b0 = default, b1 = default;
            for (nuint i = 0; i < whole; i += 16)
            {
                Vector128<short> q0 = Vector128.LoadUnsafe(ref query, i), q1 = Vector128.LoadUnsafe(ref query, i + 8);
                a0 += Sse2.MultiplyAddAdjacent(Sse41.ConvertToVector128Int16(Vector128.LoadUnsafe(ref first, i)), q0);
                a1 += Sse2.MultiplyAddAdjacent(Sse41.ConvertToVector128Int16(Vector128.LoadUnsafe(ref first, i + 8)), q1);
                b0 += Sse2.MultiplyAddAdjacent(Sse41.ConvertToVector128Int16(Vector128.LoadUnsafe(ref second, i)), q0);
                b1 += Sse2.MultiplyAddAdjacent(Sse41.ConvertToVector128Int16(Vector128.LoadUnsafe(ref second, i + 8)), q1);
            }

            dots[r] = Vector128.Sum(a0 + a1) + DotScalar(ref query, ref first, whole, n);
            dots[r + 1] = Vector128.Sum(b0 + b1) + DotScalar(ref query, ref second, whole, n);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DotScalar(ref short query, ref sbyte row, nuint start, nuint end)
    {
        int s0 = 0, s1 = 0;
        nuint i = start;
        for (; i + 2 <= end; i += 2)
        {
            s0 += Unsafe.Add(ref row, i) * Unsafe.Add(ref query, i);
            s1 += Unsafe.Add(ref row, i + 1) * Unsafe.Add(ref query, i + 1);
        }

        if (i < end)
        {
            s0 += Unsafe.Add(ref row, i) * Unsafe.Add(ref query, i);
        }

        return s0 + s1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch(ref sbyte row, nint distance, nuint offset)
    {
        if (Sse.IsSupported && distance != 0)
        {
            Sse.Prefetch1((byte*)Unsafe.AsPointer(ref row) + distance + offset);
        }
    }
}
