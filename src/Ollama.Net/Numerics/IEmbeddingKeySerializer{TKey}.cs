namespace Ollama.Net.Numerics;

/// <summary>
/// Writes and reads the keys of an <see cref="EmbeddingIndex{TKey}"/> whose key type has no built-in format
/// (built in: <see cref="string"/>, <see cref="int"/>, <see cref="long"/>, <see cref="Guid"/>).
/// </summary>
/// <typeparam name="TKey">The key type.</typeparam>
/// <remarks>
/// <see cref="Read"/> must consume exactly the bytes <see cref="Write"/> produced for the same key. The key bytes are
/// covered by the file checksum like the rest of the index.
/// </remarks>
public interface IEmbeddingKeySerializer<TKey>
{
    /// <summary>Writes one key.</summary>
    /// <param name="writer">The writer to write to.</param>
    /// <param name="key">The key.</param>
    void Write(BinaryWriter writer, TKey key);

    /// <summary>Reads one key written by <see cref="Write"/>.</summary>
    /// <param name="reader">The reader to read from.</param>
    /// <returns>The key.</returns>
    TKey Read(BinaryReader reader);
}
