using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace Ollama.Net.Extensions.AI;

/// <summary>
/// The <see cref="IChatClient"/> over an <see cref="OllamaClient"/> (<c>POST /api/chat</c>), made by
/// <see cref="OllamaClientExtensions.AsIChatClient"/> and <c>AddOllamaChatClient</c>. How <see cref="ChatOptions"/> and
/// the contents map onto the request is in the package README.
/// </summary>
internal sealed class OllamaChatClient : OllamaAdapter, IChatClient
{
    /// <summary>Creates a chat client over <paramref name="client"/>.</summary>
    /// <param name="client">The Ollama client (not disposed by this object).</param>
    /// <param name="defaultModel">
    /// The model used when <see cref="ChatOptions.ModelId"/> is not set; null uses <see cref="OllamaClient.DefaultModel"/>.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is null.</exception>
    public OllamaChatClient(OllamaClient client, string? defaultModel = null)
        : base(client, defaultModel)
        => Metadata = new ChatClientMetadata(OllamaTelemetry.ProviderName, client.Endpoint, DefaultModel);

    /// <inheritdoc/>
    protected override ChatClientMetadata Metadata { get; }

    /// <summary>Sends the conversation to <c>/api/chat</c> and returns the whole reply.</summary>
    /// <param name="messages">The conversation.</param>
    /// <param name="options">The settings (the package README says how they map).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The reply.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is null.</exception>
    /// <exception cref="InvalidOperationException">No model is named anywhere.</exception>
    /// <exception cref="OllamaException">The server reported an error or could not be reached.</exception>
    public async Task<ChatResponse> GetResponseAsync(
        IEnumerable<AIChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = ChatRequestMapper.ToRequest(messages, options, DefaultModel, this);
        var result = await Client.ChatAsync(request, cancellationToken).ConfigureAwait(false);
        return ChatResponseMapper.ToResponse(result, IncludeReasoning(options));
    }

    /// <summary>Sends the conversation to <c>/api/chat</c> and streams the reply.</summary>
    /// <param name="messages">The conversation.</param>
    /// <param name="options">The settings (the package README says how they map).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updates; the last one has the finish reason and a <see cref="UsageContent"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is null.</exception>
    /// <exception cref="InvalidOperationException">No model is named anywhere.</exception>
    /// <exception cref="OllamaException">While enumerating: the server reported an error or could not be reached.</exception>
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<AIChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = ChatRequestMapper.ToRequest(messages, options, DefaultModel, this);
        var updates = Client.ChatStreamingAsync(request, cancellationToken);
        return StreamAsync(updates, IncludeReasoning(options), cancellationToken);
    }

    private static bool IncludeReasoning(ChatOptions? options) => options?.Reasoning?.Output != ReasoningOutput.None;

    private static async IAsyncEnumerable<ChatResponseUpdate> StreamAsync(
        IAsyncEnumerable<ChatUpdate> updates, bool includeReasoning, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var responseId = Ids.NewResponseId();
        var messageId = Ids.NewMessageId();
        var sawToolCalls = false;
        await foreach (var update in updates.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            sawToolCalls |= update.Message.ToolCalls is { Count: > 0 };
            yield return ChatResponseMapper.ToUpdate(update, responseId, messageId, includeReasoning, sawToolCalls);
        }
    }
}
