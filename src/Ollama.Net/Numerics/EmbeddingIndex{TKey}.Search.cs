using System.Buffers;

namespace Ollama.Net.Numerics;

public sealed partial class EmbeddingIndex<TKey>
{
    /// <summary>Finds the <paramref name="k"/> rows most similar to <paramref name="query"/>, best first.</summary>
    /// <param name="query">The query embedding; <see cref="Dimensions"/> finite elements (it need not be normalized).</param>
    /// <param name="k">The number of hits wanted; fewer are returned when the index has fewer rows.</param>
    /// <param name="options">Mode, re-ranking, oversampling and parallelism; null for <see cref="EmbeddingSearchOptions.Default"/>.</param>
    /// <returns>
    /// <c>min(k, Count)</c> hits ordered by descending score, equal scores by ascending row. A zero query scores 0 against every row.
    /// </returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is negative, or an option is out of range.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="query"/> has the wrong length or contains NaN or ±∞, or the mode needs a representation the index does not store.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The index has been disposed.</exception>
    public SearchHit<TKey>[] Search(ReadOnlySpan<float> query, int k, EmbeddingSearchOptions? options = null)
    {
        ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        using LockScope reading = Read();
        ThrowIfDisposed();
        var hits = new SearchHit<TKey>[Math.Min(k, _count)];
        int written = SearchCore(query, hits, options);
        return written == hits.Length ? hits : hits[..written];
    }

    /// <summary>
    /// Finds the <c>destination.Length</c> rows most similar to <paramref name="query"/> and writes them to
    /// <paramref name="destination"/>, best first, without allocating on the heap once the calling thread has searched
    /// before (for sequential searches: a parallel scan allocates its partitions).
    /// </summary>
    /// <param name="query">The query embedding; <see cref="Dimensions"/> finite elements (it need not be normalized).</param>
    /// <param name="destination">Receives the hits; its length is k.</param>
    /// <param name="options">Mode, re-ranking, oversampling and parallelism; null for <see cref="EmbeddingSearchOptions.Default"/>.</param>
    /// <returns>The number of hits written: <c>min(destination.Length, Count)</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="ArgumentException">
    /// <paramref name="query"/> has the wrong length or contains NaN or ±∞, or the mode needs a representation the index does not store.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The index has been disposed.</exception>
    public int Search(ReadOnlySpan<float> query, Span<SearchHit<TKey>> destination, EmbeddingSearchOptions? options = null)
    {
        ThrowIfDisposed();
        using LockScope reading = Read();
        return SearchCore(query, destination, options);
    }

    private int SearchCore(ReadOnlySpan<float> query, Span<SearchHit<TKey>> destination, EmbeddingSearchOptions? options)
    {
        ThrowIfDisposed();
        options ??= EmbeddingSearchOptions.Default;
        EmbeddingSearchMode mode = ResolveMode(options);
        CheckVector(query, nameof(query), -1);
        Store store = _store;
        int count = Math.Min(_count, store.Capacity);
        int k = Math.Min(destination.Length, count);
        if (k == 0)
        {
            return 0;
        }

        AlignedArray<float> unit = QueryBuffers<float>.Rent(_floatStride);
        float[] scores = ArrayPool<float>.Shared.Rent(k);
        int[] rows = ArrayPool<int>.Shared.Rent(k);
        int[]? listed = null;
        try
        {
            PrepareQuery(query, unit.Span[.._floatStride]);
            RowSet set = SelectRows(count, options, unit.Span[.._floatStride], out listed);
            int found = SearchOne(store, set, mode, options, unit, 0, k, scores.AsSpan(0, k), rows.AsSpan(0, k));
            for (int i = 0; i < found; i++)
            {
                destination[i] = new SearchHit<TKey>(store.Keys[rows[i]], rows[i], scores[i]);
            }

            return found;
        }
        finally
        {
            QueryBuffers<float>.Return(unit);
            ArrayPool<float>.Shared.Return(scores);
            ArrayPool<int>.Shared.Return(rows);
            if (listed is not null)
            {
                ArrayPool<int>.Shared.Return(listed);
            }
        }
    }

    /// <summary>
    /// Every row; the rows the row filter keeps; or with inverted lists the rows of the lists nearest to the query
    /// (rented: return <paramref name="listed"/>).
    /// </summary>
    private RowSet SelectRows(int count, EmbeddingSearchOptions options, ReadOnlySpan<float> unit, out int[]? listed)
    {
        listed = null;
        if (options.RowFilter is { } filter)
        {
            int[] kept = ArrayPool<int>.Shared.Rent(Math.Max(1, count));
            int n = 0;
            for (int row = 0; row < count; row++)
            {
                if (filter(row))
                {
                    kept[n++] = row;
                }
            }

            listed = kept;
            return new RowSet(n, kept);
        }

        if (_ivf is not { } ivf || options.IvfProbes == 0)
        {
            return new RowSet(count, null);
        }

        int probes = options.IvfProbes ?? Math.Max(EmbeddingSearchOptions.MinDefaultIvfProbes, (ivf.Lists + EmbeddingSearchOptions.DefaultIvfProbeDivisor - 1) / EmbeddingSearchOptions.DefaultIvfProbeDivisor);
        RowSet set = ProbeIvf(ivf, unit, probes, out int[] rented);
        listed = rented;
        return set;
    }

    /// <summary>
    /// Runs several queries. Float32 searches score every query in one pass over the rows (in groups of
    /// <see cref="QueriesPerPass"/>), which is several times the throughput of separate searches; int8 and binary
    /// searches run one scan per query.
    /// </summary>
    /// <param name="queries">The queries, row-major: query i is <c>queries[i·Dimensions ..]</c>.</param>
    /// <param name="k">The number of hits wanted per query.</param>
    /// <param name="options">Mode, re-ranking, oversampling and parallelism; null for <see cref="EmbeddingSearchOptions.Default"/>.</param>
    /// <returns>One array of hits per query, each as <see cref="Search(ReadOnlySpan{float}, int, EmbeddingSearchOptions?)"/> returns it.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is negative, or an option is out of range.</exception>
    /// <exception cref="ArgumentException">
    /// The length of <paramref name="queries"/> is not a multiple of <see cref="Dimensions"/>, a query contains NaN or ±∞,
    /// or the mode needs a representation the index does not store.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The index has been disposed.</exception>
    public SearchHit<TKey>[][] SearchMany(ReadOnlySpan<float> queries, int k, EmbeddingSearchOptions? options = null)
    {
        ThrowIfDisposed();
        using LockScope reading = Read();
        ThrowIfDisposed();
        if (queries.Length % _dimensions != 0)
        {
            throw new ArgumentException(
                $"The queries span has {queries.Length} elements, which is not a whole number of {_dimensions}-dimension queries.",
                nameof(queries));
        }

        int queryCount = queries.Length / _dimensions;
        for (int q = 0; q < queryCount; q++)
        {
            CheckVector(queries.Slice(q * _dimensions, _dimensions), nameof(queries), q);
        }

        AlignedArray<float> units = QueryBuffers<float>.Rent(queryCount * _floatStride);
        try
        {
            for (int q = 0; q < queryCount; q++)
            {
                PrepareQuery(queries.Slice(q * _dimensions, _dimensions), units.Span.Slice(q * _floatStride, _floatStride));
            }

            return SearchManyCore(units, queryCount, k, options);
        }
        finally
        {
            QueryBuffers<float>.Return(units);
        }
    }

    /// <summary>Runs several queries; see <see cref="SearchMany(ReadOnlySpan{float}, int, EmbeddingSearchOptions?)"/>.</summary>
    /// <param name="queries">The query embeddings, each with <see cref="Dimensions"/> finite elements.</param>
    /// <param name="k">The number of hits wanted per query.</param>
    /// <param name="options">Mode, re-ranking, oversampling and parallelism; null for <see cref="EmbeddingSearchOptions.Default"/>.</param>
    /// <returns>One array of hits per query.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="queries"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is negative, or an option is out of range.</exception>
    /// <exception cref="ArgumentException">
    /// A query has the wrong length or contains NaN or ±∞, or the mode needs a representation the index does not store.
    /// </exception>
    /// <exception cref="ObjectDisposedException">The index has been disposed.</exception>
    public SearchHit<TKey>[][] SearchMany(IReadOnlyList<ReadOnlyMemory<float>> queries, int k, EmbeddingSearchOptions? options = null)
    {
        ThrowIfDisposed();
        using LockScope reading = Read();
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(queries);
        for (int q = 0; q < queries.Count; q++)
        {
            CheckVector(queries[q].Span, nameof(queries), q);
        }

        AlignedArray<float> units = QueryBuffers<float>.Rent(queries.Count * _floatStride);
        try
        {
            for (int q = 0; q < queries.Count; q++)
            {
                PrepareQuery(queries[q].Span, units.Span.Slice(q * _floatStride, _floatStride));
            }

            return SearchManyCore(units, queries.Count, k, options);
        }
        finally
        {
            QueryBuffers<float>.Return(units);
        }
    }

    /// <summary>How many queries a float32 <c>SearchMany</c> scores per pass over the rows.</summary>
    public const int QueriesPerPass = 16;

    private SearchHit<TKey>[][] SearchManyCore(AlignedArray<float> units, int queryCount, int k, EmbeddingSearchOptions? options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        options ??= EmbeddingSearchOptions.Default;
        EmbeddingSearchMode mode = ResolveMode(options);
        Store store = _store;
        int count = Math.Min(_count, store.Capacity);
        int kk = Math.Min(k, count);
        var results = new SearchHit<TKey>[queryCount][];
        if (kk == 0 || queryCount == 0)
        {
            for (int q = 0; q < queryCount; q++)
            {
                results[q] = [];
            }

            return results;
        }

        float[] scores = ArrayPool<float>.Shared.Rent(queryCount * kk);
        int[] rows = ArrayPool<int>.Shared.Rent(queryCount * kk);
        int[] found = ArrayPool<int>.Shared.Rent(queryCount);
        try
        {
            if (mode == EmbeddingSearchMode.Float32 && (_ivf is null || options.IvfProbes == 0) && options.RowFilter is null)
            {
                var job = new ScanJob();
                job.Start(this, store, new RowSet(count, null), units, 0);
                RunMulti(job, queryCount, options, kk, scores, rows, found);
            }
            else
            {
                for (int q = 0; q < queryCount; q++)
                {
                    RowSet set = SelectRows(count, options, units.Span.Slice(q * _floatStride, _dimensions), out int[]? listed);
                    found[q] = SearchOne(store, set, mode, options, units, q, kk, scores.AsSpan(q * kk, kk), rows.AsSpan(q * kk, kk));
                    if (listed is not null)
                    {
                        ArrayPool<int>.Shared.Return(listed);
                    }
                }
            }

            for (int q = 0; q < queryCount; q++)
            {
                var hits = new SearchHit<TKey>[found[q]];
                for (int i = 0; i < hits.Length; i++)
                {
                    int row = rows[(q * kk) + i];
                    hits[i] = new SearchHit<TKey>(store.Keys[row], row, scores[(q * kk) + i]);
                }

                results[q] = hits;
            }

            return results;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scores);
            ArrayPool<int>.Shared.Return(rows);
            ArrayPool<int>.Shared.Return(found);
        }
    }

    private EmbeddingSearchMode ResolveMode(EmbeddingSearchOptions options)
    {
        if (options.Oversampling is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Oversampling, "Oversampling must be at least 1 (or null for the default).");
        }

        if (options.IvfProbes is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.IvfProbes, "IvfProbes must not be negative (0 scans every row; null is the default).");
        }

        if (options.MaxDegreeOfParallelism is 0 or < -1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(options), options.MaxDegreeOfParallelism, "MaxDegreeOfParallelism must be -1 (all processors) or at least 1.");
        }

        // IVF lists keep int8 codes of their rows, so an IVF search scans int8 (then re-ranks) whatever the storage.
        bool lists = _ivf is not null && options.IvfProbes != 0 && options.RowFilter is null;
        EmbeddingSearchMode mode = options.Mode;
        EmbeddingStorage needed;
        switch (mode)
        {
            case EmbeddingSearchMode.Auto:
                return lists ? EmbeddingSearchMode.Int8
                    : Has(EmbeddingStorage.Binary) ? EmbeddingSearchMode.Binary
                    : Has(EmbeddingStorage.Int8) ? EmbeddingSearchMode.Int8
                    : EmbeddingSearchMode.Float32;
            case EmbeddingSearchMode.Float32:
                needed = EmbeddingStorage.Float32;
                break;
            case EmbeddingSearchMode.Int8:
                needed = EmbeddingStorage.Int8;
                break;
            case EmbeddingSearchMode.Binary:
                needed = EmbeddingStorage.Binary;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(options), mode, "Unknown search mode.");
        }

        if (!Has(needed) && !(lists && mode == EmbeddingSearchMode.Int8))
        {
            throw new ArgumentException(
                $"Search mode {mode} needs {needed} rows but the index stores {_storage}; create the index with EmbeddingStorage.{needed} or pick another mode.",
                nameof(options));
        }

        return mode;
    }

    /// <summary>Writes the unit-length query, zero-padded to the float stride.</summary>
    private void PrepareQuery(ReadOnlySpan<float> query, Span<float> unit)
    {
        EmbeddingMath.Normalize(query, unit[.._dimensions]);
        unit[_dimensions.._floatStride].Clear();
    }
}
