namespace Ollama.Net.Prompts;

/// <summary>One request of a re-ask run: the model's raw reply and, when it did not parse, why.</summary>
public sealed class ReaskAttempt
{
    internal ReaskAttempt(int number, string rawText, ParseErrorKind errorKind, string? error)
    {
        Number = number;
        RawText = rawText;
        ErrorKind = errorKind;
        Error = error;
    }

    /// <summary>Gets the attempt number, starting at 1.</summary>
    public int Number { get; }

    /// <summary>Gets the model's reply, exactly as received.</summary>
    public string RawText { get; }

    /// <summary>Gets a value indicating whether the reply parsed.</summary>
    public bool IsSuccess => ErrorKind == ParseErrorKind.None;

    /// <summary>Gets why the reply did not parse (in English), or <see langword="null"/> when it did.</summary>
    public string? Error { get; }

    /// <summary>Gets the kind of parse failure (<see cref="ParseErrorKind.None"/> on success).</summary>
    public ParseErrorKind ErrorKind { get; }

    /// <summary>Returns a one-line summary.</summary>
    /// <returns>The summary.</returns>
    public override string ToString()
        => IsSuccess ? $"#{Number}: ok \"{TextSnippet.Of(RawText)}\"" : $"#{Number}: {Error} \"{TextSnippet.Of(RawText)}\"";
}
