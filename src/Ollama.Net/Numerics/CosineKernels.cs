using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Ollama.Net.Numerics;

/// <summary>
/// One pass over two vectors that accumulates x·y, x·x and y·y together (what a cosine needs).
/// Several independent accumulators per quantity hide the FMA latency, which is what makes this faster than
/// <c>TensorPrimitives.CosineSimilarity</c> for vectors that sit in L1 (see docs/benchmarks.md).
/// </summary>
internal static class CosineKernels
{
    /// <summary>Accumulates with the best path for this machine. Lengths must already be equal.</summary>
    public static void Accumulate(ReadOnlySpan<float> x, ReadOnlySpan<float> y, out float dot, out float xx, out float yy) =>
        Accumulate(KernelPaths.Best, x, y, out dot, out xx, out yy);

    /// <summary>Accumulates with the given path (tests pin each path).</summary>
    public static void Accumulate(KernelPath path, ReadOnlySpan<float> x, ReadOnlySpan<float> y, out float dot, out float xx, out float yy)
    {
        switch (path)
        {
            case KernelPath.Vector512:
                Accumulate512(x, y, out dot, out xx, out yy);
                break;
            case KernelPath.Vector256:
                Accumulate256(x, y, out dot, out xx, out yy);
                break;
            default:
                dot = TensorPrimitives.Dot(x, y);
                xx = TensorPrimitives.SumOfSquares(x);
                yy = TensorPrimitives.SumOfSquares(y);
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Accumulate256(ReadOnlySpan<float> x, ReadOnlySpan<float> y, out float dot, out float xx, out float yy)
    {
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float py = ref MemoryMarshal.GetReference(y);
        nuint n = (nuint)x.Length;
        nuint i = 0;
        Vector256<float> d0 = default, d1 = default, d2 = default, d3 = default;
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
        Vector256<float> b0 = default, b1 = default, b2 = default, b3 = default;
        for (; i + 32 <= n; i += 32)
        {
            Vector256<float> x0 = Vector256.LoadUnsafe(ref px, i), y0 = Vector256.LoadUnsafe(ref py, i);
            d0 = Vector256.MultiplyAddEstimate(x0, y0, d0);
            a0 = Vector256.MultiplyAddEstimate(x0, x0, a0);
            b0 = Vector256.MultiplyAddEstimate(y0, y0, b0);
            Vector256<float> x1 = Vector256.LoadUnsafe(ref px, i + 8), y1 = Vector256.LoadUnsafe(ref py, i + 8);
            d1 = Vector256.MultiplyAddEstimate(x1, y1, d1);
            a1 = Vector256.MultiplyAddEstimate(x1, x1, a1);
            b1 = Vector256.MultiplyAddEstimate(y1, y1, b1);
            Vector256<float> x2 = Vector256.LoadUnsafe(ref px, i + 16), y2 = Vector256.LoadUnsafe(ref py, i + 16);
            d2 = Vector256.MultiplyAddEstimate(x2, y2, d2);
            a2 = Vector256.MultiplyAddEstimate(x2, x2, a2);
            b2 = Vector256.MultiplyAddEstimate(y2, y2, b2);
            Vector256<float> x3 = Vector256.LoadUnsafe(ref px, i + 24), y3 = Vector256.LoadUnsafe(ref py, i + 24);
            d3 = Vector256.MultiplyAddEstimate(x3, y3, d3);
            a3 = Vector256.MultiplyAddEstimate(x3, x3, a3);
            b3 = Vector256.MultiplyAddEstimate(y3, y3, b3);
        }

        for (; i + 8 <= n; i += 8)
        {
            Vector256<float> x0 = Vector256.LoadUnsafe(ref px, i), y0 = Vector256.LoadUnsafe(ref py, i);
            d0 = Vector256.MultiplyAddEstimate(x0, y0, d0);
            a0 = Vector256.MultiplyAddEstimate(x0, x0, a0);
            b0 = Vector256.MultiplyAddEstimate(y0, y0, b0);
        }

        AccumulateScalar(x, y, (int)i, out float td, out float ta, out float tb);
        dot = Vector256.Sum((d0 + d1) + (d2 + d3)) + td;
        xx = Vector256.Sum((a0 + a1) + (a2 + a3)) + ta;
        yy = Vector256.Sum((b0 + b1) + (b2 + b3)) + tb;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Accumulate512(ReadOnlySpan<float> x, ReadOnlySpan<float> y, out float dot, out float xx, out float yy)
    {
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float py = ref MemoryMarshal.GetReference(y);
        nuint n = (nuint)x.Length;
        nuint i = 0;
        Vector512<float> d0 = default, d1 = default, a0 = default, a1 = default, b0 = default, b1 = default;
        for (; i + 32 <= n; i += 32)
        {
            Vector512<float> x0 = Vector512.LoadUnsafe(ref px, i), y0 = Vector512.LoadUnsafe(ref py, i);
            d0 = Vector512.MultiplyAddEstimate(x0, y0, d0);
            a0 = Vector512.MultiplyAddEstimate(x0, x0, a0);
            b0 = Vector512.MultiplyAddEstimate(y0, y0, b0);
            Vector512<float> x1 = Vector512.LoadUnsafe(ref px, i + 16), y1 = Vector512.LoadUnsafe(ref py, i + 16);
            d1 = Vector512.MultiplyAddEstimate(x1, y1, d1);
            a1 = Vector512.MultiplyAddEstimate(x1, x1, a1);
            b1 = Vector512.MultiplyAddEstimate(y1, y1, b1);
        }

        for (; i + 16 <= n; i += 16)
        {
            Vector512<float> x0 = Vector512.LoadUnsafe(ref px, i), y0 = Vector512.LoadUnsafe(ref py, i);
            d0 = Vector512.MultiplyAddEstimate(x0, y0, d0);
            a0 = Vector512.MultiplyAddEstimate(x0, x0, a0);
            b0 = Vector512.MultiplyAddEstimate(y0, y0, b0);
        }

        AccumulateScalar(x, y, (int)i, out float td, out float ta, out float tb);
        dot = Vector512.Sum(d0 + d1) + td;
        xx = Vector512.Sum(a0 + a1) + ta;
        yy = Vector512.Sum(b0 + b1) + tb;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AccumulateScalar(ReadOnlySpan<float> x, ReadOnlySpan<float> y, int start, out float dot, out float xx, out float yy)
    {
        float d = 0, a = 0, b = 0;
        for (int i = start; i < x.Length; i++)
        {
            float xi = x[i], yi = y[i];
            d += xi * yi;
            a += xi * xi;
            b += yi * yi;
        }

        dot = d;
        xx = a;
        yy = b;
    }
}
