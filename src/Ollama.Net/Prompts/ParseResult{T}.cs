namespace Ollama.Net.Prompts;

/// <summary>
/// The outcome of parsing a model reply with a <see cref="FormatConstraint{T}"/>: either a value, or a failure that says
/// why (in English and in Chinese) and keeps the raw reply. A failure never turns into a silent default.
/// </summary>
/// <typeparam name="T">The type of the parsed value.</typeparam>
public sealed class ParseResult<T>
{
    private readonly T _value;
    private readonly string? _chineseError;

    private ParseResult(string rawText, T value, ParseErrorKind kind, string? error, string? chineseError)
    {
        RawText = rawText;
        _value = value;
        ErrorKind = kind;
        Error = error;
        _chineseError = chineseError;
    }

    /// <summary>Gets a value indicating whether the reply was parsed.</summary>
    public bool IsSuccess => ErrorKind == ParseErrorKind.None;

    /// <summary>Gets the parsed value.</summary>
    /// <exception cref="InvalidOperationException">The parse failed; the message carries <see cref="Error"/> and the raw reply.</exception>
    public T Value => IsSuccess
        ? _value
        : throw new InvalidOperationException(
            $"The model reply could not be parsed: {Error} Raw reply: \"{TextSnippet.Of(RawText, 200)}\". Check IsSuccess before reading Value, or use TryGetValue.");

    /// <summary>Gets the reason of the failure in English, or <see langword="null"/> on success.</summary>
    public string? Error { get; }

    /// <summary>Gets the kind of failure (<see cref="ParseErrorKind.None"/> on success).</summary>
    public ParseErrorKind ErrorKind { get; }

    /// <summary>Gets the model reply exactly as it was given to the parser.</summary>
    public string RawText { get; }

    /// <summary>Creates a successful result.</summary>
    /// <param name="value">The parsed value.</param>
    /// <param name="rawText">The reply the value was read from.</param>
    /// <returns>A result whose <see cref="IsSuccess"/> is <see langword="true"/>.</returns>
    public static ParseResult<T> Success(T value, string rawText)
        => new(rawText ?? string.Empty, value, ParseErrorKind.None, null, null);

    /// <summary>Creates a failed result.</summary>
    /// <param name="kind">Why it failed; must not be <see cref="ParseErrorKind.None"/>.</param>
    /// <param name="error">The reason in English.</param>
    /// <param name="rawText">The reply that did not parse.</param>
    /// <param name="chineseError">The reason in Chinese, used in Chinese corrective messages; <see cref="Error"/> when omitted.</param>
    /// <returns>A result whose <see cref="IsSuccess"/> is <see langword="false"/>.</returns>
    public static ParseResult<T> Failure(ParseErrorKind kind, string error, string rawText, string? chineseError = null)
    {
        if (kind == ParseErrorKind.None)
        {
            throw new ArgumentException("A failure needs a ParseErrorKind other than None.", nameof(kind));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(error);
        return new(rawText ?? string.Empty, default!, kind, error, chineseError);
    }

    /// <summary>Gets the value when the parse succeeded.</summary>
    /// <param name="value">The parsed value, or the default of <typeparamref name="T"/> on failure.</param>
    /// <returns><see langword="true"/> when the reply was parsed.</returns>
    public bool TryGetValue(out T value)
    {
        value = _value;
        return IsSuccess;
    }

    /// <summary>Gets the reason of the failure in the given language, or <see langword="null"/> on success.</summary>
    /// <param name="language">The language of the message.</param>
    /// <returns>The localized reason.</returns>
    public string? GetError(PromptLanguage language)
        => language == PromptLanguage.Chinese ? _chineseError ?? Error : Error;

    /// <summary>Returns the value, or the failure reason, for debugging.</summary>
    /// <returns>A short description.</returns>
    public override string ToString() => IsSuccess ? $"Success: {_value}" : $"Failure ({ErrorKind}): {Error}";
}
