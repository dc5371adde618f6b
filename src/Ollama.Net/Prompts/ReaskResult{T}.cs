namespace Ollama.Net.Prompts;

/// <summary>
/// The outcome of a re-ask run: the parsed value when some attempt parsed, and every attempt (raw reply and parse error)
/// either way.
/// </summary>
/// <typeparam name="T">The type of the parsed answer.</typeparam>
public sealed class ReaskResult<T>
{
    internal ReaskResult(ParseResult<T> last, IReadOnlyList<ReaskAttempt> attempts, IReadOnlyList<Message> conversation)
    {
        LastResult = last;
        Attempts = attempts;
        Conversation = conversation;
    }

    /// <summary>Gets a value indicating whether an attempt parsed.</summary>
    public bool IsSuccess => LastResult.IsSuccess;

    /// <summary>Gets the parsed value.</summary>
    /// <exception cref="InvalidOperationException">No attempt parsed; the message lists every attempt.</exception>
    public T Value => IsSuccess
        ? LastResult.Value
        : throw new InvalidOperationException(
            $"The model gave no usable answer in {Attempts.Count} attempt{(Attempts.Count == 1 ? string.Empty : "s")}: "
            + string.Join("; ", Attempts.Select(a => a.ToString())) + ". Check IsSuccess before reading Value.");

    /// <summary>Gets the parse result of the last attempt.</summary>
    public ParseResult<T> LastResult { get; }

    /// <summary>Gets every attempt, in order.</summary>
    public IReadOnlyList<ReaskAttempt> Attempts { get; }

    /// <summary>Gets the whole conversation: the request's messages, then each reply and correction, ending with the last reply.</summary>
    public IReadOnlyList<Message> Conversation { get; }

    /// <summary>Gets the value when an attempt parsed.</summary>
    /// <param name="value">The value, or the default of <typeparamref name="T"/>.</param>
    /// <returns><see langword="true"/> on success.</returns>
    public bool TryGetValue(out T value) => LastResult.TryGetValue(out value);
}
