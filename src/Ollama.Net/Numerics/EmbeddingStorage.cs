namespace Ollama.Net.Numerics;

/// <summary>The row representations an <see cref="EmbeddingIndex{TKey}"/> keeps. Combine them with <c>|</c>.</summary>
/// <remarks>
/// Memory per row of d dimensions: <see cref="Float32"/> 4·d bytes, <see cref="Int8"/> d bytes + 4,
/// <see cref="Binary"/> d/8 bytes (each rounded up; see docs/numerics.md; <see cref="Binary"/> alone adds the
/// <see cref="Int8"/> codes by default, see <see cref="EmbeddingIndexOptions.BinaryRerankCodes"/>). Keeping <see cref="Float32"/> next to a
/// quantized form lets searches re-rank their candidates with exact cosine scores.
/// </remarks>
[Flags]
public enum EmbeddingStorage
{
    /// <summary>Unit-normalized single-precision rows: exact cosine search and re-ranking.</summary>
    Float32 = 1,

    /// <summary>Int8 rows with one scale per row: a quarter of the memory and memory traffic of <see cref="Float32"/>.</summary>
    Int8 = 2,

    /// <summary>
    /// One sign bit per dimension: a thirty-second of <see cref="Float32"/>; a Hamming pre-filter whose candidates are
    /// re-ranked with the most precise stored rows. Asked for alone, the index also keeps <see cref="Int8"/> codes to
    /// re-rank with (its <see cref="EmbeddingIndex{TKey}.Storage"/> reports <c>Binary | Int8</c>) unless
    /// <see cref="EmbeddingIndexOptions.BinaryRerankCodes"/> is false.
    /// </summary>
    Binary = 4,
}
