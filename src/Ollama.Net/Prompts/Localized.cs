namespace Ollama.Net.Prompts;

/// <summary>Small helpers for the two instruction languages.</summary>
internal static class Localized
{
    public static string Pick(PromptLanguage language, string english, string chinese)
        => language == PromptLanguage.Chinese ? chinese : english;

    public static void Check(PromptLanguage language)
    {
        if (language is not PromptLanguage.English and not PromptLanguage.Chinese)
        {
            throw new ArgumentOutOfRangeException(nameof(language), language, "Use PromptLanguage.English or PromptLanguage.Chinese.");
        }
    }

    /// <summary>"A, B or C" / "A、B或C".</summary>
    public static string JoinAlternatives(PromptLanguage language, IReadOnlyList<string> items)
    {
        if (items.Count == 1)
        {
            return items[0];
        }

        var head = string.Join(language == PromptLanguage.Chinese ? "、" : ", ", items.Take(items.Count - 1));
        return language == PromptLanguage.Chinese ? $"{head}或{items[^1]}" : $"{head} or {items[^1]}";
    }

    /// <summary>"A, B, C" / "A、B、C".</summary>
    public static string JoinList(PromptLanguage language, IEnumerable<string> items)
        => string.Join(language == PromptLanguage.Chinese ? "、" : ", ", items);

    /// <summary>
    /// Adds a full stop unless the text already ends with sentence punctuation: "。" when the text has CJK characters, "." otherwise
    /// (so your own Chinese text keeps Chinese punctuation even in an English prompt).
    /// </summary>
    public static string EndSentence(string text)
    {
        var t = text.Trim();
        if (t.Length == 0)
        {
            return t;
        }

        var last = t[^1];
        if (".!?。！？:：;；…)）]】\"”'’`".Contains(last, StringComparison.Ordinal))
        {
            return t;
        }

        return t + (t.Any(IsCjk) ? "。" : ".");
    }

    /// <summary>Whether the text starts with any of the prefixes (ordinal, ignoring case).</summary>
    public static bool StartsWithAny(string text, params ReadOnlySpan<string> prefixes)
    {
        foreach (var p in prefixes)
        {
            if (text.StartsWith(p, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsCjk(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uF900' and <= '\uFAFF'
        or >= '\u3040' and <= '\u30FF' or >= '\uAC00' and <= '\uD7AF';
}
