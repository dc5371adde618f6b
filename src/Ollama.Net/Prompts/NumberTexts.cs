namespace Ollama.Net.Prompts;

/// <summary>The instruction and error texts shared by <see cref="IntegerConstraint"/> and <see cref="DecimalConstraint"/>.</summary>
internal sealed class NumberTexts
{
    private readonly string? _min;
    private readonly string? _max;
    private readonly bool _whole;

    public NumberTexts(decimal? minimum, decimal? maximum, bool whole)
    {
        _min = minimum is { } a ? NumberReader.Format(a) : null;
        _max = maximum is { } b ? NumberReader.Format(b) : null;
        _whole = whole;
    }

    /// <summary>"a whole number from 1 to 10" / "1到10之间的一个整数".</summary>
    public string Describe(PromptLanguage language)
    {
        Localized.Check(language);
        if (language == PromptLanguage.Chinese)
        {
            var noun = _whole ? "整数" : "数（可以是小数）";
            return (_min, _max) switch
            {
                (not null, not null) => $"{_min}到{_max}之间的一个{noun}",
                (not null, null) => $"一个不小于{_min}的{noun}",
                (null, not null) => $"一个不大于{_max}的{noun}",
                _ => $"一个{noun}",
            };
        }

        var range = (_min, _max) switch
        {
            (not null, not null) => $" from {_min} to {_max}",
            (not null, null) => $" of at least {_min}",
            (null, not null) => $" of at most {_max}",
            _ => string.Empty,
        };
        return _whole ? $"a whole number{range}" : $"a number{range} (decimals allowed)";
    }

    public string Instruction(PromptLanguage language) => Localized.Pick(language,
        $"Answer with {Describe(language)} and nothing else.",
        $"只回答{Describe(language)}，不要输出其他内容。");

    public string InstructionAfterReasoning(PromptLanguage language) => Localized.Pick(language,
        $"After your reasoning, give the final answer on the last line in the form \"Answer: <value>\", where <value> is {Describe(language)}.",
        $"推理结束后，在最后一行以“答案：<值>”的格式给出最终答案，其中<值>是{Describe(language)}。");

    public string Reminder(PromptLanguage language) => Localized.Pick(language,
        $"Remember: the answer must be {Describe(language)}.",
        $"再次强调：答案必须是{Describe(language)}。");

    public (string English, string Chinese) OutOfRange(string value) => (_min, _max) switch
    {
        (not null, not null) => ($"{value} is outside the allowed range ({_min} to {_max}).", $"{value}超出了允许的范围（{_min}到{_max}）。"),
        (not null, null) => ($"{value} is outside the allowed range (at least {_min}).", $"{value}超出了允许的范围（不小于{_min}）。"),
        _ => ($"{value} is outside the allowed range (at most {_max}).", $"{value}超出了允许的范围（不大于{_max}）。"),
    };

    /// <summary>Turns a failed <see cref="NumberReading"/> into a failure result.</summary>
    public static ParseResult<T> Fail<T>(NumberReading reading, string raw)
    {
        if (reading.IsOverflow)
        {
            return ParseResult<T>.Failure(ParseErrorKind.OutOfRange, $"{reading.Text} is too large.", raw, $"{reading.Text}太大了。");
        }

        return reading.Kind switch
        {
            ParseErrorKind.Ambiguous => ParseResult<T>.Failure(ParseErrorKind.Ambiguous,
                $"The reply contains several numbers ({string.Join(", ", reading.Candidates.Take(6))}); expected exactly one.", raw,
                $"回答中包含多个数字（{string.Join("、", reading.Candidates.Take(6))}），只能有一个。"),
            _ => ParseResult<T>.Failure(ParseErrorKind.NoValue, $"The reply contains no number: \"{TextSnippet.Of(raw)}\".", raw,
                $"回答中没有数字：“{TextSnippet.Of(raw)}”。"),
        };
    }
}
