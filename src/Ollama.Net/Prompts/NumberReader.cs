using System.Globalization;
using System.Text.RegularExpressions;

namespace Ollama.Net.Prompts;

/// <summary>
/// Finds the one number a model reply answers with. Rules, in order: the whole reply is a number ("8", "8分", "８");
/// the labelled number ("Score: 8", "评分：8", "answer is 42", "打8分"; among different ones, the final label such as "Answer:" or
/// "Overall score:"); a number marked by the scale or a unit ("7 out of 10", "7分"); a number the reply starts with ("8, because …");
/// the number after the last "=" ("3666 × 5444 = 19957704"); the only distinct number in the reply; a Chinese numeral
/// ("打八分"). Scale mentions matching the allowed range ("/10", "out of 10", "满分10分", "1-10") are removed first.
/// Alternatives ("8 or 9", "7-8", "7到8") and several different numbers are reported as ambiguous, never guessed.
/// </summary>
internal static partial class NumberReader
{
    private const string Number = @"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?";

    public static NumberScale BuildScale(decimal? min, decimal? max)
    {
        if (max is null)
        {
            return new NumberScale(null, null);
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

        var options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;
        var marked = $@"(?<![0-9.])(?<num>{Number})(?![0-9])(?=\s*(?:/\s*{m}|out\s+of\s+{m})(?![0-9]|\.[0-9]))";
        return new NumberScale(new Regex(string.Join('|', parts), options), new Regex(marked, options));
    }

    public static NumberReading Read(string reply, NumberScale scale)
    {
        var text = ReplyText.Clean(reply);

        // Numbers marked as scores by the scale ("7 out of 10", "8/10"), found before the scale is stripped.
        var marks = new List<(string Number, bool AfterAlternative)>();
        if (scale.Marked is not null)
        {
            foreach (Match m in scale.Marked.Matches(text))
            {
                var g = m.Groups["num"];
                marks.Add((g.Value, AlternativeBefore().IsMatch(text.AsSpan(0, g.Index))));
            }
        }

        if (scale.Stripper is not null)
        {
            text = scale.Stripper.Replace(text, " ");
        }

        var whole = WholeNumber().Match(text);
        if (whole.Success)
        {
            return Found(whole.Groups["num"].Value);
        }

        // Labelled numbers. When they differ, a final label ("Answer:", "Overall score:", "最终得分") decides; else it is ambiguous.
        var labelled = Labelled().Matches(text);
        if (labelled.Count > 0)
        {
            Match? pick = null;
            foreach (Match m in labelled)
            {
                if (m.Groups["final"].Success)
                {
                    pick = m;
                }
            }

            if (pick is null)
            {
                var distinct = Distinct(labelled.Select(m => m.Groups["num"].Value));
                if (distinct.Count > 1)
                {
                    return NumberReading.Ambiguous(distinct);
                }

                pick = labelled[^1];
            }

            var g = pick.Groups["num"];
            var verdict = Inspect(text, g.Index + g.Length, g.Value);
            if (verdict is not null)
            {
                return verdict.Value;
            }
        }

        // Numbers with a score unit or scale: "a solid 7 out of 10 because of its 3 products", "综合考虑，7分。它有3个产品".
        foreach (Match m in UnitMarked().Matches(text))
        {
            var g = m.Groups["num"];
            marks.Add((g.Value, AlternativeBefore().IsMatch(text.AsSpan(0, g.Index))));
        }

        if (Distinct(marks.Select(m => m.Number)) is [var onlyMarked] && !marks.Exists(m => m.AfterAlternative))
        {
            return Found(onlyMarked);
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

    private static List<string> Distinct(IEnumerable<string> numbers)
    {
        var values = new List<decimal>();
        var texts = new List<string>();
        foreach (var n in numbers)
        {
            if (TryParse(n, out var v) && !values.Contains(v))
            {
                values.Add(v);
                texts.Add(n);
            }
        }

        return texts;
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
        @"(?:(?<final>(?<![A-Za-z])(?:final|overall|total)\s+(?:score|rating|grade|answer|result)|(?<![A-Za-z])(?:answer|result)|综合评分|综合得分|最终评分|最终得分|最终答案|总评分|总分|答案|结果)|(?<![A-Za-z])(?:score|rating|rate|rated|grade)|评分|得分|分数|打分|分值|打)" +
        @"(?:\s*(?:is|was|would\s+be|will\s+be|of|:|=|为|是|给))?" +
        @"(?:\s*(?:it|this|them|它|该公司|这家公司))?" +
        @"(?:\s*(?:an?|at|about|around|approximately|roughly|约|大约|为))?" +
        @"\s*(?<![0-9.])(?<num>" + Number + @")(?![0-9])",
        RegexOptions.IgnoreCase)]
    private static partial Regex Labelled();

    [GeneratedRegex(@"^\s*(?<num>" + Number + @")(?![0-9])(?=\s*(?:分|points?|pts?)?\s*(?:$|\n|[,，。;；!！:(]|\.[ \t]*(?:$|\n)|[ \t]+[^\s0-9.]))",
        RegexOptions.IgnoreCase)]
    private static partial Regex Leading();

    [GeneratedRegex(@"(?<![0-9.])(?<num>" + Number + @")(?![0-9])(?=\s*(?:分(?![\u4E00-\u9FFF])|points?\b|pts\b))", RegexOptions.IgnoreCase)]
    private static partial Regex UnitMarked();

    [GeneratedRegex(@"[0-9]\s*(?:分|points?)?\s*(?:or|to|~|–|—|-|或者|或|到|至|and|和)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex AlternativeBefore();

    [GeneratedRegex(@"\G\s*(?:分|points?)?\s*(?:or|to|~|–|—|或者|或|到|至|and|和)\s*(?<num>" + Number + ")(?![0-9])", RegexOptions.IgnoreCase)]
    private static partial Regex Alternative();

    [GeneratedRegex(@"\G\s*[×xX*+\-÷/·]\s*(?<num>" + Number + ")")]
    private static partial Regex Operator();

    [GeneratedRegex(@"=\s*(?<num>" + Number + @")(?![0-9])")]
    private static partial Regex EqualsNumber();

    [GeneratedRegex(@"(?:^|[打给评得为是:])\s*(?<cn>[零〇一二两三四五六七八九十]{1,3})(?=分?\s*(?:$|[。.,!！;；)]))", RegexOptions.Multiline)]
    private static partial Regex ChineseNumeral();
}
