using Microsoft.Extensions.VectorData;
using Ollama.Net.VectorData.Internal;

namespace Ollama.Net.VectorData;

/// <summary>
/// A collection of records held as <see cref="Dictionary{TKey, TValue}"/> (property name to value), described by a
/// <see cref="VectorStoreCollectionDefinition"/> instead of a .NET type; otherwise an
/// <see cref="EmbeddingIndexCollection{TKey, TRecord}"/>. Keys are the definition's key type, passed as <see cref="object"/>.
/// </summary>
public sealed class EmbeddingIndexDynamicCollection : EmbeddingIndexCollection<object, Dictionary<string, object?>>
{
    /// <summary>Creates a dynamic collection of its own (not shared with a store), in memory or in a directory.</summary>
    /// <param name="name">The collection name: ASCII letters, digits, '-', '_' and '.' (it also names the snapshot file).</param>
    /// <param name="options">The record definition (required), embedding generator and directory.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> or its definition is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or has other characters.</exception>
    /// <exception cref="NotSupportedException">A key, data or vector type, index kind or distance function is not supported.</exception>
    public EmbeddingIndexDynamicCollection(string name, EmbeddingIndexCollectionOptions options)
        : this(new CollectionRegistry(options?.Directory), name, options!)
    {
    }

    internal EmbeddingIndexDynamicCollection(CollectionRegistry registry, string name, VectorStoreCollectionOptions options)
        : base(registry, name, () => BuildModel(options))
    {
    }

    private static Microsoft.Extensions.VectorData.ProviderServices.CollectionModel BuildModel(VectorStoreCollectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        VectorStoreCollectionDefinition definition = options.Definition
            ?? throw new ArgumentNullException(nameof(options), "A dynamic collection needs a VectorStoreCollectionDefinition in options.Definition.");
        return new ModelBuilder().BuildDynamic(definition, options.EmbeddingGenerator);
    }
}
