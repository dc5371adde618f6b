namespace Ollama.Net.Numerics;

/// <summary>Construction options of an <see cref="EmbeddingIndex{TKey}"/>.</summary>
public sealed class EmbeddingIndexOptions
{
    /// <summary>The row representations to keep. Default: <see cref="EmbeddingStorage.Float32"/>.</summary>
    public EmbeddingStorage Storage { get; init; } = EmbeddingStorage.Float32;

    /// <summary>Rows to allocate room for up front (the index grows by doubling otherwise). Default: 0.</summary>
    public int InitialCapacity { get; init; }
}
