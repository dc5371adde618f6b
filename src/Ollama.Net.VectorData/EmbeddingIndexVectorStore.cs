using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.VectorData;
using Ollama.Net.VectorData.Internal;

namespace Ollama.Net.VectorData;

/// <summary>
/// A <see cref="VectorStore"/> in process, on <see cref="Numerics.EmbeddingIndex{TKey}"/>: collections of records with
/// upsert, delete, strict filters and exact scores, in memory or saved as snapshot files in a directory. Code written
/// against the abstraction moves to a database connector unchanged.
/// </summary>
/// <remarks>
/// Every collection object the store hands out for a name shares that collection's records. Not NativeAOT-clean: the
/// abstraction maps typed records by reflection (<see cref="GetDynamicCollection"/> avoids it).
/// </remarks>
public sealed class EmbeddingIndexVectorStore : VectorStore
{
    private readonly CollectionRegistry _registry;
    private readonly EmbeddingIndexVectorStoreOptions _options;
    private readonly VectorStoreMetadata _metadata = new() { VectorStoreSystemName = "ollama.net.embeddingindex" };

    /// <summary>Creates a store, in memory or (with <see cref="EmbeddingIndexVectorStoreOptions.Directory"/>) on disk.</summary>
    /// <param name="options">The directory and default embedding generator; null for an in-memory store without a generator.</param>
    public EmbeddingIndexVectorStore(EmbeddingIndexVectorStoreOptions? options = null)
    {
        _options = new EmbeddingIndexVectorStoreOptions { Directory = options?.Directory, EmbeddingGenerator = options?.EmbeddingGenerator };
        _registry = new CollectionRegistry(_options.Directory);
    }

    /// <inheritdoc />
    [RequiresDynamicCode("Maps records by reflection; use GetDynamicCollection with NativeAOT.")]
    [RequiresUnreferencedCode("Maps records by reflection; use GetDynamicCollection when trimming.")]
    public override EmbeddingIndexCollection<TKey, TRecord> GetCollection<TKey, TRecord>(string name, VectorStoreCollectionDefinition? definition = null)
    {
        if (typeof(TRecord) == typeof(Dictionary<string, object?>))
        {
            throw new NotSupportedException(Microsoft.Extensions.VectorData.ProviderServices.VectorDataStrings.GetCollectionWithDictionaryNotSupported);
        }

        return new EmbeddingIndexCollection<TKey, TRecord>(_registry, name, new EmbeddingIndexCollectionOptions { Definition = definition, EmbeddingGenerator = _options.EmbeddingGenerator });
    }

    /// <inheritdoc />
    public override EmbeddingIndexDynamicCollection GetDynamicCollection(string name, VectorStoreCollectionDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        return new EmbeddingIndexDynamicCollection(_registry, name, new EmbeddingIndexCollectionOptions { Definition = definition, EmbeddingGenerator = _options.EmbeddingGenerator });
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<string> ListCollectionNamesAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (string name in _registry.Names())
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return name;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override Task<bool> CollectionExistsAsync(string name, CancellationToken cancellationToken = default)
    {
        CollectionRegistry.CheckName(name, nameof(name));
        return Task.FromResult(_registry.Exists(name));
    }

    /// <inheritdoc />
    public override Task EnsureCollectionDeletedAsync(string name, CancellationToken cancellationToken = default)
    {
        CollectionRegistry.CheckName(name, nameof(name));
        _registry.Delete(name);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(VectorStoreMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }
}
