using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Ollama.Net.Internal;

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

    /// <summary>
    /// Parses the content as JSON into <typeparamref name="T"/> (structured output: set <see cref="GenerationRequest.Format"/>
    /// to <see cref="OutputFormat.FromType{T}(JsonTypeInfo{T})"/>, or use
    /// <see cref="OllamaClient.ChatAsync{T}(ChatRequest, JsonTypeInfo{T}, CancellationToken)"/>). A Markdown code fence
    /// around the JSON is tolerated.
    /// </summary>
    /// <typeparam name="T">The type of the answer.</typeparam>
    /// <param name="typeInfo">Its source-generated metadata.</param>
    /// <returns>The parsed value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="typeInfo"/> is null.</exception>
    /// <exception cref="System.Text.Json.JsonException">The content is not JSON for <typeparamref name="T"/> (the message quotes it).</exception>
    public T GetContentAs<T>(JsonTypeInfo<T> typeInfo) => StructuredOutput.Parse(Message.Content, typeInfo, "answer", DoneReason);

    /// <summary>Returns the content.</summary>
    public override string ToString() => Message.Content;
}
