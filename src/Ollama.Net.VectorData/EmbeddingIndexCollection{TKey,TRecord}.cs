using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.VectorData.ProviderServices;
using Ollama.Net.Numerics;
using Ollama.Net.VectorData.Internal;

namespace Ollama.Net.VectorData;

/// <summary>
/// A collection of records in process, searched with <see cref="EmbeddingIndex{TKey}"/>: one index per vector property,
/// strict filters, exact scores and, with a directory, durable snapshots.
/// </summary>
/// <typeparam name="TKey">The key type: <see cref="int"/>, <see cref="long"/>, <see cref="string"/> or <see cref="Guid"/>.</typeparam>
/// <typeparam name="TRecord">The record type.</typeparam>
/// <remarks>
/// <para>
/// Index kinds: <see cref="IndexKind.Flat"/> (the default; exact float32 scan), <see cref="IndexKind.QuantizedFlat"/>
/// (int8 scan, the best candidates re-scored exactly), <see cref="IndexKind.Dynamic"/> (the index's automatic mode:
/// 1-bit pre-filter, int8, exact re-rank) and <see cref="IndexKind.IvfFlat"/> (inverted lists, built from 4,096 rows on
/// and rebuilt as the collection doubles: approximate, sub-linear; a filtered search scans the matching rows exactly). Distance functions: cosine similarity (the default) and distance, dot product
/// and negative dot product, Euclidean and squared Euclidean distance; cosine scores come from the index kernels, the
/// others from the vectors as given, so every score is exact. Anything else throws <see cref="NotSupportedException"/>.
/// </para>
/// <para>
/// Filters accept what database connectors share (<c>==</c>, <c>!=</c>, <c>&lt;</c>, <c>&lt;=</c>, <c>&gt;</c>,
/// <c>&gt;=</c>, <c>&amp;&amp;</c>, <c>||</c>, <c>!</c>, bool properties, <c>Contains</c>) and throw
/// <see cref="NotSupportedException"/> for anything else when the search or get is called.
/// </para>
/// <para>All members are thread-safe; searches run while other threads upsert or delete.</para>
/// </remarks>
public class EmbeddingIndexCollection<TKey, TRecord> : VectorStoreCollection<TKey, TRecord>
    where TKey : notnull
    where TRecord : class
{
    private const string SystemName = "ollama.net.embeddingindex";

    private readonly CollectionRegistry _registry;
    private readonly CollectionModel _model;
    private readonly CollectionShape _shape;
    private readonly VectorStoreCollectionMetadata _metadata;

    /// <summary>Creates a collection of its own (not shared with a store), in memory or in a directory.</summary>
    /// <param name="name">The collection name: ASCII letters, digits, '-', '_' and '.' (it also names the snapshot file).</param>
    /// <param name="options">The record definition, embedding generator and directory; null for the defaults.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or has other characters.</exception>
    /// <exception cref="NotSupportedException">A key, data or vector type, index kind or distance function is not supported.</exception>
    [RequiresDynamicCode("Maps records by reflection; use EmbeddingIndexDynamicCollection with NativeAOT.")]
    [RequiresUnreferencedCode("Maps records by reflection; use EmbeddingIndexDynamicCollection when trimming.")]
    public EmbeddingIndexCollection(string name, EmbeddingIndexCollectionOptions? options = null)
        : this(new CollectionRegistry(options?.Directory), name, options)
    {
    }

    [RequiresDynamicCode("Maps records by reflection.")]
    [RequiresUnreferencedCode("Maps records by reflection.")]
    internal EmbeddingIndexCollection(CollectionRegistry registry, string name, VectorStoreCollectionOptions? options)
        : this(registry, name, () => BuildModel(options))
    {
    }

    /// <summary>Creates a collection with a model built by <paramref name="model"/> (after the name is checked).</summary>
    internal EmbeddingIndexCollection(CollectionRegistry registry, string name, Func<CollectionModel> model)
    {
        CollectionRegistry.CheckName(name, nameof(name));
        _registry = registry;
        Name = name;
        _model = model();
        _shape = new CollectionShape(_model);
        _metadata = new VectorStoreCollectionMetadata { VectorStoreSystemName = SystemName, CollectionName = name };
    }

    /// <inheritdoc />
    public override string Name { get; }

    /// <inheritdoc />
    public override Task<bool> CollectionExistsAsync(CancellationToken cancellationToken = default)
        => Task.FromResult(_registry.Exists(Name));

    /// <inheritdoc />
    public override Task EnsureCollectionExistsAsync(CancellationToken cancellationToken = default)
    {
        _registry.Create(Name, _shape);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task EnsureCollectionDeletedAsync(CancellationToken cancellationToken = default)
    {
        _registry.Delete(Name);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task<TRecord?> GetAsync(TKey key, RecordRetrievalOptions? options = null, CancellationToken cancellationToken = default)
    {
        object stored = CheckKey(key, nameof(key));
        bool vectors = CheckIncludeVectors(options?.IncludeVectors ?? false);
        CollectionData data = Existing();
        data.Lock.EnterReadLock();
        try
        {
            return Task.FromResult(data.Find(stored) is { } record ? ToRecord(record, vectors) : null);
        }
        finally
        {
            data.Lock.ExitReadLock();
        }
    }

    /// <inheritdoc />
    public override IAsyncEnumerable<TRecord> GetAsync(
        Expression<Func<TRecord, bool>> filter, int top, FilteredRecordRetrievalOptions<TRecord>? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        options ??= new FilteredRecordRetrievalOptions<TRecord>();
        bool vectors = CheckIncludeVectors(options.IncludeVectors);
        RecordFilter predicate = FilterTranslator.Compile(filter, _model, _shape);
        var order = new List<(int Column, bool Ascending)>();
        if (options.OrderBy is { } orderBy)
        {
            foreach (FilteredRecordRetrievalOptions<TRecord>.OrderByDefinition.SortInfo sort in orderBy(new()).Values)
            {
                PropertyModel property = _model.GetDataOrKeyProperty(sort.PropertySelector);
                order.Add((_shape.Columns[property.ModelName], sort.Ascending));
            }
        }

        return GetCoreAsync(predicate, order, options.Skip, top, vectors);
    }

    /// <inheritdoc />
    public override Task DeleteAsync(TKey key, CancellationToken cancellationToken = default)
        => DeleteAsync([key], cancellationToken);

    /// <inheritdoc />
    public override Task DeleteAsync(IEnumerable<TKey> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        List<object> stored = [.. keys.Select(k => CheckKey(k, nameof(keys)))];
        Write(data =>
        {
            foreach (object key in stored)
            {
                data.Delete(key);
            }
        });
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task UpsertAsync(TRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        return UpsertAsync([record], cancellationToken);
    }

    /// <inheritdoc />
    public override async Task UpsertAsync(IEnumerable<TRecord> records, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        List<TRecord> list = [.. records];
        for (int i = 0; i < list.Count; i++)
        {
            if (list[i] is null)
            {
                throw new ArgumentNullException(nameof(records), $"Record {i} is null.");
            }
        }

        // Embeddings are generated before the collection is locked: searches go on meanwhile.
        var generated = new IReadOnlyList<Embedding>?[_model.VectorProperties.Count];
        for (int v = 0; v < generated.Length; v++)
        {
            VectorPropertyModel property = _model.VectorProperties[v];
            if (property.EmbeddingType != property.Type && list.Count > 0)
            {
                generated[v] = await property.GenerateEmbeddingsAsync(list.Select(property.GetValueAsObject), cancellationToken).ConfigureAwait(false);
            }
        }

        List<StoredRecord> stored = [.. list.Select((record, i) => ToStored(record, i, generated))];
        Write(data =>
        {
            foreach (StoredRecord record in stored)
            {
                data.Upsert(record);
            }
        });
    }

    /// <inheritdoc />
    public override IAsyncEnumerable<VectorSearchResult<TRecord>> SearchAsync<TInput>(
        TInput searchValue, int top, VectorSearchOptions<TRecord>? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(searchValue);
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        options ??= new VectorSearchOptions<TRecord>();
        bool vectors = CheckIncludeVectors(options.IncludeVectors);
        VectorPropertyModel property = _model.GetVectorPropertyOrSingle(options);
        RecordFilter? filter = options.Filter is null ? null : FilterTranslator.Compile(options.Filter, _model, _shape);
        if (searchValue is not (ReadOnlyMemory<float> or Embedding<float> or float[]) && property.EmbeddingGenerationDispatcher is null)
        {
            throw new NotSupportedException(VectorDataStrings.InvalidSearchInputAndNoEmbeddingGeneratorWasConfigured(typeof(TInput), ModelBuilder.SupportedVectorTypes));
        }

        int vector = IndexOf(property);
        return SearchCoreAsync(searchValue, property, vector, top, options.Skip, filter, options.ScoreThreshold, vectors, cancellationToken);
    }

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(VectorStoreCollectionMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    private async IAsyncEnumerable<VectorSearchResult<TRecord>> SearchCoreAsync<TInput>(
        TInput searchValue,
        VectorPropertyModel property,
        int vector,
        int top,
        int skip,
        RecordFilter? filter,
        double? threshold,
        bool includeVectors,
        [EnumeratorCancellation] CancellationToken cancellationToken)
        where TInput : notnull
    {
        ReadOnlyMemory<float> query = searchValue switch
        {
            ReadOnlyMemory<float> memory => memory,
            Embedding<float> embedding => embedding.Vector,
            float[] array => array,
            _ => await property.GenerateEmbeddingAsync(searchValue, cancellationToken).ConfigureAwait(false) is Embedding<float> generated
                ? generated.Vector
                : throw new InvalidOperationException($"The embedding generator of vector property '{property.ModelName}' did not return an Embedding<float>."),
        };

        CollectionData data = Existing();
        var results = new List<VectorSearchResult<TRecord>>();
        data.Lock.EnterReadLock();
        try
        {
            foreach ((StoredRecord record, double score) in data.Search(vector, query.Span, (int)Math.Min(int.MaxValue, (long)top + skip), filter, threshold).Skip(skip))
            {
                results.Add(new VectorSearchResult<TRecord>(ToRecord(record, includeVectors), score));
            }
        }
        finally
        {
            data.Lock.ExitReadLock();
        }

        foreach (VectorSearchResult<TRecord> result in results)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return result;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    private async IAsyncEnumerable<TRecord> GetCoreAsync(RecordFilter predicate, List<(int Column, bool Ascending)> order, int skip, int top, bool includeVectors)
    {
        CollectionData data = Existing();
        List<TRecord> results;
        data.Lock.EnterReadLock();
        try
        {
            IEnumerable<StoredRecord> matches = data.Matching(predicate);
            if (order.Count > 0)
            {
                matches = matches.Order(Comparer<StoredRecord>.Create((x, y) => Compare(x, y, order)));
            }

            results = [.. matches.Skip(skip).Take(top).Select(r => ToRecord(r, includeVectors))];
        }
        finally
        {
            data.Lock.ExitReadLock();
        }

        foreach (TRecord record in results)
        {
            yield return record;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    private static int Compare(StoredRecord x, StoredRecord y, List<(int Column, bool Ascending)> order)
    {
        foreach ((int column, bool ascending) in order)
        {
            int compared = Comparer<object?>.Default.Compare(x.Values[column], y.Values[column]);
            if (compared != 0)
            {
                return ascending ? compared : -compared;
            }
        }

        return 0;
    }

    /// <summary>Runs a change with the collection locked for writing, then saves the snapshot when there is a directory.</summary>
    private void Write(Action<CollectionData> change)
    {
        CollectionData data = Existing();
        data.Lock.EnterWriteLock();
        try
        {
            change(data);
            data.Changed();
            if (_registry.PathOf(Name) is { } path)
            {
                Snapshot.Save(data, path);
            }
        }
        finally
        {
            data.Lock.ExitWriteLock();
        }
    }

    private CollectionData Existing() => _registry.Find(Name, _shape)
        ?? throw new VectorStoreException($"Collection '{Name}' does not exist; call EnsureCollectionExistsAsync first.")
        {
            VectorStoreSystemName = SystemName,
            CollectionName = Name,
        };

    private object CheckKey(TKey key, string paramName)
    {
        if (key is null)
        {
            throw new ArgumentNullException(paramName, "A key must not be null.");
        }

        if (key.GetType() != _model.KeyProperty.Type)
        {
            throw new ArgumentException($"The key {key} is a {key.GetType().Name}; the collection's keys are {_model.KeyProperty.Type.Name}.", paramName);
        }

        return key;
    }

    private bool CheckIncludeVectors(bool includeVectors)
    {
        if (includeVectors && _model.EmbeddingGenerationRequired)
        {
            throw new NotSupportedException(VectorDataStrings.IncludeVectorsNotSupportedWithEmbeddingGeneration);
        }

        return includeVectors;
    }

    private int IndexOf(VectorPropertyModel property)
    {
        for (int v = 0; v < _model.VectorProperties.Count; v++)
        {
            if (ReferenceEquals(_model.VectorProperties[v], property))
            {
                return v;
            }
        }

        throw new InvalidOperationException($"'{property.ModelName}' is not a vector property of the collection.");
    }

    private StoredRecord ToStored(TRecord record, int item, IReadOnlyList<Embedding>?[] generated)
    {
        KeyPropertyModel keyProperty = _model.KeyProperty;
        object? key = keyProperty.GetValueAsObject(record);
        if (keyProperty.IsAutoGenerated && key is Guid guid && guid == Guid.Empty)
        {
            key = Guid.NewGuid();
            keyProperty.SetValueAsObject(record, key);
        }

        if (key is null)
        {
            throw new ArgumentException($"Record {item} has no key (property '{keyProperty.ModelName}' is null).", "records");
        }

        if (key.GetType() != keyProperty.Type)
        {
            throw new ArgumentException($"Record {item} has key {key} of type {key.GetType().Name}; the collection's keys are {keyProperty.Type.Name}.", "records");
        }

        var values = new object?[_shape.Values.Length];
        values[0] = key;
        for (int d = 0; d < _model.DataProperties.Count; d++)
        {
            values[d + 1] = StoredValues.Copy(_model.DataProperties[d].GetValueAsObject(record));
        }

        var vectors = new float[]?[_model.VectorProperties.Count];
        var sources = new object?[vectors.Length];
        for (int v = 0; v < vectors.Length; v++)
        {
            VectorPropertyModel property = _model.VectorProperties[v];
            if (generated[v] is not null)
            {
                sources[v] = property.GetValueAsObject(record);
            }

            object? value = generated[v] is { } embeddings ? embeddings[item] : property.GetValueAsObject(record);
            float[]? vector = value switch
            {
                null => null,
                ReadOnlyMemory<float> memory => memory.ToArray(),
                Embedding<float> embedding => embedding.Vector.ToArray(),
                float[] array => (float[])array.Clone(),
                _ => throw new ArgumentException(
                    $"Vector property '{property.ModelName}' of record {key} is a {value.GetType().Name}; use one of {ModelBuilder.SupportedVectorTypes}.", "records"),
            };
            if (vector is not null)
            {
                CheckVector(vector, property, key);
            }

            vectors[v] = vector;
        }

        return new StoredRecord(values, vectors, sources);
    }

    private static void CheckVector(float[] vector, VectorPropertyModel property, object key)
    {
        if (vector.Length != property.Dimensions)
        {
            throw new ArgumentException(
                $"Vector property '{property.ModelName}' of record {key} has {vector.Length} elements but the property has {property.Dimensions} dimensions.", "records");
        }

        foreach (float x in vector)
        {
            if (!float.IsFinite(x))
            {
                throw new ArgumentException($"Vector property '{property.ModelName}' of record {key} contains {x}; only finite values can be stored.", "records");
            }
        }
    }

    private TRecord ToRecord(StoredRecord stored, bool includeVectors)
    {
        TRecord record = _model.CreateRecord<TRecord>();
        _model.KeyProperty.SetValueAsObject(record, stored.Values[0]);
        for (int d = 0; d < _model.DataProperties.Count; d++)
        {
            _model.DataProperties[d].SetValueAsObject(record, StoredValues.Copy(stored.Values[d + 1]));
        }

        for (int v = 0; v < _model.VectorProperties.Count; v++)
        {
            VectorPropertyModel property = _model.VectorProperties[v];
            if (property.EmbeddingType != property.Type)
            {
                // The input the vector was generated from (text): part of the record, not a vector.
                property.SetValueAsObject(record, stored.Sources[v]);
            }
            else if (includeVectors)
            {
                property.SetValueAsObject(record, stored.Vectors[v] is { } vector ? AsPropertyType(property.Type, vector) : null);
            }
        }

        return record;
    }

    /// <summary>A copy of a stored vector in the property's own type.</summary>
    private static object AsPropertyType(Type type, float[] vector)
    {
        float[] copy = (float[])vector.Clone();
        return type == typeof(float[]) ? copy
            : type == typeof(Embedding<float>) ? new Embedding<float>(copy)
            : new ReadOnlyMemory<float>(copy);
    }

    [RequiresDynamicCode("Maps records by reflection.")]
    [RequiresUnreferencedCode("Maps records by reflection.")]
    private static CollectionModel BuildModel(VectorStoreCollectionOptions? options)
    {
        if (typeof(TRecord) == typeof(Dictionary<string, object?>))
        {
            throw new NotSupportedException(VectorDataStrings.NonDynamicCollectionWithDictionaryNotSupported(typeof(EmbeddingIndexDynamicCollection)));
        }

        return new ModelBuilder().Build(typeof(TRecord), typeof(TKey), options?.Definition, options?.EmbeddingGenerator);
    }
}
