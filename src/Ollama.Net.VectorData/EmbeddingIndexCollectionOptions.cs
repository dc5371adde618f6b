using Microsoft.Extensions.VectorData;

namespace Ollama.Net.VectorData;

/// <summary>Options of an <see cref="EmbeddingIndexCollection{TKey, TRecord}"/> created on its own (not through a store).</summary>
public sealed class EmbeddingIndexCollectionOptions : VectorStoreCollectionOptions
{
    /// <summary>Creates options with no definition, no embedding generator and no directory (in memory).</summary>
    public EmbeddingIndexCollectionOptions()
    {
    }

    /// <summary>Creates a copy of <paramref name="source"/>.</summary>
    /// <param name="source">The options to copy; null for the defaults.</param>
    public EmbeddingIndexCollectionOptions(EmbeddingIndexCollectionOptions? source)
        : base(source)
    {
        Directory = source?.Directory;
    }

    /// <summary>
    /// The directory of the collection's snapshot file (<c>name.onvs</c>): loaded when the collection is first used and
    /// saved atomically after every change. Null (the default) keeps the collection in memory only.
    /// </summary>
    public string? Directory { get; set; }
}
