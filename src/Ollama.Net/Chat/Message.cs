using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>
/// One chat message: its <see cref="Role"/>, text <see cref="Content"/> and optional thinking, images and tool calls.
/// Create them with <see cref="System(string)"/>, <see cref="User(string, ImageData[])"/>,
/// <see cref="Assistant(string)"/> and <see cref="Tool(string, string, string?)"/>.
/// </summary>
public sealed class Message
{
    /// <summary>Creates an empty message (role and content to be set).</summary>
    public Message()
    {
    }

    /// <summary>Creates a message with a role and text.</summary>
    /// <param name="role">Who wrote it.</param>
    /// <param name="content">The text.</param>
    public Message(MessageRole role, string content)
    {
        Role = role;
        Content = content ?? string.Empty;
    }

    /// <summary>Who wrote the message.</summary>
    [JsonPropertyName("role")]
    public MessageRole Role { get; set; }

    /// <summary>The text; always sent, even when empty.</summary>
    [JsonPropertyName("content")]
    public string Content { get; set; } = string.Empty;

    /// <summary>The model's reasoning text (output of thinking models, or sent back as history).</summary>
    [JsonPropertyName("thinking")]
    public string? Thinking { get; set; }

    /// <summary>Images (or audio clips for audio models) attached to the message.</summary>
    [JsonPropertyName("images")]
    public IList<ImageData>? Images { get; set; }

    /// <summary>Tool calls made by the assistant; keep them when sending the message back as history.</summary>
    [JsonPropertyName("tool_calls")]
    public IList<ToolCall>? ToolCalls { get; set; }

    /// <summary>On a <c>tool</c> message: the name of the tool that produced this result.</summary>
    [JsonPropertyName("tool_name")]
    public string? ToolName { get; set; }

    /// <summary>On a <c>tool</c> message: the <see cref="ToolCall.Id"/> of the call being answered.</summary>
    [JsonPropertyName("tool_call_id")]
    public string? ToolCallId { get; set; }

    /// <summary>Creates a <c>system</c> message (instructions).</summary>
    /// <param name="content">The instructions.</param>
    /// <returns>The message.</returns>
    public static Message System(string content) => new(MessageRole.System, content);

    /// <summary>Creates a <c>user</c> message, optionally with images.</summary>
    /// <param name="content">The text.</param>
    /// <param name="images">Images for vision models (none by default).</param>
    /// <returns>The message.</returns>
    public static Message User(string content, params ImageData[] images)
        => new(MessageRole.User, content) { Images = images is { Length: > 0 } ? images : null };

    /// <summary>Creates an <c>assistant</c> message (for example earlier model output kept as history).</summary>
    /// <param name="content">The text.</param>
    /// <returns>The message.</returns>
    public static Message Assistant(string content) => new(MessageRole.Assistant, content);

    /// <summary>Creates a <c>tool</c> message carrying the result of a tool call.</summary>
    /// <param name="content">The result text (often JSON).</param>
    /// <param name="toolName">The name of the tool that was called.</param>
    /// <param name="toolCallId">The <see cref="ToolCall.Id"/> being answered, when the server gave one.</param>
    /// <returns>The message.</returns>
    public static Message Tool(string content, string toolName, string? toolCallId = null)
        => new(MessageRole.Tool, content) { ToolName = toolName, ToolCallId = toolCallId };

    /// <summary>Returns <c>role: content</c>.</summary>
    public override string ToString() => $"{Role}: {Content}";
}
