namespace Ollama.Net;

public partial class OllamaClient
{
    /// <summary>Sends a generate request and returns the whole reply.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The reply.</returns>
    public virtual Task<GenerateResult> GenerateAsync(GenerateRequest request, CancellationToken cancellationToken = default)
        => throw new NotImplementedException();

    /// <summary>Sends a generate request and streams the reply.</summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The chunks.</returns>
    public virtual IAsyncEnumerable<GenerateUpdate> GenerateStreamingAsync(GenerateRequest request, CancellationToken cancellationToken = default)
        => throw new NotImplementedException();
}
