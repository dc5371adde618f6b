namespace Ollama.Net;

public partial class OllamaClient
{
    /// <summary>Sends a chat request and returns the whole reply.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The reply.</returns>
    public virtual Task<ChatResult> ChatAsync(ChatRequest request, CancellationToken cancellationToken = default)
        => throw new NotImplementedException();

    /// <summary>Sends a chat request and streams the reply.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The chunks.</returns>
    public virtual IAsyncEnumerable<ChatUpdate> ChatStreamingAsync(ChatRequest request, CancellationToken cancellationToken = default)
        => throw new NotImplementedException();
}
