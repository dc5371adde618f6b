namespace Ollama.Net.Prompts;

/// <summary>A <see cref="FormatConstraint"/> whose answers parse into values of <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The type of a parsed answer.</typeparam>
public abstract class FormatConstraint<T> : FormatConstraint
{
    /// <summary>Initializes a new instance for a derived constraint.</summary>
    protected FormatConstraint()
    {
    }

    /// <summary>Parses a model reply. Never throws for bad replies: a failure carries the reason and the raw text.</summary>
    /// <param name="reply">The model's answer text.</param>
    /// <returns>The value, or a failure whose <see cref="ParseResult{T}.Error"/> says what was wrong.</returns>
    public ParseResult<T> Parse(string? reply)
    {
        if (string.IsNullOrWhiteSpace(reply))
        {
            return ParseResult<T>.Failure(ParseErrorKind.Empty, "The reply is empty.", reply ?? string.Empty, "回答为空。");
        }

        return ParseCore(reply);
    }

    /// <summary>Parses a model reply, <c>TryParse</c> style.</summary>
    /// <param name="reply">The model's answer text.</param>
    /// <param name="value">The parsed value, or the default of <typeparamref name="T"/> when the reply does not parse.</param>
    /// <returns><see langword="true"/> when the reply was parsed.</returns>
    public bool TryParse(string? reply, out T value) => Parse(reply).TryGetValue(out value);

    /// <summary>Parses a reply that is not empty.</summary>
    /// <param name="reply">The model's answer text (not empty or white space).</param>
    /// <returns>The result.</returns>
    protected abstract ParseResult<T> ParseCore(string reply);
}
