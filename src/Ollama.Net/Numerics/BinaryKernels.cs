using System.Numerics;
using System.Runtime.CompilerServices;

namespace Ollama.Net.Numerics;

/// <summary>Hamming distances between sign-bit rows and a sign-bit query (XOR + POPCNT on 64-bit words).</summary>
internal static class BinaryKernels
{
    /// <summary><c>distances[r] = popcount(rows[r·words .. +words] XOR query)</c> for <c>r &lt; count</c>.</summary>
    public static void HammingRows(ref ulong query, ref ulong rows, int words, int count, Span<int> distances)
    {
        for (int r = 0; r < count; r++)
        {
            ref ulong row = ref Unsafe.Add(ref rows, r * words);
            int h0 = 0, h1 = 0;
            int w = 0;
            for (; w + 2 <= words; w += 2)
            {
                h0 += BitOperations.PopCount(Unsafe.Add(ref row, w) ^ Unsafe.Add(ref query, w));
                h1 += BitOperations.PopCount(Unsafe.Add(ref row, w + 1) ^ Unsafe.Add(ref query, w + 1));
            }

            if (w < words)
            {
                h0 += BitOperations.PopCount(Unsafe.Add(ref row, w) ^ Unsafe.Add(ref query, w));
            }

            distances[r] = h0 + h1;
        }
    }
}
