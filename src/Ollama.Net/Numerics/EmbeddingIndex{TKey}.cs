namespace Ollama.Net.Numerics;

/// <summary>
/// An in-memory vector index for exact and quantized cosine search over embeddings, with one key per row.
/// </summary>
/// <typeparam name="TKey">
/// The key stored with each row (for example a document id). Keys need not be unique; the index never looks rows up
/// by key. <see cref="Save(Stream)"/> supports <see cref="string"/>, <see cref="int"/>, <see cref="long"/> and
/// <see cref="Guid"/> keys directly, and any other type through an <see cref="IEmbeddingKeySerializer{TKey}"/>.
/// </typeparam>
/// <remarks>
/// <para>
/// Rows are normalized to unit length when added, so the cosine similarity of a query with a row is a plain dot product.
/// Each stored representation (<see cref="EmbeddingStorage"/>) is one contiguous, 64-byte-aligned block with a fixed
/// stride per row: no object per vector. The index grows by doubling (re-allocating and copying the blocks).
/// </para>
/// <para>
/// Zero vectors may be added: they score 0 against every query, as <see cref="EmbeddingMath.CosineSimilarity"/> defines.
/// Vectors containing NaN or ±∞ are rejected with an <see cref="ArgumentException"/>.
/// </para>
/// <para>
/// Thread safety: every member may be called from any thread at any time. Searches run concurrently with each other;
/// a write (adding, replacing or removing rows, <see cref="Clear"/>, <see cref="BuildIvf"/>, <see cref="Dispose"/>)
/// waits for the searches in progress and holds later ones back until it is done, so a search never sees a torn row.
/// </para>
/// </remarks>
public sealed partial class EmbeddingIndex<TKey> : IDisposable
    where TKey : notnull
{
    /// <summary>The largest supported number of dimensions.</summary>
    public const int MaxDimensions = 65_536;

    private const int FloatsPerLine = AlignedArray<float>.Alignment / sizeof(float);
    private const int BytesPerLine = AlignedArray<sbyte>.Alignment;

    private readonly int _dimensions;
    private readonly EmbeddingStorage _storage;
    private readonly int _floatStride;
    private readonly int _codeStride;
    private readonly int _words;
    private Store _store;
    private AlignedArray<float>? _scratch;
    private int _count;
    private bool _disposed;

    /// <summary>Creates an empty index for vectors of <paramref name="dimensions"/> elements.</summary>
    /// <param name="dimensions">The length of every vector; between 1 and <see cref="MaxDimensions"/>.</param>
    /// <param name="options">The stored representations and initial capacity; null for float32 rows only.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimensions"/> or the initial capacity is out of range.</exception>
    /// <exception cref="ArgumentException">The storage is empty or has undefined flags.</exception>
    public EmbeddingIndex(int dimensions, EmbeddingIndexOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimensions, MaxDimensions);
        options ??= new EmbeddingIndexOptions();
        EmbeddingStorage all = EmbeddingStorage.Float32 | EmbeddingStorage.Int8 | EmbeddingStorage.Binary;
        if (options.Storage == 0 || (options.Storage & ~all) != 0)
        {
            throw new ArgumentException(
                $"Storage {options.Storage} is not valid; use one or more of Float32, Int8 and Binary combined with '|'.",
                nameof(options));
        }

        if (options.InitialCapacity < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.InitialCapacity, "InitialCapacity must not be negative.");
        }

        _dimensions = dimensions;
        _storage = options.Storage == EmbeddingStorage.Binary && options.BinaryRerankCodes
            ? EmbeddingStorage.Binary | EmbeddingStorage.Int8
            : options.Storage;
        _floatStride = RoundUp(dimensions, FloatsPerLine);
        _codeStride = RoundUp(dimensions, BytesPerLine);
        _words = (dimensions + 63) / 64;
        _store = new Store(this, 0);
        if (options.InitialCapacity > 0)
        {
            EnsureCapacity(options.InitialCapacity);
        }
    }

    /// <summary>The length of every vector.</summary>
    public int Dimensions => _dimensions;

    /// <summary>
    /// The stored row representations: the <see cref="EmbeddingIndexOptions.Storage"/> asked for, plus
    /// <see cref="EmbeddingStorage.Int8"/> when <see cref="EmbeddingStorage.Binary"/> alone was asked for with
    /// <see cref="EmbeddingIndexOptions.BinaryRerankCodes"/> (the default).
    /// </summary>
    public EmbeddingStorage Storage => _storage;

    /// <summary>The number of rows.</summary>
    public int Count => _count;

    /// <summary>The number of rows the current blocks have room for.</summary>
    public int Capacity => _store.Capacity;

    /// <summary>The largest number of rows an index of this shape can hold (bounded by the largest .NET array).</summary>
    public int MaxCount
    {
        get
        {
            long limit = int.MaxValue;
            if (Has(EmbeddingStorage.Float32))
            {
                limit = Math.Min(limit, AlignedArray<float>.MaxLength / _floatStride);
            }

            if (Has(EmbeddingStorage.Int8))
            {
                limit = Math.Min(limit, AlignedArray<sbyte>.MaxLength / _codeStride);
            }

            if (Has(EmbeddingStorage.Binary))
            {
                limit = Math.Min(limit, AlignedArray<ulong>.MaxLength / _words);
            }

            return (int)Math.Min(limit, Array.MaxLength);
        }
    }

    /// <summary>Adds one row.</summary>
    /// <param name="key">The key returned with the row in search results.</param>
    /// <param name="vector">The embedding; <see cref="Dimensions"/> finite elements. It is copied and normalized.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="vector"/> has the wrong length or contains NaN or ±∞.</exception>
    /// <exception cref="ObjectDisposedException">The index has been disposed.</exception>
    public void Add(TKey key, ReadOnlySpan<float> vector)
    {
        ThrowIfDisposed();
        CheckKey(key, nameof(key), -1);
        CheckVector(vector, nameof(vector), -1);
        using LockScope writing = Write();
        ThrowIfDisposed();
        Grow(_count + 1);
        WriteRow(_count, key, vector);
        _count++;
    }

    /// <summary>Adds one row.</summary>
    /// <param name="key">The key returned with the row in search results.</param>
    /// <param name="vector">The embedding; <see cref="Dimensions"/> finite elements. It is copied and normalized.</param>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="vector"/> has the wrong length or contains NaN or ±∞.</exception>
    /// <exception cref="ObjectDisposedException">The index has been disposed.</exception>
    public void Add(TKey key, ReadOnlyMemory<float> vector) => Add(key, vector.Span);

    /// <summary>Adds rows from parallel lists of keys and vectors (for example the embeddings of one batch request).</summary>
    /// <param name="keys">One key per vector.</param>
    /// <param name="vectors">The embeddings; each must have <see cref="Dimensions"/> finite elements.</param>
    /// <remarks>Every key and vector is checked before the first row is added: on an exception nothing is added.</remarks>
    /// <exception cref="ArgumentNullException">A list or a key is null.</exception>
    /// <exception cref="ArgumentException">The lists differ in length, or a vector has the wrong length or a NaN or ±∞.</exception>
    /// <exception cref="ObjectDisposedException">The index has been disposed.</exception>
    public void AddRange(IReadOnlyList<TKey> keys, IReadOnlyList<ReadOnlyMemory<float>> vectors)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(vectors);
        if (keys.Count != vectors.Count)
        {
            throw new ArgumentException(
                $"There are {keys.Count} keys but {vectors.Count} vectors; pass exactly one key per vector.",
                nameof(vectors));
        }

        for (int i = 0; i < keys.Count; i++)
        {
            CheckKey(keys[i], nameof(keys), i);
            CheckVector(vectors[i].Span, nameof(vectors), i);
        }

        using LockScope writing = Write();
        ThrowIfDisposed();
        Grow(checked(_count + keys.Count));
        for (int i = 0; i < keys.Count; i++)
        {
            WriteRow(_count, keys[i], vectors[i].Span);
            _count++;
        }
    }

    /// <summary>Adds rows from a sequence of key/vector pairs.</summary>
    /// <param name="items">The rows to add; each vector must have <see cref="Dimensions"/> finite elements.</param>
    /// <remarks>The sequence is enumerated once. On an exception the rows added by this call are removed again.</remarks>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> or a key is null.</exception>
    /// <exception cref="ArgumentException">A vector has the wrong length or contains NaN or ±∞.</exception>
    /// <exception cref="ObjectDisposedException">The index has been disposed.</exception>
    public void AddRange(IEnumerable<KeyValuePair<TKey, ReadOnlyMemory<float>>> items)
    {
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(items);
        using LockScope writing = Write();
        ThrowIfDisposed();
        int start = _count;
        try
        {
            if (items is ICollection<KeyValuePair<TKey, ReadOnlyMemory<float>>> collection)
            {
                Grow(checked(_count + collection.Count));
            }

            int i = 0;
            foreach (KeyValuePair<TKey, ReadOnlyMemory<float>> item in items)
            {
                CheckKey(item.Key, nameof(items), i);
                CheckVector(item.Value.Span, nameof(items), i);
                Grow(checked(_count + 1));
                WriteRow(_count, item.Key, item.Value.Span);
                _count++;
                i++;
            }
        }
        catch
        {
            Array.Clear(_store.Keys, start, _count - start);
            _ivf?.Truncate(start, _count);
            _count = start;
            throw;
        }
    }

    /// <summary>Adds rows from a span of keys and a row-major span of vectors.</summary>
    /// <param name="keys">One key per row.</param>
    /// <param name="vectors"><c>keys.Length · Dimensions</c> elements: row i is <c>vectors[i·Dimensions ..]</c>.</param>
    /// <remarks>Every key and row is checked before the first row is added: on an exception nothing is added.</remarks>
    /// <exception cref="ArgumentNullException">A key is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="vectors"/> has the wrong length or contains NaN or ±∞.</exception>
    /// <exception cref="ObjectDisposedException">The index has been disposed.</exception>
    public void AddRange(ReadOnlySpan<TKey> keys, ReadOnlySpan<float> vectors)
    {
        ThrowIfDisposed();
        if (vectors.Length != (long)keys.Length * _dimensions)
        {
            throw new ArgumentException(
                $"{keys.Length} keys need {(long)keys.Length * _dimensions} vector elements ({_dimensions} per row) but {vectors.Length} were given.",
                nameof(vectors));
        }

        for (int i = 0; i < keys.Length; i++)
        {
            CheckKey(keys[i], nameof(keys), i);
            CheckVector(vectors.Slice(i * _dimensions, _dimensions), nameof(vectors), i);
        }

        using LockScope writing = Write();
        ThrowIfDisposed();
        Grow(checked(_count + keys.Length));
        for (int i = 0; i < keys.Length; i++)
        {
            WriteRow(_count, keys[i], vectors.Slice(i * _dimensions, _dimensions));
            _count++;
        }
    }

    /// <summary>Makes room for at least <paramref name="capacity"/> rows.</summary>
    /// <param name="capacity">The number of rows to make room for.</param>
    /// <returns>The new capacity.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is negative.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="capacity"/> exceeds <see cref="MaxCount"/>.</exception>
    /// <exception cref="ObjectDisposedException">The index has been disposed.</exception>
    public int EnsureCapacity(int capacity)
    {
        ThrowIfDisposed();
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        using LockScope writing = Write();
        ThrowIfDisposed();
        return Grow(capacity);
    }

    /// <summary>Makes room for at least <paramref name="capacity"/> rows (the write lock held).</summary>
    private int Grow(int capacity)
    {
        Store current = _store;
        if (capacity <= current.Capacity)
        {
            return current.Capacity;
        }

        int max = MaxCount;
        if (capacity > max)
        {
            throw new InvalidOperationException(
                $"An index of {_dimensions} dimensions with {_storage} storage holds at most {max} rows; {capacity} were requested.");
        }

        int grown = (int)Math.Clamp(Math.Max((long)current.Capacity * 2, 16), capacity, max);
        Resize(grown, _count);
        return grown;
    }

    /// <summary>Returns the key of a row.</summary>
    /// <param name="row">The row number, below <see cref="Count"/>.</param>
    /// <returns>The key the row was added with.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is out of range.</exception>
    /// <exception cref="ObjectDisposedException">The index has been disposed.</exception>
    public TKey GetKey(int row)
    {
        using LockScope reading = Read();
        ThrowIfDisposed();
        CheckRow(row);
        return _store.Keys[row];
    }

    /// <summary>
    /// Returns the stored unit-length float32 vector of a row: a view, valid until rows are added, replaced or removed
    /// (use <see cref="CopyVector"/> while another thread may write).
    /// </summary>
    /// <param name="row">The row number, below <see cref="Count"/>.</param>
    /// <returns>The normalized vector (zero for a zero vector).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is out of range.</exception>
    /// <exception cref="InvalidOperationException">The index keeps no <see cref="EmbeddingStorage.Float32"/> rows.</exception>
    /// <exception cref="ObjectDisposedException">The index has been disposed.</exception>
    public ReadOnlySpan<float> GetVector(int row)
    {
        using LockScope reading = Read();
        return VectorOf(row);
    }

    /// <summary>The unit float32 row (a lock held).</summary>
    private ReadOnlySpan<float> VectorOf(int row)
    {
        ThrowIfDisposed();
        CheckRow(row);
        AlignedArray<float> floats = _store.Floats
            ?? throw new InvalidOperationException("The index keeps no float32 rows; create it with EmbeddingStorage.Float32 to read vectors back.");
        return floats.Span.Slice(row * _floatStride, _dimensions);
    }

    /// <summary>Removes every row, keeping the allocated capacity.</summary>
    /// <remarks>Inverted lists (see <see cref="BuildIvf"/>) keep their centroids and start empty.</remarks>
    /// <exception cref="ObjectDisposedException">The index has been disposed.</exception>
    public void Clear()
    {
        using LockScope writing = Write();
        ThrowIfDisposed();
        Array.Clear(_store.Keys, 0, _count);
        _ivf?.Truncate(0, _count);
        _count = 0;
    }

    /// <summary>Releases the row storage. Later calls throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        using LockScope writing = Write();
        _disposed = true;
        _count = 0;
        _ivf = null;
        _scratch = null;
        _store = new Store(this, 0);
    }

    /// <summary>Addresses of the first float32, int8 and binary rows and the strides in bytes (tests check the alignment).</summary>
    internal (nuint Floats, nuint Codes, nuint Bits, int FloatStrideBytes, int CodeStrideBytes) Layout =>
        (_store.Floats?.Address ?? 0, _store.Codes?.Address ?? 0, _store.Bits?.Address ?? 0, _floatStride * sizeof(float), _codeStride);

    private bool Has(EmbeddingStorage storage) => (_storage & storage) != 0;

    /// <summary>Replaces the blocks with blocks of <paramref name="capacity"/> rows, copying the first <paramref name="rows"/>.</summary>
    private void Resize(int capacity, int rows)
    {
        var next = new Store(this, capacity);
        _store.CopyTo(next, this, rows);
        _store = next;
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private void CheckRow(int row)
    {
        if ((uint)row >= (uint)_count)
        {
            throw new ArgumentOutOfRangeException(nameof(row), row, $"The index has {_count} rows.");
        }
    }

    private static void CheckKey(TKey key, string paramName, int item)
    {
        if (key is null)
        {
            throw new ArgumentNullException(paramName, item < 0 ? "The key must not be null." : $"The key of item {item} is null.");
        }
    }

    private void CheckVector(ReadOnlySpan<float> vector, string paramName, int item)
    {
        if (vector.Length != _dimensions)
        {
            throw new ArgumentException(
                $"{Which(item)} has {vector.Length} elements but the index has {_dimensions} dimensions; embeddings from different models cannot be mixed.",
                paramName);
        }

        if (float.IsFinite(Quantization.MaxMagnitude(KernelPaths.Best, vector)))
        {
            return;
        }

        for (int i = 0; i < vector.Length; i++)
        {
            if (!float.IsFinite(vector[i]))
            {
                throw new ArgumentException($"{Which(item)} has {vector[i]} at element {i}; only finite values can be indexed or searched.", paramName);
            }
        }
    }

    private static string Which(int item) => item < 0 ? "The vector" : $"Vector {item}";

    private void WriteRow(int row, TKey key, ReadOnlySpan<float> vector)
    {
        Store store = _store;
        Span<float> unit;
        if (store.Floats is { } floats)
        {
            Span<float> line = floats.Span.Slice(row * _floatStride, _floatStride);
            unit = line[.._dimensions];
            line[_dimensions..].Clear();
        }
        else
        {
            // Writes hold the write lock, so one scratch row serves them all (aligned like the rows: 512-bit loads
            // that straddle cache lines cost several times the aligned ones).
            unit = (_scratch ??= new AlignedArray<float>(_dimensions)).Span;
        }

        EmbeddingMath.Normalize(vector, unit);
        Span<sbyte> codes = default;
        if (store.Codes is { } block)
        {
            Span<sbyte> line = block.Span.Slice(row * _codeStride, _codeStride);
            line[_dimensions..].Clear();
            codes = line[.._dimensions];
        }

        Span<ulong> bits = store.Bits is { } words ? words.Span.Slice(row * _words, _words) : default;
        if (!codes.IsEmpty || !bits.IsEmpty)
        {
            // One pass for both: the int8 codes and the sign bits of the unit row.
            float scale = Quantization.Encode(KernelPaths.Best, unit, codes, bits);
            if (store.Scales is { } scales)
            {
                scales[row] = scale;
            }
        }

        if (_ivf is { } ivf)
        {
            // IVF needs float32 rows, so the unit row is the padded line of the block.
            ivf.Add(row, ivf.Nearest(ref unit[0]), unit);
        }

        store.Keys[row] = key;
    }

    /// <summary>The row blocks of one capacity; replaced (never resized) when the index grows.</summary>
    private sealed class Store
    {
        public Store(EmbeddingIndex<TKey> owner, int capacity)
        {
            Capacity = capacity;
            Keys = new TKey[capacity];
            if (owner.Has(EmbeddingStorage.Float32))
            {
                Floats = new AlignedArray<float>(capacity * owner._floatStride);
            }

            if (owner.Has(EmbeddingStorage.Int8))
            {
                Codes = new AlignedArray<sbyte>(capacity * owner._codeStride);
                Scales = new float[capacity];
            }

            if (owner.Has(EmbeddingStorage.Binary))
            {
                Bits = new AlignedArray<ulong>(capacity * owner._words);
            }
        }

        public int Capacity { get; }

        public TKey[] Keys { get; }

        public AlignedArray<float>? Floats { get; }

        public AlignedArray<sbyte>? Codes { get; }

        public float[]? Scales { get; }

        public AlignedArray<ulong>? Bits { get; }

        /// <summary>Copies row <paramref name="from"/> over row <paramref name="to"/> in every block.</summary>
        public void MoveRow(int from, int to, EmbeddingIndex<TKey> owner)
        {
            Keys[to] = Keys[from];
            Floats?.Span.Slice(from * owner._floatStride, owner._floatStride).CopyTo(Floats.Span[(to * owner._floatStride)..]);
            Codes?.Span.Slice(from * owner._codeStride, owner._codeStride).CopyTo(Codes.Span[(to * owner._codeStride)..]);
            if (Scales is not null)
            {
                Scales[to] = Scales[from];
            }

            Bits?.Span.Slice(from * owner._words, owner._words).CopyTo(Bits.Span[(to * owner._words)..]);
        }

        public void CopyTo(Store target, EmbeddingIndex<TKey> owner, int count)
        {
            Keys.AsSpan(0, count).CopyTo(target.Keys);
            Floats?.Span[..(count * owner._floatStride)].CopyTo(target.Floats!.Span);
            Codes?.Span[..(count * owner._codeStride)].CopyTo(target.Codes!.Span);
            Scales?.AsSpan(0, count).CopyTo(target.Scales);
            Bits?.Span[..(count * owner._words)].CopyTo(target.Bits!.Span);
        }
    }
}
