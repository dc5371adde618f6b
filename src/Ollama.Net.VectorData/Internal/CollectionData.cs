using System.Numerics.Tensors;
using Microsoft.Extensions.VectorData;
using Ollama.Net.Numerics;

namespace Ollama.Net.VectorData.Internal;

/// <summary>
/// The records of one collection and one <see cref="EmbeddingIndex{TKey}"/> per vector property. Records keep their
/// slot for life (a deleted slot is reused); an index row is a record's vector and knows its slot. Every member except
/// the lock is called with <see cref="Lock"/> held (reading or writing).
/// </summary>
internal sealed class CollectionData : IDisposable
{
    private readonly List<StoredRecord?> _slots = [];
    private readonly Stack<int> _free = new();
    private readonly Dictionary<object, int> _slotOf = [];
    private readonly VectorColumn[] _vectors;

    /// <summary>The stored values again, by column and slot: what filters read (in slot order, without visiting records).</summary>
    private readonly ValueColumns _columns;

    /// <summary>An IvfFlat property scans every row until it has this many (lists of a few rows find nothing faster).</summary>
    public const int MinIvfRows = 4096;

    public CollectionData(CollectionShape shape)
    {
        Shape = shape;
        _vectors = [.. shape.Vectors.Select(v => new VectorColumn(v))];
        _columns = new ValueColumns(shape, 16);
    }

    public CollectionShape Shape { get; }

    public ReaderWriterLockSlim Lock { get; } = new(LockRecursionPolicy.NoRecursion);

    public int Count => _slotOf.Count;

    public IEnumerable<StoredRecord> Records => _slots.Where(r => r is not null)!;

    public StoredRecord? Find(object key) => _slotOf.TryGetValue(key, out int slot) ? _slots[slot] : null;

    /// <summary>The records that pass <paramref name="filter"/>, in slot order.</summary>
    public List<StoredRecord> Matching(RecordFilter filter)
    {
        var matches = new List<StoredRecord>();
        for (int slot = 0; slot < _slots.Count; slot++)
        {
            if (_slots[slot] is { } record && filter(_columns, slot))
            {
                matches.Add(record);
            }
        }

        return matches;
    }

    /// <summary>Adds the record, or replaces the record with its key.</summary>
    public void Upsert(StoredRecord record)
    {
        if (_slotOf.TryGetValue(record.Key, out int slot))
        {
            StoredRecord old = _slots[slot]!;
            old.Values = record.Values;
            _columns.Set(slot, record.Values);
            for (int v = 0; v < _vectors.Length; v++)
            {
                _vectors[v].Set(_slots, old, slot, v, record.Vectors[v]);
            }

            old.Vectors = record.Vectors;
            old.Sources = record.Sources;
            return;
        }

        if (_free.TryPop(out slot))
        {
            _slots[slot] = record;
        }
        else
        {
            slot = _slots.Count;
            _slots.Add(record);
        }

        _slotOf.Add(record.Key, slot);
        _columns.Set(slot, record.Values);
        for (int v = 0; v < _vectors.Length; v++)
        {
            _vectors[v].Set(_slots, record, slot, v, record.Vectors[v]);
        }
    }

    /// <summary>After a batch of changes: (re)builds the inverted lists of IvfFlat properties that have grown enough.</summary>
    public void Changed()
    {
        foreach (VectorColumn column in _vectors)
        {
            column.RebuildListsIfGrown();
        }
    }

    public void Delete(object key)
    {
        if (!_slotOf.Remove(key, out int slot))
        {
            return;
        }

        StoredRecord record = _slots[slot]!;
        for (int v = 0; v < _vectors.Length; v++)
        {
            _vectors[v].Set(_slots, record, slot, v, null);
        }

        _slots[slot] = null;
        _free.Push(slot);
        _columns.Set(slot, null);
    }

    /// <summary>
    /// The <paramref name="take"/> records nearest to <paramref name="query"/> by vector property <paramref name="vector"/>
    /// that pass <paramref name="filter"/>, best first, with their scores in the property's distance function.
    /// </summary>
    public List<(StoredRecord Record, double Score)> Search(int vector, ReadOnlySpan<float> query, int take, RecordFilter? filter, double? threshold)
    {
        VectorColumn column = _vectors[vector];
        if (query.Length != column.Shape.Dimensions)
        {
            throw new ArgumentException(
                $"The search vector has {query.Length} elements but vector property '{column.Shape.Name}' has {column.Shape.Dimensions} dimensions.", "searchValue");
        }

        foreach (float x in query)
        {
            if (!float.IsFinite(x))
            {
                throw new ArgumentException($"The search vector contains {x}; only finite values can be searched.", "searchValue");
            }
        }

        var results = new List<(StoredRecord, double)>();
        if (take == 0 || column.Index.Count == 0)
        {
            return results;
        }

        List<int> slotOfRow = column.SlotOfRow;
        ValueColumns columns = _columns;
        Func<int, bool>? rowFilter = filter is null ? null : row => filter(columns, slotOfRow[row]);
        string distance = column.Shape.Distance;
        bool similarity = distance is DistanceFunction.CosineSimilarity or DistanceFunction.DotProductSimilarity;
        if (distance is DistanceFunction.CosineSimilarity or DistanceFunction.CosineDistance)
        {
            // The index scores unit rows: cosines, exact with float32 rows (re-ranked from int8 for the quantized kinds).
            var options = new EmbeddingSearchOptions { Mode = column.Mode, RowFilter = rowFilter };
            foreach (SearchHit<int> hit in column.Index.Search(query, take, options))
            {
                double score = distance == DistanceFunction.CosineSimilarity ? hit.Score : 1d - hit.Score;
                Add(results, _slots[slotOfRow[hit.Row]]!, score, threshold, similarity);
            }

            return results;
        }

        // Dot products and Euclidean distances depend on the lengths the unit rows drop: score the vectors as given.
        int count = column.Index.Count;
        float[] goodness = new float[count];
        float[] difference = new float[query.Length];
        for (int row = 0; row < count; row++)
        {
            if (rowFilter is not null && !rowFilter(row))
            {
                goodness[row] = float.NegativeInfinity;
                continue;
            }

            float[] stored = _slots[slotOfRow[row]]!.Vectors[vector]!;
            goodness[row] = distance switch
            {
                DistanceFunction.DotProductSimilarity => TensorPrimitives.Dot(query, stored),
                DistanceFunction.NegativeDotProductSimilarity => TensorPrimitives.Dot(query, stored),
                DistanceFunction.EuclideanDistance => -TensorPrimitives.Distance(query, stored),
                _ => -SquaredDistance(query, stored, difference),
            };
        }

        int k = Math.Min(take, count);
        int[] rows = new int[k];
        float[] best = new float[k];
        int found = EmbeddingMath.TopK(goodness, rows, best);
        for (int i = 0; i < found && !float.IsNegativeInfinity(best[i]); i++)
        {
            double score = distance switch
            {
                DistanceFunction.DotProductSimilarity => best[i],
                DistanceFunction.NegativeDotProductSimilarity => -best[i],
                _ => -best[i],
            };
            Add(results, _slots[slotOfRow[rows[i]]]!, score, threshold, similarity);
        }

        return results;
    }

    public void Dispose()
    {
        foreach (VectorColumn column in _vectors)
        {
            column.Index.Dispose();
        }
    }

    private static void Add(List<(StoredRecord, double)> results, StoredRecord record, double score, double? threshold, bool similarity)
    {
        if (threshold is not double limit || (similarity ? score >= limit : score <= limit))
        {
            results.Add((record, score));
        }
    }

    private static float SquaredDistance(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> difference)
    {
        TensorPrimitives.Subtract(x, y, difference);
        return TensorPrimitives.SumOfSquares(difference);
    }

    /// <summary>The index of one vector property and the slot of each of its rows.</summary>
    private sealed class VectorColumn
    {
        public VectorColumn(VectorShape shape)
        {
            Shape = shape;
            EmbeddingStorage storage = shape.Kind switch
            {
                IndexKind.QuantizedFlat => EmbeddingStorage.Float32 | EmbeddingStorage.Int8,
                IndexKind.Dynamic => EmbeddingStorage.Float32 | EmbeddingStorage.Int8 | EmbeddingStorage.Binary,
                _ => EmbeddingStorage.Float32,
            };
            Mode = shape.Kind switch
            {
                IndexKind.QuantizedFlat => EmbeddingSearchMode.Int8,
                IndexKind.Dynamic or IndexKind.IvfFlat => EmbeddingSearchMode.Auto,
                _ => EmbeddingSearchMode.Float32,
            };
            Index = new EmbeddingIndex<int>(shape.Dimensions, new EmbeddingIndexOptions { Storage = storage });
        }

        public VectorShape Shape { get; }

        public EmbeddingIndex<int> Index { get; }

        public EmbeddingSearchMode Mode { get; }

        public List<int> SlotOfRow { get; } = [];

        /// <summary>The row count when the inverted lists were last built (IvfFlat only).</summary>
        private int _listedAt;

        /// <summary>
        /// Builds the inverted lists of an IvfFlat property once it has <see cref="MinIvfRows"/> rows, and again each time
        /// its row count has doubled (rows added in between join the list of their nearest centroid).
        /// </summary>
        public void RebuildListsIfGrown()
        {
            if (Shape.Kind == IndexKind.IvfFlat && Index.Count >= Math.Max(MinIvfRows, 2 * _listedAt))
            {
                Index.BuildIvf();
                _listedAt = Index.Count;
            }
        }

        /// <summary>Gives the record in <paramref name="slot"/> the vector (null: none) for this property.</summary>
        public void Set(List<StoredRecord?> slots, StoredRecord record, int slot, int property, float[]? vector)
        {
            int row = record.Rows[property];
            if (vector is null)
            {
                if (row >= 0)
                {
                    int moved = Index.RemoveAt(row);
                    if (moved != row)
                    {
                        int movedSlot = SlotOfRow[moved];
                        SlotOfRow[row] = movedSlot;
                        slots[movedSlot]!.Rows[property] = row;
                    }

                    SlotOfRow.RemoveAt(SlotOfRow.Count - 1);
                    record.Rows[property] = -1;
                }

                return;
            }

            if (row >= 0)
            {
                Index.SetRow(row, slot, vector);
                return;
            }

            Index.Add(slot, vector);
            SlotOfRow.Add(slot);
            record.Rows[property] = Index.Count - 1;
        }
    }
}
