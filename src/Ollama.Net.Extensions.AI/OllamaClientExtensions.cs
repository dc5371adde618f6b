using Microsoft.Extensions.AI;

namespace Ollama.Net.Extensions.AI;

/// <summary>Turns an <see cref="OllamaClient"/> into Microsoft.Extensions.AI abstractions.</summary>
public static class OllamaClientExtensions
{
    /// <summary>Wraps the client in an <see cref="IChatClient"/> (an <see cref="OllamaChatClient"/>).</summary>
    /// <param name="client">The Ollama client (the chat client does not dispose it).</param>
    /// <param name="model">The default model, such as <c>llama3.2</c>; null uses <see cref="OllamaClient.DefaultModel"/>.</param>
    /// <returns>The chat client.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is null.</exception>
    public static IChatClient AsChatClient(this OllamaClient client, string? model = null) => new OllamaChatClient(client, model);

    /// <summary>Wraps the client in an <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> (an <see cref="OllamaEmbeddingGenerator"/>).</summary>
    /// <param name="client">The Ollama client (the generator does not dispose it).</param>
    /// <param name="model">The default embedding model, such as <c>nomic-embed-text</c>; null uses <see cref="OllamaClient.DefaultModel"/>.</param>
    /// <returns>The embedding generator.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is null.</exception>
    public static IEmbeddingGenerator<string, Embedding<float>> AsEmbeddingGenerator(this OllamaClient client, string? model = null)
        => new OllamaEmbeddingGenerator(client, model);
}
