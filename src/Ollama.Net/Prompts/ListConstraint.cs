using System.Text.RegularExpressions;

namespace Ollama.Net.Prompts;

/// <summary>
/// An answer that is a list of text items. Reads bulleted lists ("- ", "* ", "• "), numbered lists ("1. ", "2) ", "1、",
/// "(1)", "①"), one item per line, and single lines separated by commas, semicolons or 、 ("苹果、香蕉和橘子",
/// "A, B and C"). Introductory prose ("Here are the companies:") is skipped. Create it with <see cref="FormatConstraint.List"/>.
/// </summary>
/// <example>
/// <code>
/// var list = FormatConstraint.List(minimumCount: 2, maximumCount: 5);
/// list.Parse("Here are the steps:\n1. Multiply\n2. Add").Value;   // ["Multiply", "Add"]
/// list.Parse("阿里巴巴、腾讯、百度").Value;                          // ["阿里巴巴", "腾讯", "百度"]
/// </code>
/// </example>
public sealed partial class ListConstraint : FormatConstraint<IReadOnlyList<string>>
{
    private static readonly char[] Separators = [',', '，', '、', ';', '；'];

    /// <summary>Initializes a new instance.</summary>
    /// <param name="minimumCount">The fewest items allowed (at least 1).</param>
    /// <param name="maximumCount">The most items allowed (at least <paramref name="minimumCount"/>), or <see langword="null"/> for no limit.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is out of range.</exception>
    public ListConstraint(int minimumCount = 1, int? maximumCount = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumCount, 1);
        if (maximumCount < minimumCount)
        {
            throw new ArgumentOutOfRangeException(nameof(maximumCount), maximumCount,
                $"The maximum count must be at least the minimum count ({minimumCount}).");
        }

        MinimumCount = minimumCount;
        MaximumCount = maximumCount;
    }

    /// <summary>Gets the fewest items allowed.</summary>
    public int MinimumCount { get; }

    /// <summary>Gets the most items allowed, or <see langword="null"/> for no limit.</summary>
    public int? MaximumCount { get; }

    /// <inheritdoc/>
    public override string GetInstruction(PromptLanguage language) => Localized.Pick(language,
        "Answer with a list and nothing else: one item per line, each line starting with \"- \"." + CountText(language),
        "只输出一个列表，不要输出其他内容：每行一项，每行以“- ”开头。" + CountText(language));

    /// <inheritdoc/>
    public override string GetInstructionAfterReasoning(PromptLanguage language) => Localized.Pick(language,
        "After your reasoning, write \"Answer:\" on its own line, then the list: one item per line, each line starting with \"- \"." + CountText(language),
        "推理结束后，单独一行写“答案：”，然后给出列表：每行一项，每行以“- ”开头。" + CountText(language));

    /// <inheritdoc/>
    public override string GetReminder(PromptLanguage language) => Localized.Pick(language,
        "Remember: put each item on its own line, starting with \"- \".",
        "再次强调：每一项单独一行，并以“- ”开头。");

    private string CountText(PromptLanguage language)
    {
        Localized.Check(language);
        var min = MinimumCount;
        return (min, MaximumCount) switch
        {
            (_, { } max) when max == min => Localized.Pick(language, $" Give exactly {min} items.", $"给出{min}项。"),
            ( > 1, { } max) => Localized.Pick(language, $" Give {min} to {max} items.", $"给出{min}到{max}项。"),
            ( > 1, null) => Localized.Pick(language, $" Give at least {min} items.", $"至少给出{min}项。"),
            (_, { } max) => Localized.Pick(language, $" Give at most {max} items.", $"最多给出{max}项。"),
            _ => string.Empty,
        };
    }

    /// <inheritdoc/>
    protected override ParseResult<IReadOnlyList<string>> ParseCore(string reply)
    {
        var text = ReplyText.AfterLastAnswerMarker(ReplyText.StripMarkdown(reply.ReplaceLineEndings("\n")));
        var lines = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith("```", StringComparison.Ordinal))
            .ToList();

        var items = new List<string>();
        foreach (var line in lines)
        {
            var bullet = Bullet().Match(line);
            if (bullet.Success)
            {
                items.Add(bullet.Groups["item"].Value);
            }
        }

        if (items.Count == 0)
        {
            if (lines.Count > 1 && lines[0].EndsWith(':') || lines.Count > 1 && lines[0].EndsWith('：'))
            {
                lines.RemoveAt(0);
            }

            if (lines.Count > 1)
            {
                items.AddRange(lines);
            }
            else if (lines.Count == 1)
            {
                items.AddRange(SplitLine(lines[0]));
            }
        }

        var cleaned = items.Select(CleanItem).Where(i => i.Length > 0).ToList();
        if (cleaned.Count == 0)
        {
            return ParseResult<IReadOnlyList<string>>.Failure(ParseErrorKind.NoValue,
                $"The reply contains no list items: \"{TextSnippet.Of(reply)}\".", reply, $"回答中没有列表项：“{TextSnippet.Of(reply)}”。");
        }

        if (cleaned.Count < MinimumCount)
        {
            return ParseResult<IReadOnlyList<string>>.Failure(ParseErrorKind.TooFewItems,
                $"The list has {cleaned.Count} item{(cleaned.Count == 1 ? string.Empty : "s")}; expected at least {MinimumCount}.", reply,
                $"列表只有{cleaned.Count}项，至少需要{MinimumCount}项。");
        }

        if (cleaned.Count > MaximumCount)
        {
            return ParseResult<IReadOnlyList<string>>.Failure(ParseErrorKind.TooManyItems,
                $"The list has {cleaned.Count} items; expected at most {MaximumCount}.", reply,
                $"列表有{cleaned.Count}项，最多只能有{MaximumCount}项。");
        }

        return ParseResult<IReadOnlyList<string>>.Success(cleaned.AsReadOnly(), reply);
    }

    private static List<string> SplitLine(string line)
    {
        // "The companies are: A, B, C" -> "A, B, C".
        var colon = line.LastIndexOfAny([':', '：']);
        if (colon >= 0 && colon < line.Length - 1)
        {
            line = line[(colon + 1)..];
        }

        var parts = line.Split(Separators, StringSplitOptions.TrimEntries).ToList();
        if (parts.Count > 1)
        {
            // "A, B and C", "A、B和C": split the last part on its conjunction.
            var last = parts[^1];
            var and = FinalConjunction().Match(last);
            if (and.Success && and.Index > 0 && and.Index + and.Length < last.Length)
            {
                parts[^1] = last[..and.Index];
                parts.Add(last[(and.Index + and.Length)..]);
            }
            else if (and.Success && and.Index == 0)
            {
                parts[^1] = last[and.Length..];
            }
        }

        return parts;
    }

    private static string CleanItem(string item)
        => item.Trim().TrimEnd('.', '。', ';', '；', ',', '，', '、').Trim().Trim('"', '“', '”', '「', '」').Trim();

    [GeneratedRegex(
        @"^(?:[-*+][ \t]+|[•·‧▪◦●○■□►▶][ \t]*|[0-9０-９]{1,3}[ \t]*(?:[.．](?![0-9])|[)）、:：])[ \t]*|[(（][0-9０-９]{1,3}[)）][ \t]*|[①-⑳][ \t]*|[A-Za-z][.)][ \t]+|[一二三四五六七八九十]{1,3}、[ \t]*)(?<item>.+)$")]
    private static partial Regex Bullet();

    [GeneratedRegex(@"(?:^|\s)(?:and|&)\s+|(?<=\S)(?:以及|和)(?=\S)")]
    private static partial Regex FinalConjunction();
}
