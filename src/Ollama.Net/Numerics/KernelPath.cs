using System.Runtime.Intrinsics;

namespace Ollama.Net.Numerics;

/// <summary>The vector width a kernel runs with. Internal: tests pin a path to check each one.</summary>
internal enum KernelPath
{
    /// <summary>128-bit vectors (SSE on x64 without AVX2, AdvSimd on Arm64; software elsewhere).</summary>
    Vector128,

    /// <summary>256-bit vectors (AVX2 + FMA on x64).</summary>
    Vector256,

    /// <summary>512-bit vectors (AVX-512 on x64).</summary>
    Vector512,
}

/// <summary>Picks the paths once per process.</summary>
internal static class KernelPaths
{
    /// <summary>The widest accelerated path: used for data in the caches, where the width pays.</summary>
    public static readonly KernelPath Best =
        Vector512.IsHardwareAccelerated ? KernelPath.Vector512 :
        Vector256.IsHardwareAccelerated ? KernelPath.Vector256 :
        KernelPath.Vector128;

    /// <summary>
    /// The path for scans that stream rows from memory: 256-bit where accelerated. On the AVX-512 machine measured
    /// (docs/benchmarks.md) 512-bit loads streamed from memory reached about 70 % of the read probe and 256-bit loads
    /// about 90 %; the float kernels give bitwise the same results on every width, so the choice is free.
    /// </summary>
    public static readonly KernelPath Streaming =
        Vector256.IsHardwareAccelerated ? KernelPath.Vector256 : KernelPath.Vector128;

    /// <summary>Every path whose vectors are accelerated on this machine (tests compare them bitwise).</summary>
    public static IEnumerable<KernelPath> Accelerated()
    {
        yield return KernelPath.Vector128;
        if (Vector256.IsHardwareAccelerated)
        {
            yield return KernelPath.Vector256;
        }

        if (Vector512.IsHardwareAccelerated)
        {
            yield return KernelPath.Vector512;
        }
    }
}
