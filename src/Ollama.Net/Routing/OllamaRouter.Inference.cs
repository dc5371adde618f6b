namespace Ollama.Net;

// Calls for one model: routed to the server that suits the model best.
public partial class OllamaRouter
{
    /// <inheritdoc/>
    public override Task<ChatResult> ChatAsync(ChatRequest request, CancellationToken cancellationToken = default)
    {
        ValidateChatRequest(request);
        return RouteAsync(request.Model, (client, token) => client.ChatAsync(request, token), cancellationToken);
    }

    /// <inheritdoc/>
    public override IAsyncEnumerable<ChatUpdate> ChatStreamingAsync(ChatRequest request, CancellationToken cancellationToken = default)
    {
        ValidateChatRequest(request);
        return RouteStreamAsync(request.Model, (client, token) => client.ChatStreamingAsync(request, token), cancellationToken);
    }

    /// <inheritdoc/>
    public override Task<GenerateResult> GenerateAsync(GenerateRequest request, CancellationToken cancellationToken = default)
    {
        ValidateGenerateRequest(request);
        return RouteAsync(request.Model, (client, token) => client.GenerateAsync(request, token), cancellationToken);
    }

    /// <inheritdoc/>
    public override IAsyncEnumerable<GenerateUpdate> GenerateStreamingAsync(GenerateRequest request, CancellationToken cancellationToken = default)
    {
        ValidateGenerateRequest(request);
        return RouteStreamAsync(request.Model, (client, token) => client.GenerateStreamingAsync(request, token), cancellationToken);
    }

    /// <inheritdoc/>
    public override Task<EmbedResult> EmbedAsync(EmbedRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Model, nameof(request));
        return RouteAsync(request.Model, (client, token) => client.EmbedAsync(request, token), cancellationToken);
    }

    /// <inheritdoc/>
    [Obsolete(LegacyEmbeddingsMessage)]
    public override Task<LegacyEmbeddingResult> EmbeddingsAsync(LegacyEmbeddingRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Model, nameof(request));
        return RouteAsync(request.Model, (client, token) => client.EmbeddingsAsync(request, token), cancellationToken);
    }

    /// <inheritdoc/>
    public override Task<ShowModelResult> ShowModelAsync(ShowModelRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Model, nameof(request));
        return RouteAsync(request.Model, (client, token) => client.ShowModelAsync(request, token), cancellationToken, loadsModel: false);
    }

    /// <inheritdoc/>
    public override Task LoadModelAsync(string model, KeepAlive? keepAlive = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        return RouteAsync<bool>(
            model,
            async (client, token) =>
            {
                await client.LoadModelAsync(model, keepAlive, token).ConfigureAwait(false);
                return true;
            },
            cancellationToken);
    }
}
