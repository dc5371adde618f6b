using Ollama.Net.Prompts;

namespace Ollama.Net.Tests.Prompts;

public class LabelParsingTests
{
    private static readonly LabelConstraint Sentiment = FormatConstraint.OneOf("Positive", "Negative", "Neutral")
        .WithSynonyms("Positive", "积极", "正面")
        .WithSynonyms("Negative", "消极", "负面")
        .WithSynonyms("Neutral", "中性");

    [Theory]
    [InlineData("Positive.", "Positive")]
    [InlineData("positive", "Positive")]
    [InlineData("ＰＯＳＩＴＩＶＥ", "Positive")]
    [InlineData("积极", "Positive")]
    [InlineData("积极。", "Positive")]
    [InlineData("**Negative**", "Negative")]
    [InlineData("Sentiment: Neutral", "Neutral")]
    [InlineData("情感：消极。", "Negative")]
    [InlineData("The review is clearly positive.", "Positive")]
    [InlineData("这条评论整体是正面的。", "Positive")]
    [InlineData("Answer: \"Negative\"", "Negative")]
    [InlineData("I think it's positive, not negative.", "Positive")]
    [InlineData("The user praises the battery but dislikes the screen, so it is mixed.\nAnswer: Neutral", "Neutral")]
    [InlineData("非常积极", "Positive")]
    [InlineData("「中性」", "Neutral")]
    [InlineData("答案：负面", "Negative")]
    public void Accepts(string reply, string expected)
    {
        var result = Sentiment.Parse(reply);
        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(expected, result.Value);
    }

    [Theory]
    [InlineData("Positive or negative, hard to say.", ParseErrorKind.Ambiguous,
        "The reply names several labels (Positive, Negative); expected exactly one.", "回答中包含多个标签（Positive、Negative），只能有一个。")]
    [InlineData("既有积极的一面，也有消极的一面。", ParseErrorKind.Ambiguous,
        "The reply names several labels (Positive, Negative); expected exactly one.", "回答中包含多个标签（Positive、Negative），只能有一个。")]
    [InlineData("Not positive.", ParseErrorKind.Negated,
        "The reply denies \"Positive\" instead of naming one label.", "回答否定了“Positive”，而不是给出一个标签。")]
    [InlineData("不积极", ParseErrorKind.Negated,
        "The reply denies \"Positive\" instead of naming one label.", "回答否定了“Positive”，而不是给出一个标签。")]
    [InlineData("Mixed", ParseErrorKind.NoValue,
        "\"Mixed\" is not one of the labels: Positive, Negative, Neutral.", "“Mixed”不是以下标签之一：Positive、Negative、Neutral。")]
    [InlineData("positively", ParseErrorKind.NoValue,
        "\"positively\" is not one of the labels: Positive, Negative, Neutral.", "“positively”不是以下标签之一：Positive、Negative、Neutral。")]
    public void Rejects_with_reason(string reply, ParseErrorKind kind, string english, string chinese)
    {
        var result = Sentiment.Parse(reply);
        Assert.False(result.IsSuccess);
        Assert.Equal(kind, result.ErrorKind);
        Assert.Equal(english, result.Error);
        Assert.Equal(chinese, result.GetError(PromptLanguage.Chinese));
    }

    [Fact]
    public void Longer_label_wins_over_the_label_inside_it()
    {
        var scale = FormatConstraint.OneOf("Positive", "Very positive");
        Assert.Equal("Very positive", scale.Parse("I'd say very positive!").Value);
        Assert.Equal("Positive", scale.Parse("Positive").Value);
    }

    [Fact]
    public void Instruction_texts()
    {
        var labels = FormatConstraint.OneOf("Positive", "Negative", "Neutral");
        Assert.Equal("Answer with exactly one of these labels and nothing else: Positive, Negative, Neutral.", labels.GetInstruction(PromptLanguage.English));
        Assert.Equal("只回答以下标签中的一个，不要输出其他内容：Positive、Negative、Neutral。", labels.GetInstruction(PromptLanguage.Chinese));
        Assert.Equal("Remember: reply with one label only (Positive, Negative or Neutral).", labels.GetReminder(PromptLanguage.English));
        Assert.Equal("再次强调：只回复一个标签（Positive、Negative或Neutral）。", labels.GetReminder(PromptLanguage.Chinese));
        Assert.Equal(
            "After your reasoning, give the final answer on the last line in the form \"Answer: <label>\", where <label> is one of: Positive, Negative, Neutral.",
            labels.GetInstructionAfterReasoning(PromptLanguage.English));
        var chinese = FormatConstraint.OneOf("积极", "消极");
        Assert.Equal("推理结束后，在最后一行以“答案：<标签>”的格式给出最终答案，<标签>只能是以下之一：积极、消极。",
            chinese.GetInstructionAfterReasoning(PromptLanguage.Chinese));
    }

    [Fact]
    public void Construction_is_validated()
    {
        Assert.Throws<ArgumentException>(() => FormatConstraint.OneOf());
        Assert.Throws<ArgumentException>(() => FormatConstraint.OneOf("A", " "));
        var dup = Assert.Throws<ArgumentException>(() => FormatConstraint.OneOf("Yes", "ＹＥＳ"));
        Assert.Contains("\"ＹＥＳ\" would match both \"Yes\" and \"ＹＥＳ\"", dup.Message, StringComparison.Ordinal);
        var twice = Assert.Throws<ArgumentException>(() => FormatConstraint.OneOf("Yes", "No").WithSynonyms("Yes", "YES"));
        Assert.Contains("\"YES\" is given twice for the label \"Yes\"", twice.Message, StringComparison.Ordinal);
        var clash = Assert.Throws<ArgumentException>(() => FormatConstraint.OneOf("Yes", "No").WithSynonyms("No", "yes"));
        Assert.Contains("would match both \"Yes\" and \"No\"", clash.Message, StringComparison.Ordinal);
        var unknown = Assert.Throws<ArgumentException>(() => FormatConstraint.OneOf("Yes", "No").WithSynonyms("Maybe", "perhaps"));
        Assert.Contains("\"Maybe\" is not one of the labels (Yes, No)", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithSynonyms_returns_a_copy()
    {
        var plain = FormatConstraint.OneOf("Positive", "Negative");
        var withChinese = plain.WithSynonyms("Positive", "积极");
        Assert.Equal(ParseErrorKind.NoValue, plain.Parse("积极").ErrorKind);
        Assert.Equal("Positive", withChinese.Parse("积极").Value);
        Assert.Equal(["积极"], withChinese.GetSynonyms("Positive"));
        Assert.Empty(withChinese.GetSynonyms("Negative"));
        Assert.Equal(["Positive", "Negative"], withChinese.Labels);
    }
}
