using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Ollama.Net.Numerics;

/// <summary>
/// One pass over two vectors that accumulates x·y, x·x and y·y together (what a cosine needs), on any
/// <see cref="KernelPath"/>, written per width (the register budget differs: 32 vector registers with AVX-512, 16 without). Independent accumulators per quantity hide the FMA latency, which is what makes this
/// faster than <c>TensorPrimitives.CosineSimilarity</c> for vectors that sit in L1 (see docs/benchmarks.md).
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
                Accumulate128(x, y, out dot, out xx, out yy);
                break;
        }
    }

    /// <summary>512-bit vectors, thirty-two floats per step: two chains per quantity, then a half group of sixteen.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Accumulate512(ReadOnlySpan<float> x, ReadOnlySpan<float> y, out float dot, out float xx, out float yy)
    {
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float py = ref MemoryMarshal.GetReference(y);
        nuint n = (nuint)x.Length;
        nuint i = 0;
        Vector512<float> d0 = default, a0 = default, b0 = default, d1 = default, a1 = default, b1 = default;
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

        if (i + 16 <= n)
        {
            Vector512<float> x0 = Vector512.LoadUnsafe(ref px, i), y0 = Vector512.LoadUnsafe(ref py, i);
            d0 = Vector512.MultiplyAddEstimate(x0, y0, d0);
            a0 = Vector512.MultiplyAddEstimate(x0, x0, a0);
            b0 = Vector512.MultiplyAddEstimate(y0, y0, b0);
            i += 16;
        }

        AccumulateScalar(ref px, ref py, i, n, out float td, out float ta, out float tb);
        dot = Vector512.Sum(d0 + d1) + td;
        xx = Vector512.Sum(a0 + a1) + ta;
        yy = Vector512.Sum(b0 + b1) + tb;
    }

    /// <summary>256-bit vectors, sixteen floats per step: two chains per quantity (twelve accumulators of the sixteen registers).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Accumulate256(ReadOnlySpan<float> x, ReadOnlySpan<float> y, out float dot, out float xx, out float yy)
    {
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float py = ref MemoryMarshal.GetReference(y);
        nuint n = (nuint)x.Length;
        nuint i = 0;
        Vector256<float> d0 = default, a0 = default, b0 = default, d1 = default, a1 = default, b1 = default;
        for (; i + 16 <= n; i += 16)
        {
            Vector256<float> x0 = Vector256.LoadUnsafe(ref px, i), y0 = Vector256.LoadUnsafe(ref py, i);
            d0 = Vector256.MultiplyAddEstimate(x0, y0, d0);
            a0 = Vector256.MultiplyAddEstimate(x0, x0, a0);
            b0 = Vector256.MultiplyAddEstimate(y0, y0, b0);
            Vector256<float> x1 = Vector256.LoadUnsafe(ref px, i + 8), y1 = Vector256.LoadUnsafe(ref py, i + 8);
            d1 = Vector256.MultiplyAddEstimate(x1, y1, d1);
            a1 = Vector256.MultiplyAddEstimate(x1, x1, a1);
            b1 = Vector256.MultiplyAddEstimate(y1, y1, b1);
        }

        AccumulateScalar(ref px, ref py, i, n, out float td, out float ta, out float tb);
        dot = Vector256.Sum(d0 + d1) + td;
        xx = Vector256.Sum(a0 + a1) + ta;
        yy = Vector256.Sum(b0 + b1) + tb;
    }

    /// <summary>
    /// 128-bit vectors one at a time with two chains per quantity: sixteen floats per quantity would not fit in the
    /// sixteen registers of x64 without AVX2 beside the inputs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Accumulate128(ReadOnlySpan<float> x, ReadOnlySpan<float> y, out float dot, out float xx, out float yy)
    {
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float py = ref MemoryMarshal.GetReference(y);
        nuint n = (nuint)x.Length;
        nuint i = 0;
        Vector128<float> d0 = default, a0 = default, b0 = default, d1 = default, a1 = default, b1 = default;
        for (; i + 8 <= n; i += 8)
        {
            Vector128<float> x0 = Vector128.LoadUnsafe(ref px, i), y0 = Vector128.LoadUnsafe(ref py, i);
            d0 = Vector128.MultiplyAddEstimate(x0, y0, d0);
            a0 = Vector128.MultiplyAddEstimate(x0, x0, a0);
            b0 = Vector128.MultiplyAddEstimate(y0, y0, b0);
            Vector128<float> x1 = Vector128.LoadUnsafe(ref px, i + 4), y1 = Vector128.LoadUnsafe(ref py, i + 4);
            d1 = Vector128.MultiplyAddEstimate(x1, y1, d1);
            a1 = Vector128.MultiplyAddEstimate(x1, x1, a1);
            b1 = Vector128.MultiplyAddEstimate(y1, y1, b1);
        }

        AccumulateScalar(ref px, ref py, i, n, out float td, out float ta, out float tb);
        dot = Vector128.Sum(d0 + d1) + td;
        xx = Vector128.Sum(a0 + a1) + ta;
        yy = Vector128.Sum(b0 + b1) + tb;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AccumulateScalar(ref float px, ref float py, nuint start, nuint n, out float dot, out float xx, out float yy)
    {
        float d = 0, a = 0, b = 0;
        for (nuint i = start; i < n; i++)
        {
            float xi = Unsafe.Add(ref px, i), yi = Unsafe.Add(ref py, i);
            d += xi * yi;
            a += xi * xi;
            b += yi * yi;
        }

        dot = d;
        xx = a;
        yy = b;
    }
}
