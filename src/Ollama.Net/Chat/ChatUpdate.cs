using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>
/// One chunk of a streamed chat reply (<see cref="OllamaClient.ChatStreamingAsync(ChatRequest, CancellationToken)"/>).
/// <see cref="Message"/> holds the delta: a piece of content or thinking, or whole tool calls. The final chunk has
/// <see cref="GenerationResponse.Done"/> set, the <see cref="GenerationResponse.DoneReason"/> and the metrics.
/// </summary>
public sealed class ChatUpdate : GenerationResponse
{
    // Made on first read: a chunk read from the stream gets its message from the line, with no placeholder made first.
    private Message? _message;

    /// <summary>The delta message (role <c>assistant</c>); an empty assistant message when the chunk carries none.</summary>
    [JsonPropertyName("message")]
    [JsonPropertyOrder(-6)]
    public Message Message
    {
        get => _message ??= new Message { Role = MessageRole.Assistant };
        set => _message = value;
    }

    /// <summary>Returns the content delta.</summary>
    public override string ToString() => Message.Content;
}
