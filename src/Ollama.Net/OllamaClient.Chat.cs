using Ollama.Net.Diagnostics;
using Ollama.Net.Serialization;

namespace Ollama.Net;

public partial class OllamaClient
{
    /// <summary>
    /// Sends a conversation to <c>POST /api/chat</c> and returns the whole reply. The request is sent with
    /// <c>"stream": false</c>, so the server aggregates content, thinking, tool calls and log probabilities itself
    /// (the request object is not changed).
    /// </summary>
    /// <param name="request">The model, messages, tools and settings.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The complete assistant message with the done reason and metrics.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">The request has no model name, or a null message.</exception>
    /// <exception cref="OllamaModelNotFoundException">The model is not installed.</exception>
    /// <exception cref="OllamaException">The server reported an error or could not be reached.</exception>
    /// <exception cref="TimeoutException"><see cref="OllamaClientOptions.RequestTimeout"/> elapsed.</exception>
    public virtual Task<ChatResult> ChatAsync(ChatRequest request, CancellationToken cancellationToken = default)
    {
        ValidateChatRequest(request);
        return SendJsonAsync(
            HttpMethod.Post, "api/chat", request.WithStream(false), OllamaJsonContext.Default.ChatRequest, OllamaJsonContext.Default.ChatResult, cancellationToken, OperationInfo.ForChat(request));
    }

    /// <summary>
    /// Sends a conversation to <c>POST /api/chat</c> with <c>"stream": true</c> and yields the reply as it is generated:
    /// each <see cref="ChatUpdate"/> carries a delta of content or thinking, or whole tool calls; the last one has
    /// <see cref="GenerationResponse.Done"/> set with the done reason and metrics. Accumulate deltas across all chunks,
    /// the final one included.
    /// </summary>
    /// <param name="request">The model, messages, tools and settings (validated before the enumeration starts).</param>
    /// <param name="cancellationToken">Cancels the call; ends the enumeration with <see cref="OperationCanceledException"/>.</param>
    /// <returns>The chunks, ending with the final (done) chunk.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null (thrown at once).</exception>
    /// <exception cref="ArgumentException">The request has no model name (thrown at once).</exception>
    /// <exception cref="OllamaException">
    /// While enumerating: the server reported an error (before or in the middle of the stream), the stream ended before
    /// its final chunk, or the server could not be reached.
    /// </exception>
    public virtual IAsyncEnumerable<ChatUpdate> ChatStreamingAsync(ChatRequest request, CancellationToken cancellationToken = default)
    {
        ValidateChatRequest(request);
        return StreamJsonAsync(
            HttpMethod.Post,
            "api/chat",
            request.WithStream(true),
            OllamaJsonContext.Default.ChatRequest,
            OllamaJsonContext.Default.ChatUpdate,
            static update => update.Done,
            cancellationToken,
            OperationInfo.ForChat(request));
    }

    private static void ValidateChatRequest(ChatRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ValidateModel(request.Model, nameof(request), "chat request");
        if (request.Messages is null)
        {
            throw new ArgumentException("The chat request's Messages list is null; use an empty list to only load the model.", nameof(request));
        }

        for (var i = 0; i < request.Messages.Count; i++)
        {
            if (request.Messages[i] is null)
            {
                throw new ArgumentException($"Message {i} of the chat request is null.", nameof(request));
            }
        }
    }
}
