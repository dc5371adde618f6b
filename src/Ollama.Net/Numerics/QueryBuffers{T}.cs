namespace Ollama.Net.Numerics;

/// <summary>
/// 64-byte-aligned buffers for prepared queries (normalized floats padded to the row stride, int16 codes, sign bits),
/// one of each element type kept per thread.
/// </summary>
/// <remarks>
/// The kernels load the query as often as the rows. An <c>ArrayPool</c> array is only 8-byte aligned, so most
/// 512-bit loads from it straddle two cache lines: a float32 scan of rows in L2 ran about a fifth slower, and an int8
/// scan from memory read at 74 % of the probe instead of about 90 % (docs/benchmarks.md). A rented buffer is taken off the thread while in use, so a search
/// started from inside another (a row filter that searches) gets its own.
/// </remarks>
internal static class QueryBuffers<T>
    where T : unmanaged
{
    /// <summary>Buffers longer than this many elements are dropped after use rather than kept for the thread.</summary>
    private const int MaxKeptLength = 1 << 16;

    [ThreadStatic]
    private static AlignedArray<T>? t_kept;

    /// <summary>A buffer of at least <paramref name="length"/> elements (not zeroed); give it back with <see cref="Return"/>.</summary>
    public static AlignedArray<T> Rent(int length)
    {
        AlignedArray<T>? kept = t_kept;
        if (kept is not null && kept.Length >= length)
        {
            t_kept = null;
            return kept;
        }

        return new AlignedArray<T>(Math.Max(1, length));
    }

    /// <summary>Keeps <paramref name="buffer"/> for the next search on this thread, unless it is large.</summary>
    public static void Return(AlignedArray<T> buffer)
    {
        if (buffer.Length <= MaxKeptLength)
        {
            t_kept = buffer;
        }
    }
}
