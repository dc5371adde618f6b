using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Ollama.Net.Numerics;

/// <summary>
/// Dot products of a query against rows laid out with a fixed stride (or picked by row number), in four shapes:
/// register-blocked (for rows in the caches), streaming (one row after another, for rows read from memory), gathered
/// (rows by number, for candidate and IVF lists) and several queries against the same rows.
/// </summary>
/// <remarks>
/// <para>
/// Every kernel computes a (row, query) pair with the same arithmetic: the elements in whole groups are accumulated per
/// lane by <see cref="IFloatLanes{TSelf}"/>, a last half group of sixteen into the first sixteen lanes, the lanes are
/// summed in a fixed order, then the remaining elements are added one by one. So a row gets bitwise the same score
/// whatever kernel scored it (alone, in a block, with other queries, in a parallel partition, during re-ranking or
/// through an IVF list) and on either width one process uses (512-bit in the caches, 256-bit from memory), and results
/// never depend on how the work was split. (Machines without FMA, such as x64 with AVX2 disabled, use a separate
/// multiply and add.)
/// </para>
/// <para>
/// On the 512- and 256-bit paths a row has thirty-two lanes. A 512-bit row is two vectors, two chains of multiply-adds,
/// enough to keep the units busy with one row, so its blocked shape reads rows one after another, a single stream, which
/// L2 and L3 deliver faster than several rows read side by side. A 256-bit row is four vectors, and one row at a time
/// waits on their chains: while the rows fit in L2 its blocked shape scores two rows per query load, beyond L2 one row
/// at a time (<see cref="IFloatLanes{TSelf}.BlockBeyondL2"/>). The 128-bit path is bound by its loads, and its blocked
/// shape scores two rows per query load in every cache (measured in docs/benchmarks.md).
/// </para>
/// </remarks>
internal static class FloatKernels
{
    /// <summary>Scans larger than this stream the rows from memory (with <see cref="KernelPaths.Streaming"/>); smaller ones use the blocked shape and <see cref="KernelPaths.Best"/>.</summary>
    public const long StreamingThresholdBytes = 8 << 20;

    /// <summary>The rows of a scan that fit in this many bytes stay in L2 (1 MB per core or more on current x64 CPUs).</summary>
    public const long L2Bytes = 1 << 20;

    /// <summary>
    /// Register-blocked: <c>scores[r] = Σ_{i &lt; length} rows[r·stride + i] · query[i]</c> for <c>r &lt; count</c>.
    /// <paramref name="fitsInL2"/>: whether all the rows the caller scans (not only these) fit in
    /// <see cref="L2Bytes"/>, which decides the shape on some widths (<see cref="IFloatLanes{TSelf}.BlockBeyondL2"/>).
    /// </summary>
    public static void DotRows(KernelPath path, ref float query, ref float rows, nint stride, int length, int count, Span<float> scores, bool fitsInL2)
    {
        switch (path)
        {
            case KernelPath.Vector512:
                Blocked<Lanes512>(ref query, ref rows, stride, length, count, scores, fitsInL2);
                break;
            case KernelPath.Vector256:
                Blocked<Lanes256>(ref query, ref rows, stride, length, count, scores, fitsInL2);
                break;
            default:
                Blocked<Lanes128>(ref query, ref rows, stride, length, count, scores, fitsInL2);
                break;
        }
    }

    /// <summary>The same as <see cref="DotRows"/>, one row after another (for rows streamed from memory).</summary>
    public static void DotRowsStreaming(KernelPath path, ref float query, ref float rows, nint stride, int length, int count, Span<float> scores)
    {
        switch (path)
        {
            case KernelPath.Vector512:
                Streaming<Lanes512>(ref query, ref rows, stride, length, count, scores);
                break;
            case KernelPath.Vector256:
                Streaming<Lanes256>(ref query, ref rows, stride, length, count, scores);
                break;
            default:
                Streaming<Lanes128>(ref query, ref rows, stride, length, count, scores);
                break;
        }
    }

    /// <summary><c>scores[j] = Σ_{i &lt; length} rows[ids[j]·stride + i] · query[i]</c>: rows picked by number.</summary>
    public static void DotRowsGather(KernelPath path, ref float query, ref float rows, nint stride, int length, ReadOnlySpan<int> ids, Span<float> scores)
    {
        switch (path)
        {
            case KernelPath.Vector512:
                Gather<Lanes512>(ref query, ref rows, stride, length, ids, scores);
                break;
            case KernelPath.Vector256:
                Gather<Lanes256>(ref query, ref rows, stride, length, ids, scores);
                break;
            default:
                Gather<Lanes128>(ref query, ref rows, stride, length, ids, scores);
                break;
        }
    }

    /// <summary>
    /// Several queries against the same rows: <c>scores[q·count + r] = Σ_{i &lt; length} rows[r·rowStride + i] · queries[q·queryStride + i]</c>.
    /// The caller keeps the rows few enough to stay in the caches while every query passes over them.
    /// </summary>
    public static void DotRowsMulti(
        KernelPath path,
        ref float queries,
        nint queryStride,
        int queryCount,
        ref float rows,
        nint rowStride,
        int length,
        int count,
        Span<float> scores)
    {
        switch (path)
        {
            case KernelPath.Vector512:
                Multi<Lanes512>(ref queries, queryStride, queryCount, ref rows, rowStride, length, count, scores);
                break;
            case KernelPath.Vector256:
                Multi<Lanes256>(ref queries, queryStride, queryCount, ref rows, rowStride, length, count, scores);
                break;
            default:
                Multi<Lanes128>(ref queries, queryStride, queryCount, ref rows, rowStride, length, count, scores);
                break;
        }
    }

    /// <summary>One row against one query.</summary>
    public static float DotOne(KernelPath path, ref float query, ref float row, int length) => path switch
    {
        KernelPath.Vector512 => One<Lanes512>(ref query, ref row, length),
        KernelPath.Vector256 => One<Lanes256>(ref query, ref row, length),
        _ => One<Lanes128>(ref query, ref row, length),
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Blocked<T>(ref float query, ref float rows, nint stride, int length, int count, Span<float> scores, bool fitsInL2)
        where T : struct, IFloatLanes<T>
    {
        if (T.BlockRows == 1 || !(fitsInL2 || T.BlockBeyondL2))
        {
            Streaming<T>(ref query, ref rows, stride, length, count, scores);
            return;
        }

        nuint groups = Groups<T>(length);
        int r = 0;
        for (; r + 2 <= count; r += 2)
        {
            ref float r0 = ref Unsafe.Add(ref rows, r * stride);
            ref float r1 = ref Unsafe.Add(ref r0, stride);
            T a0 = default, a1 = default;
            for (nuint i = 0; i < groups; i += (nuint)T.Width)
            {
                T q = T.Load(ref query, i);
                a0 = T.MultiplyAdd(T.Load(ref r0, i), q, a0);
                a1 = T.MultiplyAdd(T.Load(ref r1, i), q, a1);
            }

            scores[r] = Finish(a0, ref query, ref r0, groups, length);
            scores[r + 1] = Finish(a1, ref query, ref r1, groups, length);
        }

        for (; r < count; r++)
        {
            scores[r] = One<T>(ref query, ref Unsafe.Add(ref rows, r * stride), length);
        }
    }

    /// <summary>
    /// Rows × 2 queries per pass (<see cref="IFloatLanes{TSelf}.MultiRows"/>): each row load feeds two multiply-adds and
    /// each query load several, about twice the throughput of one query at a time (k-means assignment lives on it).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Multi<T>(ref float queries, nint queryStride, int queryCount, ref float rows, nint rowStride, int length, int count, Span<float> scores)
        where T : struct, IFloatLanes<T>
    {
        int blocked = T.MultiRows == 0 ? 0 : count / T.MultiRows * T.MultiRows;
        int pairs = queryCount / 2 * 2;
        nuint groups = Groups<T>(length);
        for (int r = 0; r < blocked; r += T.MultiRows)
        {
            ref float r0 = ref Unsafe.Add(ref rows, r * rowStride);
            for (int q = 0; q < pairs; q += 2)
            {
                ref float q0 = ref Unsafe.Add(ref queries, q * queryStride);
                ref float q1 = ref Unsafe.Add(ref q0, queryStride);
                int at = (q * count) + r;
                if (T.MultiRows == 4)
                {
                    ref float r1 = ref Unsafe.Add(ref r0, rowStride);
                    ref float r2 = ref Unsafe.Add(ref r1, rowStride);
                    ref float r3 = ref Unsafe.Add(ref r2, rowStride);
                    T a0 = default, a1 = default, a2 = default, a3 = default, b0 = default, b1 = default, b2 = default, b3 = default;
                    for (nuint i = 0; i < groups; i += (nuint)T.Width)
                    {
                        T x0 = T.Load(ref r0, i), x1 = T.Load(ref r1, i), x2 = T.Load(ref r2, i), x3 = T.Load(ref r3, i);
                        T qa = T.Load(ref q0, i);
                        a0 = T.MultiplyAdd(x0, qa, a0);
                        a1 = T.MultiplyAdd(x1, qa, a1);
                        a2 = T.MultiplyAdd(x2, qa, a2);
                        a3 = T.MultiplyAdd(x3, qa, a3);
                        T qb = T.Load(ref q1, i);
                        b0 = T.MultiplyAdd(x0, qb, b0);
                        b1 = T.MultiplyAdd(x1, qb, b1);
                        b2 = T.MultiplyAdd(x2, qb, b2);
                        b3 = T.MultiplyAdd(x3, qb, b3);
                    }

                    scores[at] = Finish(a0, ref q0, ref r0, groups, length);
                    scores[at + 1] = Finish(a1, ref q0, ref r1, groups, length);
                    scores[at + 2] = Finish(a2, ref q0, ref r2, groups, length);
                    scores[at + 3] = Finish(a3, ref q0, ref r3, groups, length);
                    scores[at + count] = Finish(b0, ref q1, ref r0, groups, length);
                    scores[at + count + 1] = Finish(b1, ref q1, ref r1, groups, length);
                    scores[at + count + 2] = Finish(b2, ref q1, ref r2, groups, length);
                    scores[at + count + 3] = Finish(b3, ref q1, ref r3, groups, length);
                }
                else
                {
                    T a0 = default, b0 = default;
                    for (nuint i = 0; i < groups; i += (nuint)T.Width)
                    {
                        T x0 = T.Load(ref r0, i);
                        a0 = T.MultiplyAdd(x0, T.Load(ref q0, i), a0);
                        b0 = T.MultiplyAdd(x0, T.Load(ref q1, i), b0);
                    }

                    scores[at] = Finish(a0, ref q0, ref r0, groups, length);
                    scores[at + count] = Finish(b0, ref q1, ref r0, groups, length);
                }
            }
        }

        // What the micro-kernel left: every query against the remaining rows, and an odd last query against all rows.
        for (int q = 0; q < queryCount; q++)
        {
            int from = q < pairs ? blocked : 0;
            // These rows were just read for the other queries: they are in the caches, as a block of a few dozen rows fits in L2.
            Blocked<T>(ref Unsafe.Add(ref queries, q * queryStride), ref Unsafe.Add(ref rows, from * rowStride), rowStride, length, count - from, scores.Slice((q * count) + from, count - from), fitsInL2: true);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Streaming<T>(ref float query, ref float rows, nint stride, int length, int count, Span<float> scores)
        where T : struct, IFloatLanes<T>
    {
        for (int r = 0; r < count; r++)
        {
            scores[r] = One<T>(ref query, ref Unsafe.Add(ref rows, r * stride), length);
        }
    }

    /// <summary>How many rows ahead a gather prefetches the start of a row (the hardware follows once it is read).</summary>
    private const int GatherPrefetchRows = 2;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Gather<T>(ref float query, ref float rows, nint stride, int length, ReadOnlySpan<int> ids, Span<float> scores)
        where T : struct, IFloatLanes<T>
    {
        for (int j = 0; j < ids.Length; j++)
        {
            if (Sse.IsSupported && j + GatherPrefetchRows < ids.Length)
            {
                byte* next = (byte*)Unsafe.AsPointer(ref Unsafe.Add(ref rows, ids[j + GatherPrefetchRows] * stride));
                Sse.Prefetch0(next);
                Sse.Prefetch0(next + 64);
                Sse.Prefetch0(next + 128);
                Sse.Prefetch0(next + 192);
            }

            scores[j] = One<T>(ref query, ref Unsafe.Add(ref rows, ids[j] * stride), length);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float One<T>(ref float query, ref float row, int length)
        where T : struct, IFloatLanes<T>
    {
        nuint groups = Groups<T>(length);
        T a = default;
        for (nuint i = 0; i < groups; i += (nuint)T.Width)
        {
            a = T.MultiplyAdd(ref row, ref query, i, a);
        }

        return Finish(a, ref query, ref row, groups, length);
    }

    /// <summary>The elements in whole groups of <see cref="IFloatLanes{TSelf}.Width"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nuint Groups<T>(int length)
        where T : struct, IFloatLanes<T> => (nuint)length & ~(nuint)(T.Width - 1);

    /// <summary>
    /// Completes a score after the whole groups: a last sixteen elements into lanes 0–15 (when a group is thirty-two and
    /// at least sixteen remain), the lanes' sum, then the remaining elements one by one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Finish<T>(T accumulator, ref float query, ref float row, nuint groups, int length)
        where T : struct, IFloatLanes<T>
    {
        if (T.Width == 32 && (nuint)length - groups >= 16)
        {
            accumulator = T.MultiplyAdd(T.LoadFirst16(ref row, groups), T.LoadFirst16(ref query, groups), accumulator);
            groups += 16;
        }

        float sum = T.Sum(accumulator);
        for (nuint i = groups; i < (nuint)length; i++)
        {
            sum += Unsafe.Add(ref row, i) * Unsafe.Add(ref query, i);
        }

        return sum;
    }
}
