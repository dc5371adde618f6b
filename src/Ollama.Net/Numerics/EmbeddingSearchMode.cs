namespace Ollama.Net.Numerics;

/// <summary>Which stored representation an <see cref="EmbeddingIndex{TKey}"/> search scans.</summary>
public enum EmbeddingSearchMode
{
    /// <summary>
    /// The fastest stored one: <see cref="Binary"/>, else <see cref="Int8"/>, else <see cref="Float32"/>. A search through
    /// inverted lists (see <see cref="EmbeddingIndex{TKey}.BuildIvf"/>) scans <see cref="Int8"/>: the lists keep int8
    /// codes of their rows, contiguously.
    /// </summary>
    Auto,

    /// <summary>Exact cosine over the float32 rows.</summary>
    Float32,

    /// <summary>Approximate cosine over the int8 rows, then (by default) exact re-ranking of the best candidates.</summary>
    Int8,

    /// <summary>
    /// Hamming distance over the sign bits, then re-ranking of the best candidates with the most precise stored rows
    /// (float32, else int8: an index created with <see cref="EmbeddingStorage.Binary"/> alone keeps int8 codes for this
    /// by default). Only an index created with <see cref="EmbeddingIndexOptions.BinaryRerankCodes"/> false has nothing
    /// to re-rank with and returns the Hamming estimates <c>cos(π·h/d)</c>.
    /// </summary>
    Binary,
}
