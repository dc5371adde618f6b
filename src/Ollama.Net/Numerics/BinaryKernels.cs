using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Ollama.Net.Numerics;

/// <summary>
/// Hamming distances between sign-bit rows and a sign-bit query: XOR, then a population count per byte from a
/// 16-entry table (<c>vpshufb</c>) summed per 64-bit word (<c>vpsadbw</c>), 64 bytes per step with AVX-512BW and 32
/// with AVX2; scalar <c>POPCNT</c> on the remaining words and on the 128-bit path. (.NET exposes no <c>VPOPCNTQ</c>.)
/// </summary>
internal static class BinaryKernels
{
    private const int PrefetchDistance = 8192;

    /// <summary><c>distances[r] = popcount(rows[r·words .. +words] XOR query)</c> for <c>r &lt; count</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void HammingRows(KernelPath path, ref ulong query, ref ulong rows, int words, int count, Span<int> distances)
    {
        nint n = words;
        if (path == KernelPath.Vector512 && Avx512BW.IsSupported && words >= 8)
        {
            Vector512<ulong> tail = TailMask512(words);
            for (int r = 0; r < count; r++)
            {
                ref ulong row = ref Unsafe.Add(ref rows, r * n);
                Prefetch(ref row);
                distances[r] = Hamming512(ref query, ref row, words, tail);
            }
        }
        else if (path != KernelPath.Vector128 && Avx2.IsSupported && words >= 4)
        {
            Vector256<ulong> tail = TailMask256(words);
            for (int r = 0; r < count; r++)
            {
                ref ulong row = ref Unsafe.Add(ref rows, r * n);
                Prefetch(ref row);
                distances[r] = Hamming256(ref query, ref row, words, tail);
            }
        }
        else
        {
            for (int r = 0; r < count; r++)
            {
                ref ulong row = ref Unsafe.Add(ref rows, r * n);
                Prefetch(ref row);
                distances[r] = HammingScalar(ref query, ref row, words);
            }
        }
    }

    /// <summary>The Hamming distance of one row.</summary>
    public static int Hamming(KernelPath path, ref ulong query, ref ulong row, int words) =>
        path == KernelPath.Vector512 && Avx512BW.IsSupported && words >= 8 ? Hamming512(ref query, ref row, words, TailMask512(words)) :
        path != KernelPath.Vector128 && Avx2.IsSupported && words >= 4 ? Hamming256(ref query, ref row, words, TailMask256(words)) :
        HammingScalar(ref query, ref row, words);

    /// <summary>
    /// Whole vectors, then the last vector of the row loaded overlapping the previous one with the words already
    /// counted masked out: one horizontal sum per row.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Hamming512(ref ulong query, ref ulong row, int words, Vector512<ulong> tail)
    {
        nuint n = (nuint)words, w = 0;
        Vector512<ulong> counts = default;
        for (; w + 8 <= n; w += 8)
        {
            counts += PopCountPerWord(Vector512.LoadUnsafe(ref row, w) ^ Vector512.LoadUnsafe(ref query, w));
        }

        if (w < n)
        {
            counts += PopCountPerWord((Vector512.LoadUnsafe(ref row, n - 8) ^ Vector512.LoadUnsafe(ref query, n - 8)) & tail);
        }

        return (int)Vector512.Sum(counts);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Hamming256(ref ulong query, ref ulong row, int words, Vector256<ulong> tail)
    {
        nuint n = (nuint)words, w = 0;
        Vector256<ulong> counts = default;
        for (; w + 4 <= n; w += 4)
        {
            counts += PopCountPerWord(Vector256.LoadUnsafe(ref row, w) ^ Vector256.LoadUnsafe(ref query, w));
        }

        if (w < n)
        {
            counts += PopCountPerWord((Vector256.LoadUnsafe(ref row, n - 4) ^ Vector256.LoadUnsafe(ref query, n - 4)) & tail);
        }

        return (int)Vector256.Sum(counts);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int HammingScalar(ref ulong query, ref ulong row, int words)
    {
        int h0 = 0, h1 = 0;
        nint w = 0;
        for (; w + 2 <= words; w += 2)
        {
            h0 += BitOperations.PopCount(Unsafe.Add(ref row, w) ^ Unsafe.Add(ref query, w));
            h1 += BitOperations.PopCount(Unsafe.Add(ref row, w + 1) ^ Unsafe.Add(ref query, w + 1));
        }

        if (w < words)
        {
            h0 += BitOperations.PopCount(Unsafe.Add(ref row, w) ^ Unsafe.Add(ref query, w));
        }

        return h0 + h1;
    }

    /// <summary>Keeps the last <c>words % 8</c> lanes: the words of an overlapping last load not yet counted.</summary>
    private static Vector512<ulong> TailMask512(int words) =>
        Vector512.GreaterThanOrEqual(Vector512.Create(0UL, 1, 2, 3, 4, 5, 6, 7), Vector512.Create((ulong)(8 - (words % 8))));

    private static Vector256<ulong> TailMask256(int words) =>
        Vector256.GreaterThanOrEqual(Vector256.Create(0UL, 1, 2, 3), Vector256.Create((ulong)(4 - (words % 4))));

    /// <summary>Into L2, 8 KB ahead; two lines per row because rows of 96 bytes and more can skip a line.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch(ref ulong row)
    {
        if (Sse.IsSupported)
        {
            byte* ahead = (byte*)Unsafe.AsPointer(ref row) + PrefetchDistance;
            Sse.Prefetch1(ahead);
            Sse.Prefetch1(ahead + 64);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> PopCountPerWord(Vector512<ulong> x)
    {
        Vector512<byte> table = Vector512.Create((byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
        Vector512<byte> bytes = x.AsByte();
        Vector512<byte> low = Vector512.Create((byte)0x0F);
        Vector512<byte> perByte = Avx512BW.Shuffle(table, bytes & low) + Avx512BW.Shuffle(table, Vector512.ShiftRightLogical(bytes.AsUInt16(), 4).AsByte() & low);
        return Avx512BW.SumAbsoluteDifferences(perByte, Vector512<byte>.Zero).AsUInt64();
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> PopCountPerWord(Vector256<ulong> x)
    {
        Vector256<byte> table = Vector256.Create((byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
        Vector256<byte> bytes = x.AsByte();
        Vector256<byte> low = Vector256.Create((byte)0x0F);
        Vector256<byte> perByte = Avx2.Shuffle(table, bytes & low) + Avx2.Shuffle(table, Vector256.ShiftRightLogical(bytes.AsUInt16(), 4).AsByte() & low);
        return Avx2.SumAbsoluteDifferences(perByte, Vector256<byte>.Zero).AsUInt64();
    }
}
