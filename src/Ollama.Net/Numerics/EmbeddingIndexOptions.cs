namespace Ollama.Net.Numerics;

/// <summary>Construction options of an <see cref="EmbeddingIndex{TKey}"/>.</summary>
public sealed class EmbeddingIndexOptions
{
    /// <summary>The row representations to keep. Default: <see cref="EmbeddingStorage.Float32"/>.</summary>
    public EmbeddingStorage Storage { get; init; } = EmbeddingStorage.Float32;

    /// <summary>Rows to allocate room for up front (the index grows by doubling otherwise). Default: 0.</summary>
    public int InitialCapacity { get; init; }

    /// <summary>
    /// Whether a <see cref="Storage"/> of <see cref="EmbeddingStorage.Binary"/> alone also keeps int8 codes to re-rank
    /// the 1-bit candidates with (as binary quantization in Qdrant and Weaviate keeps a rescoring copy). Default: true.
    /// Ignored when <see cref="Storage"/> has <see cref="EmbeddingStorage.Float32"/> or <see cref="EmbeddingStorage.Int8"/>.
    /// </summary>
    /// <remarks>
    /// <para>
    /// True: the index stores <c>Binary | Int8</c> (<see cref="EmbeddingIndex{TKey}.Storage"/> says so), d/8 + d + 4
    /// bytes per row (868 B at d = 768), and the default search re-ranks the 1-bit candidates with int8 scores: recall@10
    /// 0.98 on the mixed benchmark set (100,000 × 768, half random directions, half clustered; docs/numerics.md).
    /// </para>
    /// <para>
    /// False: only the sign bits, d/8 bytes per row (96 B at d = 768, a thirty-second of float32), and scores are the
    /// Hamming estimates <c>cos(π·h/d)</c>: recall@10 0.29 on the same set. Use it as a coarse pre-filter only.
    /// </para>
    /// </remarks>
    public bool BinaryRerankCodes { get; init; } = true;
}
