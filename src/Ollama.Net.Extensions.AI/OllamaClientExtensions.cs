using Ollama.Net;
using Ollama.Net.Extensions.AI;

namespace Microsoft.Extensions.AI;

/// <summary>
/// Gets Microsoft.Extensions.AI abstractions for an <see cref="OllamaClient"/>: <see cref="IChatClient"/> over
/// <c>POST /api/chat</c> and <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> over <c>POST /api/embed</c>.
/// </summary>
/// <remarks>
/// The adapters do not dispose the <see cref="OllamaClient"/>: its owner does. Their <c>GetService</c> returns the
/// <see cref="OllamaClient"/>, the <see cref="ChatClientMetadata"/> or <see cref="EmbeddingGeneratorMetadata"/>
/// (provider <c>ollama</c>, the endpoint, the default model) and the adapter itself. How every <see cref="ChatOptions"/>
/// and <see cref="EmbeddingGenerationOptions"/> member maps onto the Ollama request is in the package README.
/// </remarks>
public static class OllamaClientExtensions
{
    /// <summary>Gets an <see cref="IChatClient"/> that chats through this <see cref="OllamaClient"/>.</summary>
    /// <param name="client">The Ollama client (not disposed by the chat client).</param>
    /// <param name="model">
    /// The model used when <see cref="ChatOptions.ModelId"/> is not set, such as <c>llama3.2</c>; null uses
    /// <see cref="OllamaClient.DefaultModel"/>.
    /// </param>
    /// <returns>The chat client; compose it with <see cref="ChatClientBuilder"/> (<c>UseFunctionInvocation</c>, <c>UseLogging</c>...).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is null.</exception>
    public static IChatClient AsIChatClient(this OllamaClient client, string? model = null) => new OllamaChatClient(client, model);

    /// <summary>Gets an <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> that embeds through this <see cref="OllamaClient"/>.</summary>
    /// <param name="client">The Ollama client (not disposed by the generator).</param>
    /// <param name="model">
    /// The embedding model used when <see cref="EmbeddingGenerationOptions.ModelId"/> is not set, such as
    /// <c>nomic-embed-text</c>; null uses <see cref="OllamaClient.DefaultModel"/>.
    /// </param>
    /// <returns>The embedding generator; a batch of values is one <c>/api/embed</c> call.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is null.</exception>
    public static IEmbeddingGenerator<string, Embedding<float>> AsIEmbeddingGenerator(this OllamaClient client, string? model = null)
        => new OllamaEmbeddingGenerator(client, model);
}
