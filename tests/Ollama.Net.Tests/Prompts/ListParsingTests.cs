using Ollama.Net.Prompts;

namespace Ollama.Net.Tests.Prompts;

public class ListParsingTests
{
    private static readonly ListConstraint List = FormatConstraint.List();

    public static TheoryData<string, string[]> Lists => new()
    {
        { "- Alibaba\n- Tencent\n- Baidu", ["Alibaba", "Tencent", "Baidu"] },
        { "1. Alibaba\n2. Tencent\n3. Baidu", ["Alibaba", "Tencent", "Baidu"] },
        { "Here are the companies:\n* Alibaba\n* Tencent\n\nLet me know if you need more.", ["Alibaba", "Tencent"] },
        { "阿里巴巴、腾讯、百度", ["阿里巴巴", "腾讯", "百度"] },
        { "阿里巴巴、腾讯和百度。", ["阿里巴巴", "腾讯", "百度"] },
        { "Alibaba, Tencent, and Baidu.", ["Alibaba", "Tencent", "Baidu"] },
        { "Alibaba, Tencent and Baidu", ["Alibaba", "Tencent", "Baidu"] },
        { "1、阿里巴巴\n2、腾讯\n3、百度", ["阿里巴巴", "腾讯", "百度"] },
        { "• 苹果\n• 香蕉", ["苹果", "香蕉"] },
        { "①苹果\n②香蕉", ["苹果", "香蕉"] },
        { "(1) 苹果\n(2) 香蕉", ["苹果", "香蕉"] },
        { "一、苹果\n二、香蕉", ["苹果", "香蕉"] },
        { "Alibaba\nTencent\nBaidu", ["Alibaba", "Tencent", "Baidu"] },
        { "以下是公司列表：\n阿里巴巴\n腾讯", ["阿里巴巴", "腾讯"] },
        { "**1. Alibaba** – e-commerce\n**2. Tencent** – games", ["Alibaba – e-commerce", "Tencent – games"] },
        { "I compared them one by one.\nAnswer:\n- A\n- B", ["A", "B"] },
        { "1. 比较市值\n2. 比较增速\n答案：\n- 腾讯\n- 阿里巴巴", ["腾讯", "阿里巴巴"] },
        { "The companies are: Alibaba; Tencent; Baidu", ["Alibaba", "Tencent", "Baidu"] },
        { "苹果；香蕉；橘子", ["苹果", "香蕉", "橘子"] },
        { "Just one: Alibaba", ["Alibaba"] },
        { "```\n- x\n- y\n```", ["x", "y"] },
        { "和讯网、新浪", ["和讯网", "新浪"] },
        { "1) first step\n2) second step", ["first step", "second step"] },
    };

    [Theory]
    [MemberData(nameof(Lists))]
    public void Accepts(string reply, string[] expected)
    {
        var result = List.Parse(reply);
        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(expected, result.Value);
    }

    [Fact]
    public void Too_few_items()
    {
        var result = FormatConstraint.List(minimumCount: 3).Parse("- A\n- B");
        Assert.Equal(ParseErrorKind.TooFewItems, result.ErrorKind);
        Assert.Equal("The list has 2 items; expected at least 3.", result.Error);
        Assert.Equal("列表只有2项，至少需要3项。", result.GetError(PromptLanguage.Chinese));
    }

    [Fact]
    public void Too_many_items()
    {
        var result = FormatConstraint.List(maximumCount: 2).Parse("a, b, c");
        Assert.Equal(ParseErrorKind.TooManyItems, result.ErrorKind);
        Assert.Equal("The list has 3 items; expected at most 2.", result.Error);
        Assert.Equal("列表有3项，最多只能有2项。", result.GetError(PromptLanguage.Chinese));
    }

    [Fact]
    public void Empty_and_punctuation_only()
    {
        Assert.Equal(ParseErrorKind.Empty, List.Parse("").ErrorKind);
        var result = List.Parse("- .\n- 。");
        Assert.Equal(ParseErrorKind.NoValue, result.ErrorKind);
        Assert.Equal("The reply contains no list items: \"- . - 。\".", result.Error);
    }

    [Fact]
    public void Counts_are_validated()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => FormatConstraint.List(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => FormatConstraint.List(3, 2));
    }

    [Fact]
    public void Instruction_texts()
    {
        Assert.Equal("Answer with a list and nothing else: one item per line, each line starting with \"- \".", List.GetInstruction(PromptLanguage.English));
        Assert.Equal("只输出一个列表，不要输出其他内容：每行一项，每行以“- ”开头。", List.GetInstruction(PromptLanguage.Chinese));
        Assert.Equal("Answer with a list and nothing else: one item per line, each line starting with \"- \". Give 3 to 5 items.",
            FormatConstraint.List(3, 5).GetInstruction(PromptLanguage.English));
        Assert.Equal("只输出一个列表，不要输出其他内容：每行一项，每行以“- ”开头。给出3到5项。", FormatConstraint.List(3, 5).GetInstruction(PromptLanguage.Chinese));
        Assert.EndsWith(" Give exactly 3 items.", FormatConstraint.List(3, 3).GetInstruction(PromptLanguage.English), StringComparison.Ordinal);
        Assert.EndsWith(" Give at least 2 items.", FormatConstraint.List(2).GetInstruction(PromptLanguage.English), StringComparison.Ordinal);
        Assert.EndsWith("最多给出4项。", FormatConstraint.List(1, 4).GetInstruction(PromptLanguage.Chinese), StringComparison.Ordinal);
        Assert.Equal("After your reasoning, write \"Answer:\" on its own line, then the list: one item per line, each line starting with \"- \".",
            List.GetInstructionAfterReasoning(PromptLanguage.English));
        Assert.Equal("推理结束后，单独一行写“答案：”，然后给出列表：每行一项，每行以“- ”开头。", List.GetInstructionAfterReasoning(PromptLanguage.Chinese));
        Assert.Equal("Remember: put each item on its own line, starting with \"- \".", List.GetReminder(PromptLanguage.English));
        Assert.Equal("再次强调：每一项单独一行，并以“- ”开头。", List.GetReminder(PromptLanguage.Chinese));
    }
}
