using System.Globalization;
using System.Text.RegularExpressions;

namespace Ollama.Net.Prompts;

/// <summary>
/// Finds the one number a model reply answers with. Rules, in order: the whole reply is a number ("8", "8分", "８");
/// the last labelled number ("Score: 8", "评分：8", "answer is 42", "打8分"); a number the reply starts with ("8, because …");
/// the number after the last "=" ("3666 × 5444 = 19957704"); the only distinct number in the reply; a Chinese numeral
/// ("打八分"). Scale mentions matching the allowed range ("/10", "out of 10", "满分10分", "1-10") are removed first.
/// Alternatives ("8 or 9", "7-8", "7到8") and several different numbers are reported as ambiguous, never guessed.
/// </summary>
internal static partial class NumberReader
{
    private const string Number = @"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?";

    public static Regex? BuildScaleStripper(decimal? min, decimal? max)
    {
        if (max is null)
        {
            return null;
        }

        var m = Regex.Escape(Format(max.Value));
        var parts = new List<string>
        {
            $@"(?<=\d)\s*/\s*{m}(?![0-9]|\.[0-9])",
            $@"\s*\(?\s*out\s+of\s+{m}(?![0-9]|\.[0-9])\s*\)?",
            $@"\(?\s*满分\s*(?:为|是|:)?\s*{m}(?![0-9]|\.[0-9])\s*分?\s*\)?",
            $@"(?<![0-9.]){m}\s*分制",
        };
        if (min is not null)
        {
            var n = Regex.Escape(Format(min.Value));
            parts.Add($@"(?:on\s+)?(?:a\s+)?(?:scale\s+(?:of|from)\s+)?(?<![0-9.]){n}\s*(?:-|–|—|~|to|到|至)\s*{m}(?![0-9]|\.[0-9])(?:\s*分)?");
        }

        return new Regex(string.Join('|', parts), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }

    public static NumberReading Read(string reply, Regex? scaleStripper)
    {
        var text = ReplyText.Clean(reply);
        if (scaleStripper is not null)
        {
            text = scaleStripper.Replace(text, " ");
        }

        var whole = WholeNumber().Match(text);
        if (whole.Success)
        {
            return Found(whole.Groups["num"].Value);
        }

        // Labelled numbers: the last one wins ("Step 1 … Answer: 42").
        Match? labelled = null;
        foreach (Match m in Labelled().Matches(text))
        {
            labelled = m;
        }

        if (labelled is not null)
        {
            var g = labelled.Groups["num"];
            var verdict = Inspect(text, g.Index + g.Length, g.Value);
            if (verdict is not null)
            {
                return verdict.Value;
            }
        }

        var leading = Leading().Match(text);
        if (leading.Success)
        {
            var g = leading.Groups["num"];
            var verdict = Inspect(text, g.Index + g.Length, g.Value);
            if (verdict is not null)
            {
                return verdict.Value;
            }
        }

        if (FromEquals(text) is { } equals)
        {
            return equals;
        }

        var all = NumberPattern().Matches(text);
        if (all.Count > 0)
        {
            var distinct = new List<string>();
            var values = new List<decimal>();
            foreach (Match m in all)
            {
                if (!TryParse(m.Value, out var v))
                {
                    return TooLarge(m.Value);
                }

                if (!values.Contains(v))
                {
                    values.Add(v);
                    distinct.Add(m.Value);
                }
            }

            return distinct.Count == 1 ? Found(distinct[0]) : NumberReading.Ambiguous(distinct);
        }

        var chinese = new List<decimal>();
        foreach (Match m in ChineseNumeral().Matches(text))
        {
            if (ChineseNumerals.TryParse(m.Groups["cn"].Value, out var v) && !chinese.Contains(v))
            {
                chinese.Add(v);
            }
        }

        if (chinese.Count == 1)
        {
            return NumberReading.Of(chinese[0], Format(chinese[0]));
        }

        if (chinese.Count > 1)
        {
            return NumberReading.Ambiguous(chinese.ConvertAll(Format));
        }

        return NumberReading.None();
    }

    /// <summary>Decides what a candidate number followed by <c>text[end..]</c> means: the answer, an expression or alternatives.</summary>
    private static NumberReading? Inspect(string text, int end, string candidate)
    {
        var after = text.AsSpan(end);
        var alternative = Alternative().Match(text, end);
        if (alternative.Success)
        {
            return NumberReading.Ambiguous([candidate, alternative.Groups["num"].Value]);
        }

        if (Operator().IsMatch(text, end))
        {
            // "3666 × 5444 = 19957704": the answer is after the "=", if there is one.
            if (after.Contains('='))
            {
                return FromEquals(text);
            }

            var op = Operator().Match(text, end);
            return NumberReading.Ambiguous([candidate, op.Groups["num"].Value]);
        }

        return Found(candidate);
    }

    private static NumberReading? FromEquals(string text)
    {
        Match? last = null;
        foreach (Match m in EqualsNumber().Matches(text))
        {
            var g = m.Groups["num"];
            if (!Operator().IsMatch(text, g.Index + g.Length))
            {
                last = m;
            }
        }

        return last is null ? null : Found(last.Groups["num"].Value);
    }

    private static NumberReading Found(string text)
        => TryParse(text, out var value) ? NumberReading.Of(value, text) : TooLarge(text);

    private static NumberReading TooLarge(string text) => NumberReading.Overflow(text);

    public static bool TryParse(string text, out decimal value)
        => decimal.TryParse(text.Replace(",", string.Empty, StringComparison.Ordinal), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint,
            CultureInfo.InvariantCulture, out value);

    public static string Format(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(?<![0-9.])" + Number + "(?![0-9])")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"^\s*(?<num>" + Number + @")\s*(?:分|points?|pts?|marks?)?\s*[.。!！]?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex WholeNumber();

    [GeneratedRegex(
        @"(?:(?<![A-Za-z])(?:final\s+answer|answer|score|rating|rate|rated|grade|result|total)|评分|得分|分数|打分|最终答案|答案|结果|分值|总分|打)" +
        @"(?:\s*(?:is|was|would\s+be|will\s+be|of|:|=|为|是|给))?" +
        @"(?:\s*(?:it|this|them|它|该公司|这家公司))?" +
        @"(?:\s*(?:an?|at|about|around|approximately|roughly|约|大约|为))?" +
        @"\s*(?<![0-9.])(?<num>" + Number + @")(?![0-9])",
        RegexOptions.IgnoreCase)]
    private static partial Regex Labelled();

    [GeneratedRegex(@"^\s*(?<num>" + Number + @")(?![0-9])(?=\s*(?:分|points?|pts?)?\s*(?:$|\n|[,，。;；!！:(]|\.[ \t]*(?:$|\n)|[ \t]+[^\s0-9.]))",
        RegexOptions.IgnoreCase)]
    private static partial Regex Leading();

    [GeneratedRegex(@"\G\s*(?:分|points?)?\s*(?:or|to|~|–|—|或者|或|到|至|and|和)\s*(?<num>" + Number + ")(?![0-9])", RegexOptions.IgnoreCase)]
    private static partial Regex Alternative();

    [GeneratedRegex(@"\G\s*[×xX*+\-÷/·]\s*(?<num>" + Number + ")")]
    private static partial Regex Operator();

    [GeneratedRegex(@"=\s*(?<num>" + Number + @")(?![0-9])")]
    private static partial Regex EqualsNumber();

    [GeneratedRegex(@"(?:^|[打给评得为是:])\s*(?<cn>[零〇一二两三四五六七八九十]{1,3})(?=分?\s*(?:$|[。.,!！;；)]))", RegexOptions.Multiline)]
    private static partial Regex ChineseNumeral();
}
