using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Ollama.Net.Numerics;

/// <summary>
/// Hamming distances between sign-bit rows and a sign-bit query: XOR, then a population count per byte from a
/// 16-entry table (<c>vpshufb</c>), byte counts added over a row's vectors and summed per 64-bit word once
/// (<c>vpsadbw</c>), 64 bytes per step with AVX-512BW and 32 with AVX2; on the 128-bit path scalar <c>POPCNT</c>, beside
/// the table in 128-bit vectors for rows of 768 dimensions.
/// (.NET exposes no <c>VPOPCNTQ</c>.)
/// </summary>
/// <remarks>
/// A row of 1-bit codes is short (96 bytes at 768 dimensions), so what a row costs beyond its loads decides whether a
/// scan keeps up with memory: rows are scored two at a time and the two horizontal sums share one reduction; at 768
/// dimensions (12 words: a row and a half per 512-bit vector) a pair of rows is exactly three vectors, the middle one
/// split by a mask. Measured in docs/benchmarks.md against a read probe of as many bytes.
/// </remarks>
internal static class BinaryKernels
{
    private const int PrefetchDistance = 16384;

    /// <summary>Rows up to this many words add their byte counts before one <c>vpsadbw</c> (31 vectors × 8 ≤ 255).</summary>
    private const int MaxWordsPerByteSum = 124;

    /// <summary><c>distances[r] = popcount(rows[r·words .. +words] XOR query)</c> for <c>r &lt; count</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void HammingRows(KernelPath path, ref ulong query, ref ulong rows, int words, int count, Span<int> distances)
    {
        if (path == KernelPath.Vector512 && Avx512BW.IsSupported && words % 8 == 4 && words <= MaxWordsPerByteSum)
        {
            Pairs512(ref query, ref rows, words, count, distances);
        }
        else if (path != KernelPath.Vector128 && Avx2.IsSupported && words % 4 == 0 && words <= MaxWordsPerByteSum)
        {
            Whole256(ref query, ref rows, words, count, distances);
        }
        else if (words == 12 && Ssse3.IsSupported && Popcnt.X64.IsSupported)
        {
            RowsOf12Words128(ref query, ref rows, count, distances);
        }
        else
        {
            for (int r = 0; r < count; r++)
            {
                ref ulong row = ref Unsafe.Add(ref rows, r * (nint)words);
                PrefetchLines(ref row, (nuint)words);
                distances[r] = Hamming(path, ref query, ref row, words);
            }
        }
    }

    /// <summary>The Hamming distance of one row.</summary>
    public static int Hamming(KernelPath path, ref ulong query, ref ulong row, int words) =>
        path == KernelPath.Vector512 && Avx512BW.IsSupported && words >= 8 ? Hamming512(ref query, ref row, words, TailMask512(words)) :
        path != KernelPath.Vector128 && Avx2.IsSupported && words >= 4 ? Hamming256(ref query, ref row, words, TailMask256(words)) :
        HammingScalar(ref query, ref row, words);

    /// <summary>
    /// Rows of 8m + 4 words, two at a time: the pair is 2m + 1 whole vectors, compared with the query written twice;
    /// the middle vector holds the end of the first row and the start of the second.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pairs512(ref ulong query, ref ulong rows, int words, int count, Span<int> distances)
    {
        Span<ulong> twice = stackalloc ulong[2 * MaxWordsPerByteSum];
        ref ulong doubled = ref twice[0];
        for (int w = 0; w < words; w++)
        {
            twice[w] = twice[w + words] = Unsafe.Add(ref query, w);
        }

        int pairs = count & ~1;
        if (words == 12)
        {
            PairsOf12Words(ref doubled, ref rows, pairs, distances);
        }
        else
        {
            nuint middle = (nuint)(words - 4), end = (nuint)(2 * words);
            for (int r = 0; r < pairs; r += 2)
            {
                ref ulong pair = ref Unsafe.Add(ref rows, r * (nint)words);
                PrefetchLines(ref pair, end);
                Vector512<byte> a = default;
                for (nuint w = 0; w < middle; w += 8)
                {
                    a += PopCountPerByte(Vector512.LoadUnsafe(ref pair, w) ^ Vector512.LoadUnsafe(ref doubled, w));
                }

                Vector512<byte> split = PopCountPerByte(Vector512.LoadUnsafe(ref pair, middle) ^ Vector512.LoadUnsafe(ref doubled, middle));
                a += split & FirstHalf;
                Vector512<byte> b = Vector512.AndNot(split, FirstHalf);
                for (nuint w = middle + 8; w < end; w += 8)
                {
                    b += PopCountPerByte(Vector512.LoadUnsafe(ref pair, w) ^ Vector512.LoadUnsafe(ref doubled, w));
                }

                (distances[r], distances[r + 1]) = SumPair(a, b);
            }
        }

        if (pairs < count)
        {
            distances[pairs] = Hamming(KernelPath.Vector512, ref query, ref Unsafe.Add(ref rows, pairs * (nint)words), words);
        }
    }

    /// <summary>
    /// <see cref="Pairs512"/> for rows of 12 words (768 dimensions, the most common embedding size): straight-line, the
    /// three query vectors in registers; 1.2× the general loop's speed on rows in L2, and from memory (the kernel alone)
    /// 85–98 % of a read probe of the same bytes where the loop reached 74–80 %.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PairsOf12Words(ref ulong doubled, ref ulong rows, int pairs, Span<int> distances)
    {
        Vector512<ulong> q0 = Vector512.LoadUnsafe(ref doubled), q1 = Vector512.LoadUnsafe(ref doubled, 8), q2 = Vector512.LoadUnsafe(ref doubled, 16);
        for (int r = 0; r < pairs; r += 2)
        {
            ref ulong pair = ref Unsafe.Add(ref rows, r * 12);
            Prefetch(ref pair);
            Prefetch(ref Unsafe.Add(ref pair, 8));
            Prefetch(ref Unsafe.Add(ref pair, 16));
            Vector512<ulong> a = SumBytes(PopCountPerByte(Vector512.LoadUnsafe(ref pair) ^ q0));
            Vector512<ulong> split = SumBytes(PopCountPerByte(Vector512.LoadUnsafe(ref pair, 8) ^ q1));
            Vector512<ulong> b = SumBytes(PopCountPerByte(Vector512.LoadUnsafe(ref pair, 16) ^ q2));
            (distances[r], distances[r + 1]) = SumPair(a + (split & FirstHalf.AsUInt64()), b + Vector512.AndNot(split, FirstHalf.AsUInt64()));
        }
    }

    /// <summary>
    /// Rows of 12 words (768 dimensions) on the 128-bit path: half of each row through scalar <c>POPCNT</c> and half
    /// through the 16-entry table in 128-bit vectors, so the integer and the vector units count at once; the query sits
    /// in registers. 2.6 ns per row in L2 against 4.6 for <c>POPCNT</c> alone (one per cycle here), where a row from
    /// memory takes about 3.5 ns (docs/benchmarks.md).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RowsOf12Words128(ref ulong query, ref ulong rows, int count, Span<int> distances)
    {
        ulong q0 = query, q1 = Unsafe.Add(ref query, 1), q2 = Unsafe.Add(ref query, 2);
        ulong q3 = Unsafe.Add(ref query, 3), q4 = Unsafe.Add(ref query, 4), q5 = Unsafe.Add(ref query, 5);
        Vector128<byte> v6 = Vector128.LoadUnsafe(ref Unsafe.Add(ref query, 6)).AsByte();
        Vector128<byte> v8 = Vector128.LoadUnsafe(ref Unsafe.Add(ref query, 8)).AsByte();
        Vector128<byte> v10 = Vector128.LoadUnsafe(ref Unsafe.Add(ref query, 10)).AsByte();
        for (int r = 0; r < count; r++)
        {
            ref ulong row = ref Unsafe.Add(ref rows, r * 12);
            int a = BitOperations.PopCount(row ^ q0) + BitOperations.PopCount(Unsafe.Add(ref row, 1) ^ q1) + BitOperations.PopCount(Unsafe.Add(ref row, 2) ^ q2);
            int b = BitOperations.PopCount(Unsafe.Add(ref row, 3) ^ q3) + BitOperations.PopCount(Unsafe.Add(ref row, 4) ^ q4) + BitOperations.PopCount(Unsafe.Add(ref row, 5) ^ q5);
            Vector128<byte> perByte = PopCountPerByte(Vector128.LoadUnsafe(ref Unsafe.Add(ref row, 6)).AsByte() ^ v6)
                + PopCountPerByte(Vector128.LoadUnsafe(ref Unsafe.Add(ref row, 8)).AsByte() ^ v8)
                + PopCountPerByte(Vector128.LoadUnsafe(ref Unsafe.Add(ref row, 10)).AsByte() ^ v10);
            Vector128<ulong> sums = Sse2.SumAbsoluteDifferences(perByte, Vector128<byte>.Zero).AsUInt64();
            distances[r] = (a + b) + (int)(sums.ToScalar() + sums.GetElement(1));
        }
    }

    /// <summary>The bytes of the lower 256 bits (the end of a pair's first row in its middle vector).</summary>
    private static Vector512<byte> FirstHalf => Vector512.Create(Vector256<byte>.AllBitsSet, Vector256<byte>.Zero);

    /// <summary>Rows of whole 256-bit vectors, two at a time (one reduction for both).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Whole256(ref ulong query, ref ulong rows, int words, int count, Span<int> distances)
    {
        nuint n = (nuint)words;
        int r = 0;
        for (; r + 2 <= count; r += 2)
        {
            ref ulong first = ref Unsafe.Add(ref rows, r * (nint)words);
            ref ulong second = ref Unsafe.Add(ref first, words);
            Vector256<byte> a = default, b = default;
            for (nuint w = 0; w < n; w += 4)
            {
                Vector256<ulong> q = Vector256.LoadUnsafe(ref query, w);
                a += PopCountPerByte(Vector256.LoadUnsafe(ref first, w) ^ q);
                b += PopCountPerByte(Vector256.LoadUnsafe(ref second, w) ^ q);
            }

            (distances[r], distances[r + 1]) = SumPair(a, b);
        }

        if (r < count)
        {
            distances[r] = Hamming256(ref query, ref Unsafe.Add(ref rows, r * (nint)words), words, TailMask256(words));
        }
    }

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
            counts += SumBytes(PopCountPerByte(Vector512.LoadUnsafe(ref row, w) ^ Vector512.LoadUnsafe(ref query, w)));
        }

        if (w < n)
        {
            counts += SumBytes(PopCountPerByte((Vector512.LoadUnsafe(ref row, n - 8) ^ Vector512.LoadUnsafe(ref query, n - 8)) & tail));
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
            counts += SumBytes(PopCountPerByte(Vector256.LoadUnsafe(ref row, w) ^ Vector256.LoadUnsafe(ref query, w)));
        }

        if (w < n)
        {
            counts += SumBytes(PopCountPerByte((Vector256.LoadUnsafe(ref row, n - 4) ^ Vector256.LoadUnsafe(ref query, n - 4)) & tail));
        }

        return (int)Vector256.Sum(counts);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int HammingScalar(ref ulong query, ref ulong row, int words)
    {
        int h0 = 0, h1 = 0, h2 = 0, h3 = 0;
        nint w = 0;
        for (; w + 4 <= words; w += 4)
        {
            h0 += BitOperations.PopCount(Unsafe.Add(ref row, w) ^ Unsafe.Add(ref query, w));
            h1 += BitOperations.PopCount(Unsafe.Add(ref row, w + 1) ^ Unsafe.Add(ref query, w + 1));
            h2 += BitOperations.PopCount(Unsafe.Add(ref row, w + 2) ^ Unsafe.Add(ref query, w + 2));
            h3 += BitOperations.PopCount(Unsafe.Add(ref row, w + 3) ^ Unsafe.Add(ref query, w + 3));
        }

        for (; w < words; w++)
        {
            h0 += BitOperations.PopCount(Unsafe.Add(ref row, w) ^ Unsafe.Add(ref query, w));
        }

        return (h0 + h1) + (h2 + h3);
    }

    /// <summary>Keeps the last <c>words % 8</c> lanes: the words of an overlapping last load not yet counted.</summary>
    private static Vector512<ulong> TailMask512(int words) =>
        Vector512.GreaterThanOrEqual(Vector512.Create(0UL, 1, 2, 3, 4, 5, 6, 7), Vector512.Create((ulong)(8 - (words % 8))));

    private static Vector256<ulong> TailMask256(int words) =>
        Vector256.GreaterThanOrEqual(Vector256.Create(0UL, 1, 2, 3), Vector256.Create((ulong)(4 - (words % 4))));

    /// <summary>Into L2, 16 KB ahead, one line per call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch(ref ulong at)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch1((byte*)Unsafe.AsPointer(ref at) + PrefetchDistance);
        }
    }

    /// <summary>Prefetches every line of the next <paramref name="words"/> words, <see cref="PrefetchDistance"/> ahead.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PrefetchLines(ref ulong start, nuint words)
    {
        for (nuint w = 0; w < words; w += 8)
        {
            Prefetch(ref Unsafe.Add(ref start, w));
        }
    }

    /// <summary>The two rows' distances from their byte counts: both horizontal sums in one reduction.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (int First, int Second) SumPair(Vector512<byte> a, Vector512<byte> b) => SumPair(SumBytes(a), SumBytes(b));

    /// <summary>The two rows' distances from their per-word counts.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (int First, int Second) SumPair(Vector512<ulong> x, Vector512<ulong> y)
    {
        Vector512<ulong> mixed = Avx512F.UnpackLow(x, y) + Avx512F.UnpackHigh(x, y); // lanes alternate first, second
        Vector256<ulong> half = mixed.GetLower() + mixed.GetUpper();
        Vector128<ulong> both = half.GetLower() + half.GetUpper();
        return ((int)both.ToScalar(), (int)both.GetElement(1));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (int First, int Second) SumPair(Vector256<byte> a, Vector256<byte> b)
    {
        Vector256<ulong> x = SumBytes(a), y = SumBytes(b);
        Vector256<ulong> mixed = Avx2.UnpackLow(x, y) + Avx2.UnpackHigh(x, y);
        Vector128<ulong> both = mixed.GetLower() + mixed.GetUpper();
        return ((int)both.ToScalar(), (int)both.GetElement(1));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<ulong> SumBytes(Vector512<byte> perByte) => Avx512BW.SumAbsoluteDifferences(perByte, Vector512<byte>.Zero).AsUInt64();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> SumBytes(Vector256<byte> perByte) => Avx2.SumAbsoluteDifferences(perByte, Vector256<byte>.Zero).AsUInt64();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> PopCountPerByte(Vector512<ulong> x)
    {
        Vector512<byte> table = Vector512.Create((byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
        Vector512<byte> bytes = x.AsByte();
        Vector512<byte> low = Vector512.Create((byte)0x0F);
        return Avx512BW.Shuffle(table, bytes & low) + Avx512BW.Shuffle(table, Vector512.ShiftRightLogical(bytes.AsUInt16(), 4).AsByte() & low);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<byte> PopCountPerByte(Vector256<ulong> x)
    {
        Vector256<byte> table = Vector256.Create((byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
        Vector256<byte> bytes = x.AsByte();
        Vector256<byte> low = Vector256.Create((byte)0x0F);
        return Avx2.Shuffle(table, bytes & low) + Avx2.Shuffle(table, Vector256.ShiftRightLogical(bytes.AsUInt16(), 4).AsByte() & low);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> PopCountPerByte(Vector128<byte> bytes)
    {
        Vector128<byte> table = Vector128.Create((byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
        Vector128<byte> low = Vector128.Create((byte)0x0F);
        return Ssse3.Shuffle(table, bytes & low) + Ssse3.Shuffle(table, Vector128.ShiftRightLogical(bytes.AsUInt16(), 4).AsByte() & low);
    }
}
