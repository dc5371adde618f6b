using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace Ollama.Net.Extensions.AI;

/// <summary>
/// An <see cref="IChatClient"/> over an <see cref="OllamaClient"/> (<c>POST /api/chat</c>). Create one with
/// <see cref="OllamaClientExtensions.AsChatClient(OllamaClient, string?)"/> or register one with
/// <c>services.AddOllamaChatClient(model)</c>; compose it with <see cref="ChatClientBuilder"/>
/// (<c>UseFunctionInvocation</c>, <c>UseLogging</c>, <c>UseOpenTelemetry</c>...).
/// </summary>
/// <remarks>
/// <para>
/// <see cref="ChatOptions"/> mapping: <see cref="ChatOptions.ModelId"/> → <c>model</c> (else the client's default model);
/// <see cref="ChatOptions.Instructions"/> → a leading <c>system</c> message; <see cref="ChatOptions.Temperature"/>,
/// <see cref="ChatOptions.TopP"/>, <see cref="ChatOptions.TopK"/>, <see cref="ChatOptions.Seed"/>,
/// <see cref="ChatOptions.FrequencyPenalty"/>, <see cref="ChatOptions.PresencePenalty"/> and
/// <see cref="ChatOptions.StopSequences"/> → the same <c>options</c>; <see cref="ChatOptions.MaxOutputTokens"/> →
/// <c>num_predict</c>; <see cref="ChatOptions.ResponseFormat"/> → <c>format</c> (text: none, JSON: <c>"json"</c>, JSON
/// with a schema: the schema); <see cref="ChatOptions.Reasoning"/> → <c>think</c> (effort <c>None</c> → <c>false</c>,
/// <c>Low</c>/<c>Medium</c>/<c>High</c> → that level, <c>ExtraHigh</c> → <c>"max"</c>, no effort but an output →
/// <c>true</c>; output <c>None</c> drops the thinking from the response); <see cref="ChatOptions.Tools"/> → <c>tools</c>
/// (function declarations only; hosted tools are skipped).
/// </para>
/// <para>
/// <see cref="ChatOptions.ToolMode"/>: <c>Auto</c> (or null) sends the tools; <c>None</c> sends no tools at all;
/// <c>RequireSpecific(name)</c> sends only that function. Ollama has no way to force a tool call, so
/// <c>RequireAny</c> sends all tools like <c>Auto</c>: the model may still answer with text. Check
/// <see cref="ChatResponse.FinishReason"/> (<see cref="ChatFinishReason.ToolCalls"/> when it called tools).
/// <see cref="ChatOptions.AllowMultipleToolCalls"/> and <see cref="ChatOptions.ConversationId"/> are ignored (Ollama is
/// stateless); a <see cref="ChatOptions.ContinuationToken"/> throws <see cref="NotSupportedException"/>.
/// </para>
/// <para>
/// <see cref="ChatOptions.AdditionalProperties"/> carries what the abstraction has no member for, under Ollama's wire
/// names: <c>keep_alive</c> (TimeSpan, seconds or <c>"5m"</c>), <c>think</c>, <c>truncate</c>, <c>shift</c>,
/// <c>logprobs</c>, <c>top_logprobs</c> go to the request; any other key (<c>num_ctx</c>, <c>repeat_penalty</c>,
/// <c>min_p</c>...) goes into <c>options</c>. <see cref="ChatOptions.RawRepresentationFactory"/> may return a
/// <see cref="ChatRequest"/> to start from.
/// </para>
/// <para>
/// Contents: text, <see cref="TextReasoningContent"/> (sent back as <c>thinking</c>), <see cref="DataContent"/> images
/// and audio, <see cref="FunctionCallContent"/> (Ollama's call ids are kept; one is made up when the server sent none)
/// and <see cref="FunctionResultContent"/> (sent as a <c>tool</c> message with <c>tool_call_id</c> and the
/// <c>tool_name</c> of the matching call). Responses carry the text, the thinking as <see cref="TextReasoningContent"/>,
/// tool calls, <see cref="UsageDetails"/>, the model, the creation time, the finish reason and the raw Ollama result;
/// Ollama's timing metrics are in <see cref="ChatResponse.AdditionalProperties"/> (<c>total_duration</c>,
/// <c>load_duration</c>, <c>prompt_eval_duration</c>, <c>eval_duration</c>).
/// </para>
/// <para>Disposing this client does not dispose the <see cref="OllamaClient"/>: its owner does.</para>
/// </remarks>
public sealed class OllamaChatClient : IChatClient
{
    private readonly OllamaClient _client;
    private readonly string? _defaultModel;
    private readonly ChatClientMetadata _metadata;

    /// <summary>Creates a chat client over <paramref name="client"/>.</summary>
    /// <param name="client">The Ollama client (not disposed by this object).</param>
    /// <param name="defaultModel">
    /// The model used when <see cref="ChatOptions.ModelId"/> is not set; null uses <see cref="OllamaClient.DefaultModel"/>.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is null.</exception>
    public OllamaChatClient(OllamaClient client, string? defaultModel = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _defaultModel = string.IsNullOrWhiteSpace(defaultModel) ? client.DefaultModel : defaultModel;
        _metadata = new ChatClientMetadata(OllamaTelemetry.ProviderName, client.Endpoint, _defaultModel);
    }

    /// <summary>Sends the conversation to <c>/api/chat</c> and returns the whole reply.</summary>
    /// <param name="messages">The conversation.</param>
    /// <param name="options">The settings (see the class remarks for how they map).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The reply.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is null.</exception>
    /// <exception cref="InvalidOperationException">No model is named anywhere.</exception>
    /// <exception cref="OllamaException">The server reported an error or could not be reached.</exception>
    public async Task<ChatResponse> GetResponseAsync(
        IEnumerable<AIChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = ChatRequestMapper.ToRequest(messages, options, _defaultModel, this);
        var result = await _client.ChatAsync(request, cancellationToken).ConfigureAwait(false);
        return ChatResponseMapper.ToResponse(result, IncludeReasoning(options));
    }

    /// <summary>Sends the conversation to <c>/api/chat</c> and streams the reply.</summary>
    /// <param name="messages">The conversation.</param>
    /// <param name="options">The settings (see the class remarks for how they map).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The updates; the last one has the finish reason and a <see cref="UsageContent"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is null.</exception>
    /// <exception cref="InvalidOperationException">No model is named anywhere.</exception>
    /// <exception cref="OllamaException">While enumerating: the server reported an error or could not be reached.</exception>
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<AIChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = ChatRequestMapper.ToRequest(messages, options, _defaultModel, this);
        var updates = _client.ChatStreamingAsync(request, cancellationToken);
        return StreamAsync(updates, IncludeReasoning(options), cancellationToken);
    }

    /// <summary>
    /// Returns <see cref="ChatClientMetadata"/> (provider <c>ollama</c>, the endpoint, the default model), the
    /// <see cref="OllamaClient"/>, or this object; null for anything else or any <paramref name="serviceKey"/>.
    /// </summary>
    /// <param name="serviceType">The type asked for.</param>
    /// <param name="serviceKey">Must be null.</param>
    /// <returns>The service, or null.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="serviceType"/> is null.</exception>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return _metadata;
        }

        if (serviceType.IsInstanceOfType(this))
        {
            return this;
        }

        return serviceType.IsInstanceOfType(_client) ? _client : null;
    }

    /// <summary>Does nothing: the <see cref="OllamaClient"/> belongs to whoever created it.</summary>
    public void Dispose()
    {
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
