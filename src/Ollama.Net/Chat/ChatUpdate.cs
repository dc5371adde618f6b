using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>
/// One chunk of a streamed chat reply (<see cref="OllamaClient.ChatStreamingAsync(ChatRequest, CancellationToken)"/>).
/// <see cref="Message"/> holds the delta: a piece of content or thinking, or whole tool calls. The final chunk has
/// <see cref="GenerationResponse.Done"/> set, the <see cref="GenerationResponse.DoneReason"/> and the metrics.
/// </summary>
public sealed class ChatUpdate : GenerationResponse
{
    /// <summary>Creates an update with an empty assistant message.</summary>
    public ChatUpdate()
    {
        Message = new Message { Role = MessageRole.Assistant };
    }

    /// <summary>Creates an update around a message already read from the stream (no placeholder message allocated).</summary>
    internal ChatUpdate(Message message)
    {
        Message = message;
    }

    /// <summary>The delta message (role <c>assistant</c>).</summary>
    [JsonPropertyName("message")]
    [JsonPropertyOrder(-6)]
    public Message Message { get; set; }

    /// <summary>Returns the content delta.</summary>
    public override string ToString() => Message.Content;
}
