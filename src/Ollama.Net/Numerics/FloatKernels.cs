using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Ollama.Net.Numerics;

/// <summary>
/// Dot products of one or several queries against rows laid out with a fixed stride.
/// </summary>
/// <remarks>
/// <para>
/// Register blocking keeps the loads per FMA low so a scan over rows streamed from memory runs near the memory
/// bandwidth: 4 rows per pass for one query, 4 rows × 2 queries for several.
/// </para>
/// <para>
/// Every kernel of one path computes a given (row, query) pair with the same arithmetic: one vector accumulator
/// stepping through the row, then <c>Sum</c>, then a scalar tail. So a row gets bitwise the same score whether it was
/// scored alone, in a group of four, with other queries, in a parallel partition or during re-ranking, and search
/// results never depend on how the work was split.
/// </para>
/// </remarks>
internal static class FloatKernels
{
    /// <summary>
    /// <c>scores[r] = Σ_{i &lt; length} rows[r·stride + i] · query[i]</c> for <c>r &lt; count</c>.
    /// </summary>
    public static void DotRows(KernelPath path, ref float query, ref float rows, nint stride, int length, int count, Span<float> scores)
    {
        switch (path)
        {
            case KernelPath.Vector512:
                DotRows512(ref query, ref rows, stride, length, count, scores);
                break;
            case KernelPath.Vector256:
                DotRows256(ref query, ref rows, stride, length, count, scores);
                break;
            default:
                for (int r = 0; r < count; r++)
                {
                    scores[r] = DotOne(KernelPath.Portable, ref query, ref Unsafe.Add(ref rows, r * stride), length);
                }

                break;
        }
    }

    /// <summary>
    /// Several queries against the same rows in one pass:
    /// <c>scores[q·count + r] = Σ_{i &lt; length} rows[r·rowStride + i] · queries[q·queryStride + i]</c>.
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
        if (path == KernelPath.Portable)
        {
            for (int q = 0; q < queryCount; q++)
            {
                DotRows(path, ref Unsafe.Add(ref queries, q * queryStride), ref rows, rowStride, length, count, scores.Slice(q * count, count));
            }

            return;
        }

        int r = 0;
        for (; r + 4 <= count; r += 4)
        {
            ref float r0 = ref Unsafe.Add(ref rows, r * rowStride);
            int q = 0;
            for (; q + 2 <= queryCount; q += 2)
            {
                ref float q0 = ref Unsafe.Add(ref queries, q * queryStride);
                if (path == KernelPath.Vector512)
                {
                    Micro4x2_512(ref q0, queryStride, ref r0, rowStride, length, scores, (q * count) + r, count);
                }
                else
                {
                    Micro4x2_256(ref q0, queryStride, ref r0, rowStride, length, scores, (q * count) + r, count);
                }
            }

            if (q < queryCount)
            {
                DotRows(path, ref Unsafe.Add(ref queries, q * queryStride), ref r0, rowStride, length, 4, scores.Slice((q * count) + r, 4));
            }
        }

        for (; r < count; r++)
        {
            ref float row = ref Unsafe.Add(ref rows, r * rowStride);
            for (int q = 0; q < queryCount; q++)
            {
                scores[(q * count) + r] = DotOne(path, ref Unsafe.Add(ref queries, q * queryStride), ref row, length);
            }
        }
    }

    /// <summary>One row against one query.</summary>
    public static float DotOne(KernelPath path, ref float query, ref float row, int length) => path switch
    {
        KernelPath.Vector512 => DotOne512(ref query, ref row, length),
        KernelPath.Vector256 => DotOne256(ref query, ref row, length),
        _ => TensorPrimitives.Dot(MemoryMarshal.CreateReadOnlySpan(ref row, length), MemoryMarshal.CreateReadOnlySpan(ref query, length)),
    };

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotRows256(ref float query, ref float rows, nint stride, int length, int count, Span<float> scores)
    {
        nuint n = (nuint)length;
        int r = 0;
        for (; r + 4 <= count; r += 4)
        {
            ref float r0 = ref Unsafe.Add(ref rows, r * stride);
            ref float r1 = ref Unsafe.Add(ref r0, stride);
            ref float r2 = ref Unsafe.Add(ref r1, stride);
            ref float r3 = ref Unsafe.Add(ref r2, stride);
            Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
            nuint i = 0;
            for (; i + 16 <= n; i += 16)
            {
                Vector256<float> qa = Vector256.LoadUnsafe(ref query, i);
                Vector256<float> qb = Vector256.LoadUnsafe(ref query, i + 8);
                a0 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref r0, i), qa, a0);
                a1 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref r1, i), qa, a1);
                a2 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref r2, i), qa, a2);
                a3 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref r3, i), qa, a3);
                a0 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref r0, i + 8), qb, a0);
                a1 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref r1, i + 8), qb, a1);
                a2 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref r2, i + 8), qb, a2);
                a3 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref r3, i + 8), qb, a3);
            }

            if (i + 8 <= n)
            {
                Vector256<float> qa = Vector256.LoadUnsafe(ref query, i);
                a0 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref r0, i), qa, a0);
                a1 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref r1, i), qa, a1);
                a2 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref r2, i), qa, a2);
                a3 = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref r3, i), qa, a3);
                i += 8;
            }

            int start = (int)i;
            scores[r] = Vector256.Sum(a0) + ScalarDot(ref query, ref r0, start, length);
            scores[r + 1] = Vector256.Sum(a1) + ScalarDot(ref query, ref r1, start, length);
            scores[r + 2] = Vector256.Sum(a2) + ScalarDot(ref query, ref r2, start, length);
            scores[r + 3] = Vector256.Sum(a3) + ScalarDot(ref query, ref r3, start, length);
        }

        for (; r < count; r++)
        {
            scores[r] = DotOne256(ref query, ref Unsafe.Add(ref rows, r * stride), length);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DotRows512(ref float query, ref float rows, nint stride, int length, int count, Span<float> scores)
    {
        nuint n = (nuint)length;
        int r = 0;
        for (; r + 4 <= count; r += 4)
        {
            ref float r0 = ref Unsafe.Add(ref rows, r * stride);
            ref float r1 = ref Unsafe.Add(ref r0, stride);
            ref float r2 = ref Unsafe.Add(ref r1, stride);
            ref float r3 = ref Unsafe.Add(ref r2, stride);
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
            nuint i = 0;
            for (; i + 32 <= n; i += 32)
            {
                Vector512<float> qa = Vector512.LoadUnsafe(ref query, i);
                Vector512<float> qb = Vector512.LoadUnsafe(ref query, i + 16);
                a0 = Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref r0, i), qa, a0);
                a1 = Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref r1, i), qa, a1);
                a2 = Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref r2, i), qa, a2);
                a3 = Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref r3, i), qa, a3);
                a0 = Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref r0, i + 16), qb, a0);
                a1 = Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref r1, i + 16), qb, a1);
                a2 = Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref r2, i + 16), qb, a2);
                a3 = Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref r3, i + 16), qb, a3);
            }

            if (i + 16 <= n)
            {
                Vector512<float> qa = Vector512.LoadUnsafe(ref query, i);
                a0 = Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref r0, i), qa, a0);
                a1 = Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref r1, i), qa, a1);
                a2 = Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref r2, i), qa, a2);
                a3 = Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref r3, i), qa, a3);
                i += 16;
            }

            int start = (int)i;
            scores[r] = Vector512.Sum(a0) + ScalarDot(ref query, ref r0, start, length);
            scores[r + 1] = Vector512.Sum(a1) + ScalarDot(ref query, ref r1, start, length);
            scores[r + 2] = Vector512.Sum(a2) + ScalarDot(ref query, ref r2, start, length);
            scores[r + 3] = Vector512.Sum(a3) + ScalarDot(ref query, ref r3, start, length);
        }

        for (; r < count; r++)
        {
            scores[r] = DotOne512(ref query, ref Unsafe.Add(ref rows, r * stride), length);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Micro4x2_256(ref float q0, nint queryStride, ref float r0, nint rowStride, int length, Span<float> scores, int at, int count)
    {
        ref float q1 = ref Unsafe.Add(ref q0, queryStride);
        ref float r1 = ref Unsafe.Add(ref r0, rowStride);
        ref float r2 = ref Unsafe.Add(ref r1, rowStride);
        ref float r3 = ref Unsafe.Add(ref r2, rowStride);
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
        Vector256<float> b0 = default, b1 = default, b2 = default, b3 = default;
        nuint n = (nuint)length;
        nuint i = 0;
        for (; i + 8 <= n; i += 8)
        {
            Vector256<float> x0 = Vector256.LoadUnsafe(ref r0, i);
            Vector256<float> x1 = Vector256.LoadUnsafe(ref r1, i);
            Vector256<float> x2 = Vector256.LoadUnsafe(ref r2, i);
            Vector256<float> x3 = Vector256.LoadUnsafe(ref r3, i);
            Vector256<float> qa = Vector256.LoadUnsafe(ref q0, i);
            a0 = Vector256.MultiplyAddEstimate(x0, qa, a0);
            a1 = Vector256.MultiplyAddEstimate(x1, qa, a1);
            a2 = Vector256.MultiplyAddEstimate(x2, qa, a2);
            a3 = Vector256.MultiplyAddEstimate(x3, qa, a3);
            Vector256<float> qb = Vector256.LoadUnsafe(ref q1, i);
            b0 = Vector256.MultiplyAddEstimate(x0, qb, b0);
            b1 = Vector256.MultiplyAddEstimate(x1, qb, b1);
            b2 = Vector256.MultiplyAddEstimate(x2, qb, b2);
            b3 = Vector256.MultiplyAddEstimate(x3, qb, b3);
        }

        int start = (int)i;
        scores[at] = Vector256.Sum(a0) + ScalarDot(ref q0, ref r0, start, length);
        scores[at + 1] = Vector256.Sum(a1) + ScalarDot(ref q0, ref r1, start, length);
        scores[at + 2] = Vector256.Sum(a2) + ScalarDot(ref q0, ref r2, start, length);
        scores[at + 3] = Vector256.Sum(a3) + ScalarDot(ref q0, ref r3, start, length);
        scores[at + count] = Vector256.Sum(b0) + ScalarDot(ref q1, ref r0, start, length);
        scores[at + count + 1] = Vector256.Sum(b1) + ScalarDot(ref q1, ref r1, start, length);
        scores[at + count + 2] = Vector256.Sum(b2) + ScalarDot(ref q1, ref r2, start, length);
        scores[at + count + 3] = Vector256.Sum(b3) + ScalarDot(ref q1, ref r3, start, length);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Micro4x2_512(ref float q0, nint queryStride, ref float r0, nint rowStride, int length, Span<float> scores, int at, int count)
    {
        ref float q1 = ref Unsafe.Add(ref q0, queryStride);
        ref float r1 = ref Unsafe.Add(ref r0, rowStride);
        ref float r2 = ref Unsafe.Add(ref r1, rowStride);
        ref float r3 = ref Unsafe.Add(ref r2, rowStride);
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
        Vector512<float> b0 = default, b1 = default, b2 = default, b3 = default;
        nuint n = (nuint)length;
        nuint i = 0;
        for (; i + 16 <= n; i += 16)
        {
            Vector512<float> x0 = Vector512.LoadUnsafe(ref r0, i);
            Vector512<float> x1 = Vector512.LoadUnsafe(ref r1, i);
            Vector512<float> x2 = Vector512.LoadUnsafe(ref r2, i);
            Vector512<float> x3 = Vector512.LoadUnsafe(ref r3, i);
            Vector512<float> qa = Vector512.LoadUnsafe(ref q0, i);
            a0 = Vector512.MultiplyAddEstimate(x0, qa, a0);
            a1 = Vector512.MultiplyAddEstimate(x1, qa, a1);
            a2 = Vector512.MultiplyAddEstimate(x2, qa, a2);
            a3 = Vector512.MultiplyAddEstimate(x3, qa, a3);
            Vector512<float> qb = Vector512.LoadUnsafe(ref q1, i);
            b0 = Vector512.MultiplyAddEstimate(x0, qb, b0);
            b1 = Vector512.MultiplyAddEstimate(x1, qb, b1);
            b2 = Vector512.MultiplyAddEstimate(x2, qb, b2);
            b3 = Vector512.MultiplyAddEstimate(x3, qb, b3);
        }

        int start = (int)i;
        scores[at] = Vector512.Sum(a0) + ScalarDot(ref q0, ref r0, start, length);
        scores[at + 1] = Vector512.Sum(a1) + ScalarDot(ref q0, ref r1, start, length);
        scores[at + 2] = Vector512.Sum(a2) + ScalarDot(ref q0, ref r2, start, length);
        scores[at + 3] = Vector512.Sum(a3) + ScalarDot(ref q0, ref r3, start, length);
        scores[at + count] = Vector512.Sum(b0) + ScalarDot(ref q1, ref r0, start, length);
        scores[at + count + 1] = Vector512.Sum(b1) + ScalarDot(ref q1, ref r1, start, length);
        scores[at + count + 2] = Vector512.Sum(b2) + ScalarDot(ref q1, ref r2, start, length);
        scores[at + count + 3] = Vector512.Sum(b3) + ScalarDot(ref q1, ref r3, start, length);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float DotOne256(ref float query, ref float row, int length)
    {
        nuint n = (nuint)length;
        nuint i = 0;
        Vector256<float> a = default;
        for (; i + 8 <= n; i += 8)
        {
            a = Vector256.MultiplyAddEstimate(Vector256.LoadUnsafe(ref row, i), Vector256.LoadUnsafe(ref query, i), a);
        }

        return Vector256.Sum(a) + ScalarDot(ref query, ref row, (int)i, length);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float DotOne512(ref float query, ref float row, int length)
    {
        nuint n = (nuint)length;
        nuint i = 0;
        Vector512<float> a = default;
        for (; i + 16 <= n; i += 16)
        {
            a = Vector512.MultiplyAddEstimate(Vector512.LoadUnsafe(ref row, i), Vector512.LoadUnsafe(ref query, i), a);
        }

        return Vector512.Sum(a) + ScalarDot(ref query, ref row, (int)i, length);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float ScalarDot(ref float query, ref float row, int start, int length)
    {
        float sum = 0;
        for (int i = start; i < length; i++)
        {
            sum += Unsafe.Add(ref row, i) * Unsafe.Add(ref query, i);
        }

        return sum;
    }
}
