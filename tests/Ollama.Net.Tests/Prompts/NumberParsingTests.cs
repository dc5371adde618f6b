using Ollama.Net.Prompts;

namespace Ollama.Net.Tests.Prompts;

public class NumberParsingTests
{
    private static readonly IntegerConstraint Score = FormatConstraint.Integer(1, 10);
    private static readonly IntegerConstraint AnyInteger = FormatConstraint.Integer();

    [Theory]
    [InlineData("8", 8)]
    [InlineData("8分", 8)]
    [InlineData("Score: 8/10", 8)]
    [InlineData("评分：8", 8)]
    [InlineData("８", 8)]
    [InlineData("I'd rate it 8/10.", 8)]
    [InlineData("评分：7分", 7)]
    [InlineData("**Score:** 9", 9)]
    [InlineData("10", 10)]
    [InlineData("1", 1)]
    [InlineData("7\n\nThe company has a strong AI product line.", 7)]
    [InlineData("I would give it a 6.", 6)]
    [InlineData("Rating: 5 out of 10", 5)]
    [InlineData("我给这家公司打8分。", 8)]
    [InlineData("综合来看，评分为9分（满分10分）。", 9)]
    [InlineData("得分：６/１０", 6)]
    [InlineData("Score = 4", 4)]
    [InlineData("`7`", 7)]
    [InlineData("Final answer: 3", 3)]
    [InlineData("打八分", 8)]
    [InlineData("十分", 10)]
    [InlineData("On a scale of 1-10, I'd say 7.", 7)]
    [InlineData("8 (strong AI focus)", 8)]
    [InlineData("Score: 8. The company has 200 engineers working on AI.", 8)]
    [InlineData("9/10 — clearly AI-native.", 9)]
    [InlineData("满分10分，我给7分", 7)]
    [InlineData("评分：8.0", 8)]
    [InlineData("> **8**", 8)]
    [InlineData("## Score\n8", 8)]
    [InlineData("8, because most of its revenue comes from AI products.", 8)]
    [InlineData("The company deserves a 9 out of 10.", 9)]
    [InlineData("Rating: **6**/10", 6)]
    [InlineData("I'd give Acme a solid 7 out of 10 because of its 3 AI products.", 7)]
    [InlineData("综合考虑，7分。它有3个AI产品。", 7)]
    [InlineData("用了3分钟思考，我认为是8分", 8)]
    [InlineData("Innovation score: 8\nMarket score: 6\nOverall score: 7", 7)]
    [InlineData("技术评分：9\n市场评分：6\n综合评分：8", 8)]
    [InlineData("Score: 8\nReason: the company has 3 AI products and 2 patents.", 8)]
    public void Score_accepts(string reply, int expected)
    {
        var result = Score.Parse(reply);
        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(expected, result.Value);
        Assert.Equal(reply, result.RawText);
        Assert.Null(result.Error);
        Assert.Equal(ParseErrorKind.None, result.ErrorKind);
    }

    [Theory]
    [InlineData("The answer is 3666 × 5444 = 19957704", 19957704)]
    [InlineData("3666 × 5444 = 19,957,704", 19957704)]
    [InlineData("Step 1: 3666 × 5000 = 18330000\nStep 2: 3666 × 444 = 1627704\nStep 3: 18330000 + 1627704 = 19957704\nAnswer: 19957704", 19957704)]
    [InlineData("第一步：3666 × 5000 = 18330000\n第二步：3666 × 444 = 1627704\n第三步：18330000 + 1627704 = 19957704", 19957704)]
    [InlineData("答案是3", 3)]
    [InlineData("5023512004=3", 3)]
    [InlineData("The number 5023512004 contains 3 zeros, so the answer is 3.", 3)]
    [InlineData("-5", -5)]
    [InlineData("答案：**19957704**", 19957704)]
    [InlineData("Step 1 result: 18330000\nStep 2 result: 1627704\nFinal result: 19957704", 19957704)]
    public void Integer_finds_the_answer(string reply, int expected)
    {
        var result = AnyInteger.Parse(reply);
        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(expected, result.Value);
    }

    [Theory]
    [InlineData("11", ParseErrorKind.OutOfRange, "11 is outside the allowed range (1 to 10).", "11超出了允许的范围（1到10）。")]
    [InlineData("0", ParseErrorKind.OutOfRange, "0 is outside the allowed range (1 to 10).", "0超出了允许的范围（1到10）。")]
    [InlineData("Score: 12/10", ParseErrorKind.OutOfRange, "12 is outside the allowed range (1 to 10).", "12超出了允许的范围（1到10）。")]
    [InlineData("8 or 9", ParseErrorKind.Ambiguous, "The reply contains several numbers (8, 9); expected exactly one.", "回答中包含多个数字（8、9），只能有一个。")]
    [InlineData("Score: 7-8", ParseErrorKind.Ambiguous, "The reply contains several numbers (7, 8); expected exactly one.", "回答中包含多个数字（7、8），只能有一个。")]
    [InlineData("评分：7到8分", ParseErrorKind.Ambiguous, "The reply contains several numbers (7, 8); expected exactly one.", "回答中包含多个数字（7、8），只能有一个。")]
    [InlineData("介于7和8之间", ParseErrorKind.Ambiguous, "The reply contains several numbers (7, 8); expected exactly one.", "回答中包含多个数字（7、8），只能有一个。")]
    [InlineData("Innovation 8, market 6", ParseErrorKind.Ambiguous, "The reply contains several numbers (8, 6); expected exactly one.", "回答中包含多个数字（8、6），只能有一个。")]
    [InlineData("8 or 9 points", ParseErrorKind.Ambiguous, "The reply contains several numbers (8, 9); expected exactly one.", "回答中包含多个数字（8、9），只能有一个。")]
    [InlineData("Innovation score: 8, market score: 6", ParseErrorKind.Ambiguous, "The reply contains several numbers (8, 6); expected exactly one.", "回答中包含多个数字（8、6），只能有一个。")]
    [InlineData("Either 7/10 or 8/10.", ParseErrorKind.Ambiguous, "The reply contains several numbers (7, 8); expected exactly one.", "回答中包含多个数字（7、8），只能有一个。")]
    [InlineData("7.5", ParseErrorKind.NotWholeNumber, "7.5 is not a whole number.", "7.5不是整数。")]
    [InlineData("I can't rate this company.", ParseErrorKind.NoValue, "The reply contains no number: \"I can't rate this company.\".", "回答中没有数字：“I can't rate this company.”。")]
    [InlineData("无法评分", ParseErrorKind.NoValue, "The reply contains no number: \"无法评分\".", "回答中没有数字：“无法评分”。")]
    [InlineData("", ParseErrorKind.Empty, "The reply is empty.", "回答为空。")]
    [InlineData("  \n ", ParseErrorKind.Empty, "The reply is empty.", "回答为空。")]
    [InlineData("99999999999999999999999999999999", ParseErrorKind.OutOfRange, "99999999999999999999999999999999 is too large.", "99999999999999999999999999999999太大了。")]
    public void Score_rejects_with_reason(string reply, ParseErrorKind kind, string english, string chinese)
    {
        var result = Score.Parse(reply);
        Assert.False(result.IsSuccess);
        Assert.Equal(kind, result.ErrorKind);
        Assert.Equal(english, result.Error);
        Assert.Equal(english, result.GetError(PromptLanguage.English));
        Assert.Equal(chinese, result.GetError(PromptLanguage.Chinese));
        Assert.Equal(reply, result.RawText);
        var e = Assert.Throws<InvalidOperationException>(() => result.Value);
        Assert.Contains(english, e.Message, StringComparison.Ordinal);
        Assert.False(result.TryGetValue(out var v));
        Assert.Equal(0, v);
    }

    [Fact]
    public void Integer_too_large_for_int()
    {
        var result = AnyInteger.Parse("19957704000000");
        Assert.Equal(ParseErrorKind.OutOfRange, result.ErrorKind);
        Assert.Equal("19957704000000 is too large.", result.Error);
    }

    [Fact]
    public void Integer_with_only_a_minimum_or_maximum()
    {
        Assert.Equal("3 is outside the allowed range (at least 5).", FormatConstraint.Integer(minimum: 5).Parse("3").Error);
        Assert.Equal("12超出了允许的范围（不大于10）。", FormatConstraint.Integer(maximum: 10).Parse("12").GetError(PromptLanguage.Chinese));
        Assert.Equal(-40, FormatConstraint.Integer(maximum: 10).Parse("-40").Value);
    }

    [Fact]
    public void TryParse_reports_success_and_failure()
    {
        Assert.True(Score.TryParse("评分：8", out var good));
        Assert.Equal(8, good);
        Assert.False(Score.TryParse("8 or 9", out var bad));
        Assert.Equal(0, bad);
        Assert.False(Score.TryParse(null, out _));
    }

    [Theory]
    [InlineData("7.5", 7.5)]
    [InlineData("评分：7.5分", 7.5)]
    [InlineData("I'd say about 6.5 out of 10.", 6.5)]
    [InlineData("８．５", 8.5)]
    [InlineData("Score: 9", 9)]
    public void Decimal_accepts(string reply, double expected)
    {
        var result = FormatConstraint.Decimal(1m, 10m).Parse(reply);
        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal((decimal)expected, result.Value);
    }

    [Fact]
    public void Decimal_confidence_between_zero_and_one()
    {
        var confidence = FormatConstraint.Decimal(0m, 1m);
        Assert.Equal(0.85m, confidence.Parse("Confidence: 0.85").Value);
        var result = confidence.Parse("1.5");
        Assert.Equal(ParseErrorKind.OutOfRange, result.ErrorKind);
        Assert.Equal("1.5 is outside the allowed range (0 to 1).", result.Error);
        Assert.Equal(ParseErrorKind.Ambiguous, confidence.Parse("0.6 or 0.7").ErrorKind);
    }

    [Fact]
    public void Constructors_validate_the_range()
    {
        var e = Assert.Throws<ArgumentException>(() => FormatConstraint.Integer(10, 1));
        Assert.Contains("minimum (10) is greater than the maximum (1)", e.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => FormatConstraint.Decimal(1m, 0m));
    }

    [Fact]
    public void Integer_instruction_texts()
    {
        Assert.Equal("Answer with a whole number from 1 to 10 and nothing else.", Score.GetInstruction(PromptLanguage.English));
        Assert.Equal("只回答1到10之间的一个整数，不要输出其他内容。", Score.GetInstruction(PromptLanguage.Chinese));
        Assert.Equal(
            "After your reasoning, give the final answer on the last line in the form \"Answer: <value>\", where <value> is a whole number from 1 to 10.",
            Score.GetInstructionAfterReasoning(PromptLanguage.English));
        Assert.Equal("推理结束后，在最后一行以“答案：<值>”的格式给出最终答案，其中<值>是1到10之间的一个整数。",
            Score.GetInstructionAfterReasoning(PromptLanguage.Chinese));
        Assert.Equal("Remember: the answer must be a whole number from 1 to 10.", Score.GetReminder(PromptLanguage.English));
        Assert.Equal("再次强调：答案必须是1到10之间的一个整数。", Score.GetReminder(PromptLanguage.Chinese));
        Assert.Equal("Answer with a whole number and nothing else.", AnyInteger.GetInstruction(PromptLanguage.English));
        Assert.Equal("只回答一个整数，不要输出其他内容。", AnyInteger.GetInstruction(PromptLanguage.Chinese));
        Assert.Equal("a whole number of at least 0", FormatConstraint.Integer(0).Describe(PromptLanguage.English));
        Assert.Equal("一个不大于5的整数", FormatConstraint.Integer(maximum: 5).Describe(PromptLanguage.Chinese));
        Assert.Null(Score.JsonSchema);
        Assert.Null(Score.RequestFormat);
    }

    [Fact]
    public void Decimal_instruction_texts()
    {
        var d = FormatConstraint.Decimal(0m, 1m);
        Assert.Equal("Answer with a number from 0 to 1 (decimals allowed) and nothing else.", d.GetInstruction(PromptLanguage.English));
        Assert.Equal("只回答0到1之间的一个数（可以是小数），不要输出其他内容。", d.GetInstruction(PromptLanguage.Chinese));
        Assert.Equal("Remember: the answer must be a number from 0 to 1 (decimals allowed).", d.GetReminder(PromptLanguage.English));
        Assert.Equal("再次强调：答案必须是0到1之间的一个数（可以是小数）。", d.GetReminder(PromptLanguage.Chinese));
    }

    [Fact]
    public void Correction_message_names_the_error_and_the_format()
    {
        Assert.Equal(
            "Your previous answer could not be used: 11 is outside the allowed range (1 to 10).\nAnswer again. Answer with a whole number from 1 to 10 and nothing else.",
            Score.GetCorrection(PromptLanguage.English, "11 is outside the allowed range (1 to 10).", afterReasoning: false));
        Assert.Equal(
            "你上一次的回答无法使用：11超出了允许的范围（1到10）。\n请重新回答。推理结束后，在最后一行以“答案：<值>”的格式给出最终答案，其中<值>是1到10之间的一个整数。",
            Score.GetCorrection(PromptLanguage.Chinese, "11超出了允许的范围（1到10）。", afterReasoning: true));
    }

    [Fact]
    public void Failure_factory_rejects_kind_none()
    {
        Assert.Throws<ArgumentException>(() => ParseResult<int>.Failure(ParseErrorKind.None, "x", "raw"));
        var ok = ParseResult<int>.Success(3, "3");
        Assert.Equal("Success: 3", ok.ToString());
        Assert.Equal("Failure (NoValue): nothing", ParseResult<int>.Failure(ParseErrorKind.NoValue, "nothing", "raw").ToString());
    }
}
