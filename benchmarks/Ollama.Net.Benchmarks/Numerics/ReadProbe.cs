using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Ollama.Net.Benchmarks.Numerics;

/// <summary>The read probe: the speed limit of a scan, measured by reading the same bytes and doing nothing else.</summary>
internal static class ReadProbe
{
    /// <summary>
    /// Reads the bytes with four independent XOR chains, nothing else: 256-bit loads, or 128-bit ones where 256-bit
    /// vectors are not accelerated (<c>DOTNET_EnableAVX2=0</c>), so the probe is never slowed by a software fallback.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static uint Read(ReadOnlySpan<byte> bytes)
    {
        ReadOnlySpan<uint> block = MemoryMarshal.Cast<byte, uint>(bytes);
        ref uint p = ref MemoryMarshal.GetReference(block);
        nuint n = (nuint)block.Length;
        if (!Vector256.IsHardwareAccelerated)
        {
            Vector128<uint> b0 = default, b1 = default, b2 = default, b3 = default;
            for (nuint i = 0; i + 16 <= n; i += 16)
            {
                b0 ^= Vector128.LoadUnsafe(ref p, i);
                b1 ^= Vector128.LoadUnsafe(ref p, i + 4);
                b2 ^= Vector128.LoadUnsafe(ref p, i + 8);
                b3 ^= Vector128.LoadUnsafe(ref p, i + 12);
            }

            return Vector128.Sum((b0 ^ b1) ^ (b2 ^ b3));
        }

        Vector256<uint> a0 = default, a1 = default, a2 = default, a3 = default;
        for (nuint i = 0; i + 32 <= n; i += 32)
        {
            a0 ^= Vector256.LoadUnsafe(ref p, i);
            a1 ^= Vector256.LoadUnsafe(ref p, i + 8);
            a2 ^= Vector256.LoadUnsafe(ref p, i + 16);
            a3 ^= Vector256.LoadUnsafe(ref p, i + 24);
        }

        return Vector256.Sum((a0 ^ a1) ^ (a2 ^ a3));
    }

    /// <summary>
    /// The probe for bytes held in the caches: the widest accelerated loads (512-bit where the machine has them), since
    /// a cache hands out a whole line per load; <see cref="Read"/> otherwise.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static uint ReadCached(ReadOnlySpan<byte> bytes)
    {
        if (!Vector512.IsHardwareAccelerated)
        {
            return Read(bytes);
        }

        ReadOnlySpan<uint> block = MemoryMarshal.Cast<byte, uint>(bytes);
        ref uint p = ref MemoryMarshal.GetReference(block);
        nuint n = (nuint)block.Length;
        Vector512<uint> a0 = default, a1 = default, a2 = default, a3 = default;
        for (nuint i = 0; i + 64 <= n; i += 64)
        {
            a0 ^= Vector512.LoadUnsafe(ref p, i);
            a1 ^= Vector512.LoadUnsafe(ref p, i + 16);
            a2 ^= Vector512.LoadUnsafe(ref p, i + 32);
            a3 ^= Vector512.LoadUnsafe(ref p, i + 48);
        }

        return Vector512.Sum((a0 ^ a1) ^ (a2 ^ a3));
    }
}
