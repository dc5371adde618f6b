using System.Runtime.Intrinsics;

namespace Ollama.Net.Numerics;

/// <summary>The instruction-set width a kernel runs with. Internal: tests pin a path to check each one.</summary>
internal enum KernelPath
{
    /// <summary>
    /// Portable code: <c>TensorPrimitives</c> (which uses 128-bit vectors where they exist and scalar code otherwise)
    /// or a plain scalar loop where <c>TensorPrimitives</c> has no fitting operation.
    /// </summary>
    Portable,

    /// <summary>256-bit vectors (AVX2 + FMA on x64).</summary>
    Vector256,

    /// <summary>512-bit vectors (AVX-512 on x64).</summary>
    Vector512,
}

/// <summary>Picks the widest accelerated path once per process.</summary>
internal static class KernelPaths
{
    /// <summary>The path used by the public API on this machine.</summary>
    public static readonly KernelPath Best =
        Vector512.IsHardwareAccelerated ? KernelPath.Vector512 :
        Vector256.IsHardwareAccelerated ? KernelPath.Vector256 :
        KernelPath.Portable;
}
