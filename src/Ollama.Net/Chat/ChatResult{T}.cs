namespace Ollama.Net;

/// <summary>
/// A structured chat answer (<see cref="OllamaClient.ChatAsync{T}(ChatRequest, System.Text.Json.Serialization.Metadata.JsonTypeInfo{T}, CancellationToken)"/>):
/// the <see cref="Value"/> parsed from the content, and the <see cref="Raw"/> reply with its message and metrics.
/// </summary>
/// <typeparam name="T">The type of the answer.</typeparam>
public sealed class ChatResult<T>
{
    /// <summary>Creates a result.</summary>
    /// <param name="value">The parsed answer.</param>
    /// <param name="raw">The reply it was parsed from.</param>
    /// <exception cref="ArgumentNullException"><paramref name="raw"/> is null.</exception>
    public ChatResult(T value, ChatResult raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        Value = value;
        Raw = raw;
    }

    /// <summary>The answer parsed from the content.</summary>
    public T Value { get; }

    /// <summary>The whole reply: the assistant message (keep it in the history), done reason and metrics.</summary>
    public ChatResult Raw { get; }

    /// <summary>Returns the raw content.</summary>
    public override string ToString() => Raw.ToString();
}
