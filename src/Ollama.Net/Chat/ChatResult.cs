using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>
/// The whole chat reply (<see cref="OllamaClient.ChatAsync(ChatRequest, CancellationToken)"/>): the complete assistant
/// <see cref="Message"/> (content, thinking and tool calls), the <see cref="GenerationResponse.DoneReason"/> and the metrics.
/// </summary>
public sealed class ChatResult : GenerationResponse
{
    /// <summary>The complete assistant message; add it to the history to continue the conversation.</summary>
    [JsonPropertyName("message")]
    [JsonPropertyOrder(-6)]
    public Message Message { get; set; } = new() { Role = MessageRole.Assistant };

    /// <summary>Returns the content.</summary>
    public override string ToString() => Message.Content;
}
