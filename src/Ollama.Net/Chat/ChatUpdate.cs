using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>
/// One chunk of a streamed chat reply (<see cref="OllamaClient.ChatStreamingAsync(ChatRequest, CancellationToken)"/>).
/// <see cref="Message"/> holds the delta: a piece of content or thinking, or whole tool calls. The final chunk has
/// <see cref="GenerationResponse.Done"/> set, the <see cref="GenerationResponse.DoneReason"/> and the metrics.
/// </summary>
public sealed class ChatUpdate : GenerationResponse
{
    /// <summary>The delta message (role <c>assistant</c>).</summary>
    [JsonPropertyName("message")]
    [JsonPropertyOrder(-6)]
    public Message Message { get; set; } = new() { Role = MessageRole.Assistant };

    /// <summary>Returns the content delta.</summary>
    public override string ToString() => Message.Content;
}
