using Microsoft.Extensions.AI;

namespace Ollama.Net.VectorData;

/// <summary>Options of an <see cref="EmbeddingIndexVectorStore"/>.</summary>
public sealed class EmbeddingIndexVectorStoreOptions
{
    /// <summary>
    /// The directory of the snapshot files, one per collection (<c>name.onvs</c>): each is loaded when its collection is
    /// first used and saved atomically (written to a temporary file, flushed to disk, renamed; checksummed) after every
    /// change. Null (the default) keeps every collection in memory only.
    /// </summary>
    public string? Directory { get; set; }

    /// <summary>
    /// The embedding generator of the collections whose definitions set none: it turns records' text (or other input)
    /// into vectors on upsert, and search input into a query vector.
    /// </summary>
    public IEmbeddingGenerator? EmbeddingGenerator { get; set; }
}
