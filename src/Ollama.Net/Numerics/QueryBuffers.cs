namespace Ollama.Net.Numerics;

/// <summary>
/// 64-byte-aligned buffers for prepared queries (normalized and padded to the row stride), one kept per thread.
/// </summary>
/// <remarks>
/// The float kernels load the query as often as the rows. An <c>ArrayPool</c> array is only 8-byte aligned, so most
/// 512-bit loads from it straddle two cache lines; a scan of rows in L2 ran about a fifth slower with such a query
/// than with an aligned one (docs/benchmarks.md). A rented buffer is taken off the thread while in use, so a search
/// started from inside another (a row filter that searches) gets its own.
/// </remarks>
internal static class QueryBuffers
{
    /// <summary>Buffers longer than this many floats (256 KB) are dropped after use rather than kept for the thread.</summary>
    private const int MaxKeptLength = 1 << 16;

    [ThreadStatic]
    private static AlignedArray<float>? t_kept;

    /// <summary>A buffer of at least <paramref name="length"/> floats (not zeroed); give it back with <see cref="Return"/>.</summary>
    public static AlignedArray<float> Rent(int length)
    {
        AlignedArray<float>? kept = t_kept;
        if (kept is not null && kept.Length >= length)
        {
            t_kept = null;
            return kept;
        }

        return new AlignedArray<float>(Math.Max(1, length));
    }

    /// <summary>Keeps <paramref name="buffer"/> for the next search on this thread, unless it is large.</summary>
    public static void Return(AlignedArray<float> buffer)
    {
        if (buffer.Length <= MaxKeptLength)
        {
            t_kept = buffer;
        }
    }
}
