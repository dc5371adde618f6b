using System.Text;
using System.Text.RegularExpressions;

namespace Ollama.Net.Prompts;

/// <summary>Cleans model replies before parsing: width folding, markdown emphasis, answer markers.</summary>
internal static partial class ReplyText
{
    /// <summary>
    /// Folds full-width ASCII (U+FF01–U+FF5E, such as "８", "：", "Ｐ") and the ideographic space to their ASCII forms, turns
    /// other Unicode spaces into a plain space, and drops zero-width characters. Does not need ICU.
    /// </summary>
    public static string FoldWidth(string text)
    {
        var needs = false;
        foreach (var c in text)
        {
            if (c >= '\uFF01' && c <= '\uFF5E' || c == '\u3000' || c == '\u00A0' || c == '\u2212' || IsZeroWidth(c) || c == '\u202F')
            {
                needs = true;
                break;
            }
        }

        if (!needs)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c >= '\uFF01' && c <= '\uFF5E')
            {
                sb.Append((char)(c - 0xFEE0));
            }
            else if (c == '\u3000' || c == '\u00A0' || c == '\u202F')
            {
                sb.Append(' ');
            }
            else if (c == '\u2212')
            {
                sb.Append('-');
            }
            else if (!IsZeroWidth(c))
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    private static bool IsZeroWidth(char c) => c is '\u200B' or '\u200C' or '\u200D' or '\uFEFF';

    /// <summary>Removes markdown emphasis (<c>**</c>, <c>__</c>, backticks), heading marks and quote marks at line starts.</summary>
    public static string StripMarkdown(string text)
    {
        var s = text.Replace("**", string.Empty, StringComparison.Ordinal)
            .Replace("__", string.Empty, StringComparison.Ordinal)
            .Replace("`", string.Empty, StringComparison.Ordinal);
        return LineDecorations().Replace(s, string.Empty);
    }

    /// <summary>Width folding, markdown stripping and trimming.</summary>
    public static string Clean(string text) => StripMarkdown(FoldWidth(text)).Trim();

    /// <summary>
    /// When the reply has lines such as "Answer: …", "Final answer: …" or "答案：…" (the form the after-reasoning instructions
    /// ask for), returns the text after the last such marker; otherwise returns <paramref name="text"/>.
    /// </summary>
    public static string AfterLastAnswerMarker(string text)
    {
        Match? last = null;
        foreach (Match m in AnswerMarker().Matches(text))
        {
            last = m;
        }

        if (last is null)
        {
            return text;
        }

        var rest = text[(last.Index + last.Length)..].Trim();
        return rest.Length == 0 ? text : rest;
    }

    /// <summary>Trims white space, quotes, brackets and sentence punctuation at both ends.</summary>
    public static string TrimDecorations(string text) => text.Trim().Trim(DecorationChars).Trim();

    private static readonly char[] DecorationChars =
        ['.', '。', '!', '！', '?', '？', ',', '，', ';', '；', '"', '\'', '“', '”', '‘', '’', '「', '」', '『', '』', '《', '》', '(', ')', '[', ']', '【', '】', '<', '>', ' ', '\t', '\r', '\n', ':', '、', '*', '_'];

    [GeneratedRegex(@"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?)", RegexOptions.Multiline)]
    private static partial Regex LineDecorations();

    [GeneratedRegex(@"^[ \t]*(?:final[ \t]+answer|answer|最终答案|答案)[ \t]*[:：]", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex AnswerMarker();
}
