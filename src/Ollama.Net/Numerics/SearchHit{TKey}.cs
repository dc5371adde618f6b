namespace Ollama.Net.Numerics;

/// <summary>One result of an <see cref="EmbeddingIndex{TKey}"/> search.</summary>
/// <typeparam name="TKey">The key type of the index.</typeparam>
/// <param name="Key">The key the row was added with.</param>
/// <param name="Row">The row number (0-based, in insertion order).</param>
/// <param name="Score">
/// The cosine similarity of the row with the query: exact when the row was scored with float32 rows, otherwise an
/// estimate from the quantized rows (see <see cref="EmbeddingSearchOptions.Rerank"/>).
/// </param>
public readonly record struct SearchHit<TKey>(TKey Key, int Row, float Score);
