using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace Ollama.Net.Numerics;

/// <summary>Hamming distances between sign-bit rows and a sign-bit query (XOR + POPCNT on 64-bit words).</summary>
internal static class BinaryKernels
{
    private const int PrefetchDistance = 8192;

    /// <summary><c>distances[r] = popcount(rows[r·words .. +words] XOR query)</c> for <c>r &lt; count</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void HammingRows(ref ulong query, ref ulong rows, int words, int count, Span<int> distances)
    {
        nint n = words;
        for (int r = 0; r < count; r++)
        {
            ref ulong row = ref Unsafe.Add(ref rows, r * n);
            if (Sse.IsSupported)
            {
                // Into L2, 8 KB ahead; two lines per row because rows of 96 bytes and more can skip a line.
                byte* ahead = (byte*)Unsafe.AsPointer(ref row) + PrefetchDistance;
                Sse.Prefetch1(ahead);
                Sse.Prefetch1(ahead + 64);
            }

            int h0 = 0, h1 = 0, h2 = 0, h3 = 0;
            nint w = 0;
            for (; w + 4 <= n; w += 4)
            {
                h0 += BitOperations.PopCount(Unsafe.Add(ref row, w) ^ Unsafe.Add(ref query, w));
                h1 += BitOperations.PopCount(Unsafe.Add(ref row, w + 1) ^ Unsafe.Add(ref query, w + 1));
                h2 += BitOperations.PopCount(Unsafe.Add(ref row, w + 2) ^ Unsafe.Add(ref query, w + 2));
                h3 += BitOperations.PopCount(Unsafe.Add(ref row, w + 3) ^ Unsafe.Add(ref query, w + 3));
            }

            for (; w < n; w++)
            {
                h0 += BitOperations.PopCount(Unsafe.Add(ref row, w) ^ Unsafe.Add(ref query, w));
            }

            distances[r] = (h0 + h1) + (h2 + h3);
        }
    }
}
