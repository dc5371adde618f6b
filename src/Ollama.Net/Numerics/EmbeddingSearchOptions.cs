namespace Ollama.Net.Numerics;

/// <summary>Per-search options of an <see cref="EmbeddingIndex{TKey}"/>.</summary>
public sealed class EmbeddingSearchOptions
{
    /// <summary>The defaults: automatic mode, re-ranking on, sequential.</summary>
    public static EmbeddingSearchOptions Default { get; } = new();

    /// <summary>Which stored representation to scan. Default: <see cref="EmbeddingSearchMode.Auto"/>.</summary>
    public EmbeddingSearchMode Mode { get; init; } = EmbeddingSearchMode.Auto;

    /// <summary>
    /// Whether candidates found in quantized rows are re-scored with more precise stored rows (float32, else int8 for a
    /// binary scan). Default: true. Without re-ranking an int8 search returns int8 score estimates, and a binary search
    /// returns <c>cos(π·hamming/d)</c> estimates.
    /// </summary>
    public bool Rerank { get; init; } = true;

    /// <summary>
    /// How many candidates per requested hit a quantized scan keeps for re-ranking: the scan keeps
    /// <c>k · Oversampling</c> rows. Null picks the mode's default: <see cref="DefaultInt8Oversampling"/> for int8;
    /// for binary, <see cref="DefaultBinaryOversampling"/> to start with and then as many as the query needs (see
    /// docs/numerics.md: the candidates grow to every row whose Hamming distance is within reach of the k-th best
    /// re-ranked score, or the precise rows are scanned flat when that is cheaper). A set value is used as is. Must be
    /// at least 1. Ignored by float32 scans.
    /// </summary>
    public int? Oversampling { get; init; }

    /// <summary>
    /// How many threads may scan disjoint blocks of rows at once: 1 (the default) scans on the calling thread; -1 uses
    /// every processor. Results are identical whatever the value.
    /// </summary>
    public int MaxDegreeOfParallelism { get; init; } = 1;

    /// <summary>
    /// How many inverted lists a search scans when the index has them (see <see cref="EmbeddingIndex{TKey}.BuildIvf"/>):
    /// the lists whose centroids are nearest to the query. More lists, higher recall, slower search. Null: a
    /// <see cref="DefaultIvfProbeDivisor"/>th of the lists, at least <see cref="MinDefaultIvfProbes"/>; 0: ignore the
    /// lists and scan every row. Ignored by indexes without lists.
    /// </summary>
    public int? IvfProbes { get; init; }

    /// <summary>
    /// Which rows a search may return: called once per row number (on the searching thread, before the scan) and the rows
    /// for which it returns false are skipped, so the search is exactly the search of the kept rows. Null keeps every
    /// row. A filtered search scans the kept rows without the inverted lists, so it stays exact.
    /// </summary>
    public Func<int, bool>? RowFilter { get; init; }

    /// <summary>The default <see cref="IvfProbes"/> is the number of lists divided by this (rounded up).</summary>
    public const int DefaultIvfProbeDivisor = 32;

    /// <summary>The smallest default <see cref="IvfProbes"/>.</summary>
    public const int MinDefaultIvfProbes = 8;

    /// <summary>The default <see cref="Oversampling"/> of an int8 scan.</summary>
    public const int DefaultInt8Oversampling = 4;

    /// <summary>The default <see cref="Oversampling"/> of a binary scan.</summary>
    public const int DefaultBinaryOversampling = 40;
}
