namespace Ollama.Net;

/// <summary>
/// One item of <see cref="ChatSession.SendStreamingAsync(string, CancellationToken)"/>: either a <see cref="Chunk"/> of the
/// model's reply (content or thinking deltas, tool calls, and each request's final chunk with its metrics) or a
/// <see cref="ToolInvocation"/> the session ran between two requests.
/// </summary>
public sealed class ChatSessionUpdate
{
    internal ChatSessionUpdate(int round, ChatUpdate? chunk, ToolInvocation? toolInvocation)
    {
        Round = round;
        Chunk = chunk;
        ToolInvocation = toolInvocation;
    }

    /// <summary>The request of the exchange: 0 for the first, then one more after each round of tool calls.</summary>
    public int Round { get; }

    /// <summary>A chunk of the model's reply, or null for a tool invocation.</summary>
    public ChatUpdate? Chunk { get; }

    /// <summary>A tool the session ran, or null for a chunk.</summary>
    public ToolInvocation? ToolInvocation { get; }

    /// <summary>The content delta of a chunk (empty for a tool invocation).</summary>
    public string Content => Chunk?.Message.Content ?? string.Empty;

    /// <summary>The thinking delta of a chunk, or null.</summary>
    public string? Thinking => Chunk?.Message.Thinking;

    /// <summary>Returns the content delta, or the tool invocation.</summary>
    public override string ToString() => ToolInvocation?.ToString() ?? Content;
}
