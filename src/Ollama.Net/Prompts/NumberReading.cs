namespace Ollama.Net.Prompts;

/// <summary>What <see cref="NumberReader"/> found in a reply.</summary>
internal readonly record struct NumberReading(ParseErrorKind Kind, decimal Value, string Text, IReadOnlyList<string> Candidates)
{
    public bool IsFound => Kind == ParseErrorKind.None;

    /// <summary>True when the number did not fit a decimal.</summary>
    public bool IsOverflow { get; private init; }

    public static NumberReading Of(decimal value, string text) => new(ParseErrorKind.None, value, text, [text]);

    public static NumberReading Ambiguous(IReadOnlyList<string> candidates) => new(ParseErrorKind.Ambiguous, 0, string.Empty, candidates);

    public static NumberReading None() => new(ParseErrorKind.NoValue, 0, string.Empty, []);

    public static NumberReading Overflow(string text) => new(ParseErrorKind.OutOfRange, 0, text, [text]) { IsOverflow = true };
}

/// <summary>The range-dependent patterns of a number constraint: the scale mentions to strip, and numbers marked by the scale.</summary>
internal sealed record NumberScale(System.Text.RegularExpressions.Regex? Stripper, System.Text.RegularExpressions.Regex? Marked);
