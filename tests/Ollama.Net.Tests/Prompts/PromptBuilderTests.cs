using Ollama.Net.Prompts;

namespace Ollama.Net.Tests.Prompts;

public class PromptBuilderTests
{
    private static PromptBuilder En() => new();

    private static PromptBuilder Zh() => new(PromptLanguage.Chinese);

    private static void AssertTurns(Prompt prompt, params (MessageRole Role, string Text)[] expected)
    {
        Assert.Equal(expected.Length, prompt.Turns.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Role, prompt.Turns[i].Role);
            Assert.Equal(expected[i].Text, prompt.Turns[i].Text);
        }
    }

    [Fact]
    public void Task_alone_is_one_user_message()
    {
        AssertTurns(En().WithTask("Calculate 3666 × 5444").Build(), (MessageRole.User, "Task: Calculate 3666 × 5444."));
        AssertTurns(Zh().WithTask("计算3666乘以5444").Build(), (MessageRole.User, "任务：计算3666乘以5444。"));
        AssertTurns(En().WithTask("Is 7 prime?").Build(), (MessageRole.User, "Task: Is 7 prime?"));
    }

    [Fact]
    public void Role_becomes_the_system_message()
    {
        AssertTurns(En().WithRole("an experienced financial analyst").WithTask("Rate Acme").Build(),
            (MessageRole.System, "You are an experienced financial analyst."), (MessageRole.User, "Task: Rate Acme."));
        AssertTurns(Zh().WithRole("一名资深的金融分析师").WithTask("给阿里巴巴打分").Build(),
            (MessageRole.System, "你是一名资深的金融分析师。"), (MessageRole.User, "任务：给阿里巴巴打分。"));
    }

    [Fact]
    public void Role_already_phrased_is_kept()
    {
        Assert.Equal("You are a strict judge.", En().WithRole("You are a strict judge").WithTask("t").Build().Turns[0].Text);
        Assert.Equal("Act as a teacher.", En().WithRole("Act as a teacher.").WithTask("t").Build().Turns[0].Text);
        Assert.Equal("你是一名严格的评委。", Zh().WithRole("你是一名严格的评委").WithTask("t").Build().Turns[0].Text);
        Assert.Equal("请你扮演一名老师。", Zh().WithRole("请你扮演一名老师").WithTask("t").Build().Turns[0].Text);
    }

    [Fact]
    public void Definition_and_context_come_first()
    {
        var en = En()
            .AddDefinition("AI-native company", "a company whose core product and revenue are built on AI")
            .AddContext("Acme sells industrial robots.")
            .WithTask("Rate how well the company fits the definition")
            .Build();
        Assert.Equal(
            "Definition of \"AI-native company\": a company whose core product and revenue are built on AI.\n\nAcme sells industrial robots.\n\nTask: Rate how well the company fits the definition.",
            en.UserText);

        var zh = Zh()
            .AddDefinition("AI原生公司", "核心产品和收入都建立在人工智能之上的公司")
            .AddContext("阿里巴巴是一家电商和云计算公司。")
            .WithTask("判断这家公司有多符合定义")
            .Build();
        Assert.Equal(
            "“AI原生公司”的定义：核心产品和收入都建立在人工智能之上的公司。\n\n阿里巴巴是一家电商和云计算公司。\n\n任务：判断这家公司有多符合定义。",
            zh.UserText);
    }

    [Fact]
    public void Extra_instructions_follow_the_task_one_per_line()
    {
        Assert.Equal("Task: Rate Acme.\n\nJudge only by the definition.\nBe strict.",
            En().WithTask("Rate Acme").AddInstruction("Judge only by the definition").AddInstruction("Be strict.").Build().UserText);
        Assert.Equal("任务：给公司打分。\n\n只根据定义判断。",
            Zh().WithTask("给公司打分").AddInstruction("只根据定义判断").Build().UserText);
    }

    [Fact]
    public void Input_is_labelled()
    {
        Assert.Equal("Task: Rate the company.\n\nInput: Acme", En().WithTask("Rate the company").WithInput("Acme").Build().UserText);
        Assert.Equal("任务：给公司打分。\n\n输入：阿里巴巴", Zh().WithTask("给公司打分").WithInput("阿里巴巴").Build().UserText);
        Assert.Equal("Input:\nline one\nline two", En().WithInput("line one\nline two").Build().UserText);
        Assert.Equal("输入：\n第一行\n第二行", Zh().WithInput("第一行\n第二行").Build().UserText);
    }

    [Fact]
    public void Few_shot_inline()
    {
        var en = En().AddExample("1025", "1").AddExample("20480", "2").AddExample("360560101", "3").WithInput("5023512004").Build();
        Assert.Equal(
            "Examples:\nInput: 1025\nOutput: 1\n\nInput: 20480\nOutput: 2\n\nInput: 360560101\nOutput: 3\n\nInput: 5023512004",
            en.UserText);
        AssertTurns(en, (MessageRole.User, en.UserText));

        var zh = Zh().AddExamples([new("1025", "1"), new("20480", "2"), new("360560101", "3")]).WithInput("5023512004").Build();
        Assert.Equal("示例：\n输入：1025\n输出：1\n\n输入：20480\n输出：2\n\n输入：360560101\n输出：3\n\n输入：5023512004", zh.UserText);
    }

    [Fact]
    public void One_shot_inline()
    {
        Assert.Equal("Example:\nInput: 1025\nOutput: 1\n\nInput: 5023512004", En().AddExample("1025", "1").WithInput("5023512004").Build().UserText);
        Assert.Equal("示例：\n输入：1025\n输出：1\n\n输入：5023512004", Zh().AddExample("1025", "1").WithInput("5023512004").Build().UserText);
    }

    [Fact]
    public void Few_shot_as_turns_moves_instructions_to_the_system_message()
    {
        var en = En().WithRole("a puzzle solver").WithTask("Count the zeros")
            .AddExample("1025", "1").AddExample("20480", "2")
            .WithExampleStyle(ExampleStyle.Turns).WithInput("5023512004")
            .WithOutputFormat(FormatConstraint.Integer(0)).AddReminder("count only zeros")
            .Build();
        AssertTurns(en,
            (MessageRole.System, "You are a puzzle solver.\n\nTask: Count the zeros.\n\nAnswer with a whole number of at least 0 and nothing else."),
            (MessageRole.User, "1025"),
            (MessageRole.Assistant, "1"),
            (MessageRole.User, "20480"),
            (MessageRole.Assistant, "2"),
            (MessageRole.User, "5023512004\n\nRemember: count only zeros."));

        // The single-message form (generate) keeps the examples inline.
        Assert.Equal("You are a puzzle solver.", en.SystemText);
        Assert.Equal(
            "Task: Count the zeros.\n\nExamples:\nInput: 1025\nOutput: 1\n\nInput: 20480\nOutput: 2\n\nInput: 5023512004\n\nAnswer with a whole number of at least 0 and nothing else.\n\nRemember: count only zeros.",
            en.UserText);

        var zh = Zh().WithTask("数一数有几个零").AddExample("1025", "1").WithExampleStyle(ExampleStyle.Turns).WithInput("5023512004").Build();
        AssertTurns(zh,
            (MessageRole.System, "任务：数一数有几个零。"),
            (MessageRole.User, "1025"),
            (MessageRole.Assistant, "1"),
            (MessageRole.User, "5023512004"));
    }

    [Fact]
    public void Turns_style_without_examples_is_inline()
    {
        var p = En().WithTask("Rate Acme").WithExampleStyle(ExampleStyle.Turns).Build();
        AssertTurns(p, (MessageRole.User, "Task: Rate Acme."));
    }

    [Fact]
    public void Zero_shot_chain_of_thought()
    {
        var en = En().WithTask("Calculate 3666 × 5444").ThinkStepByStep().Build();
        Assert.Equal("Task: Calculate 3666 × 5444.\n\nThink step by step, and write out each step before giving the final answer.", en.UserText);
        Assert.True(en.AsksForReasoning);
        var zh = Zh().WithTask("计算3666乘以5444").ThinkStepByStep().Build();
        Assert.Equal("任务：计算3666乘以5444。\n\n请一步一步地思考，先写出每一个步骤，再给出最终答案。", zh.UserText);
    }

    [Fact]
    public void Chain_of_thought_switches_the_format_instruction_to_a_final_answer_line()
    {
        var en = En().WithTask("Calculate 3666 × 5444").ThinkStepByStep().WithOutputFormat(FormatConstraint.Integer()).Build();
        Assert.Equal(
            "Task: Calculate 3666 × 5444.\n\nThink step by step, and write out each step before giving the final answer.\n\nAfter your reasoning, give the final answer on the last line in the form \"Answer: <value>\", where <value> is a whole number.",
            en.UserText);
        var zh = Zh().WithTask("计算3666乘以5444").ThinkStepByStep().WithOutputFormat(FormatConstraint.Integer()).Build();
        Assert.Equal(
            "任务：计算3666乘以5444。\n\n请一步一步地思考，先写出每一个步骤，再给出最终答案。\n\n推理结束后，在最后一行以“答案：<值>”的格式给出最终答案，其中<值>是一个整数。",
            zh.UserText);
    }

    [Fact]
    public void Decomposition_into_steps()
    {
        var en = En().WithTask("Calculate 3666 × 5444").WithSteps("Compute 3666 × 5000", "Compute 3666 × 444", "Add the two results").Build();
        Assert.Equal(
            "Task: Calculate 3666 × 5444.\n\nSolve the problem in these steps:\n1. Compute 3666 × 5000\n2. Compute 3666 × 444\n3. Add the two results",
            en.UserText);
        Assert.True(en.AsksForReasoning);
        var zh = Zh().WithTask("计算3666乘以5444").WithSteps("计算3666×5000", "计算3666×444", "把两个结果相加").Build();
        Assert.Equal("任务：计算3666乘以5444。\n\n请按以下步骤解决问题：\n1. 计算3666×5000\n2. 计算3666×444\n3. 把两个结果相加", zh.UserText);
    }

    [Fact]
    public void Tree_of_thought()
    {
        var en = En().WithTask("Which investment is safest?").WithTreeOfThought().Build();
        Assert.Equal(
            "Task: Which investment is safest?\n\nImagine three different experts are answering this question. Each expert writes down one step of their thinking and shares it with the group, then all experts go on to the next step. An expert who realises they are wrong leaves. Finally, give the answer the remaining experts agree on.",
            en.UserText);
        Assert.True(en.AsksForReasoning);
        var zh = Zh().WithTask("哪项投资最安全？").WithTreeOfThought(2).Build();
        Assert.Equal(
            "任务：哪项投资最安全？\n\n假设有两位不同的专家在回答这个问题。每位专家写下自己思考的一个步骤并与大家分享，然后所有专家一起进入下一步。任何专家一旦发现自己错了，就退出讨论。最后给出剩下的专家一致认可的答案。",
            zh.UserText);
        Assert.Contains("Imagine ten different experts", En().WithTask("t").WithTreeOfThought(10).Build().UserText, StringComparison.Ordinal);
    }

    [Fact]
    public void Output_format_instruction()
    {
        var en = En().WithTask("Rate Acme").WithOutputFormat(FormatConstraint.Integer(1, 10)).Build();
        Assert.Equal("Task: Rate Acme.\n\nAnswer with a whole number from 1 to 10 and nothing else.", en.UserText);
        Assert.False(en.AsksForReasoning);
        Assert.IsType<IntegerConstraint>(en.FormatConstraint);
        var zh = Zh().WithTask("给这家公司打分").WithOutputFormat(FormatConstraint.Integer(1, 10)).Build();
        Assert.Equal("任务：给这家公司打分。\n\n只回答1到10之间的一个整数，不要输出其他内容。", zh.UserText);
    }

    [Fact]
    public void Negative_instructions()
    {
        Assert.Equal("Task: Rate Acme.\n\nDo not mention competitors.\nNever use markdown.",
            En().WithTask("Rate Acme").AddNegativeInstruction("mention competitors").AddNegativeInstruction("Never use markdown").Build().UserText);
        Assert.Equal("任务：给公司打分。\n\n不要提及竞争对手。\n禁止编造数据。",
            Zh().WithTask("给公司打分").AddNegativeInstruction("提及竞争对手").AddNegativeInstruction("禁止编造数据").Build().UserText);
    }

    [Fact]
    public void Without_reasons()
    {
        Assert.Equal("Task: Rate Acme from 1 to 10.\n\nDo not give reasons or explanations.", En().WithTask("Rate Acme from 1 to 10").WithoutReasons().Build().UserText);
        Assert.Equal("任务：给公司打分。\n\n不要给出理由或解释。\n不要提及竞争对手。",
            Zh().WithTask("给公司打分").AddNegativeInstruction("提及竞争对手").WithoutReasons().Build().UserText);
    }

    [Fact]
    public void Repeated_instructions_come_last()
    {
        Assert.Equal("Task: Rate Acme.\n\nRemember: judge only by the definition.",
            En().WithTask("Rate Acme").AddReminder("judge only by the definition").Build().UserText);
        Assert.Equal("任务：给公司打分。\n\n再次强调：只根据定义判断。", Zh().WithTask("给公司打分").AddReminder("只根据定义判断").Build().UserText);
    }

    [Fact]
    public void Repeated_format_instruction_is_phrased_differently()
    {
        var en = En().WithTask("Rate Acme").WithOutputFormat(FormatConstraint.Integer(1, 10)).RepeatFormatInstruction().Build();
        Assert.Equal(
            "Task: Rate Acme.\n\nAnswer with a whole number from 1 to 10 and nothing else.\n\nRemember: the answer must be a whole number from 1 to 10.",
            en.UserText);
        var zh = Zh().WithTask("给公司打分").WithOutputFormat(FormatConstraint.Integer(1, 10)).AddReminder("只看定义").RepeatFormatInstruction().Build();
        Assert.Equal(
            "任务：给公司打分。\n\n只回答1到10之间的一个整数，不要输出其他内容。\n\n再次强调：只看定义。\n再次强调：答案必须是1到10之间的一个整数。",
            zh.UserText);
    }

    [Fact]
    public void Tutorial_batch_scoring_prompt_in_full()
    {
        var builder = Zh()
            .WithRole("一名资深的行业分析师")
            .AddDefinition("AI原生公司", "核心产品和收入都建立在人工智能之上的公司")
            .WithTask("根据上面的定义，判断这家公司有多符合“AI原生公司”")
            .WithOutputFormat(FormatConstraint.Integer(1, 10))
            .WithoutReasons()
            .RepeatFormatInstruction();

        var first = builder.WithInput("阿里巴巴").Build();
        var second = builder.WithInput("腾讯").Build();

        AssertTurns(first,
            (MessageRole.System, "你是一名资深的行业分析师。"),
            (MessageRole.User,
                "“AI原生公司”的定义：核心产品和收入都建立在人工智能之上的公司。\n\n" +
                "任务：根据上面的定义，判断这家公司有多符合“AI原生公司”\n\n" +
                "输入：阿里巴巴\n\n" +
                "只回答1到10之间的一个整数，不要输出其他内容。\n\n" +
                "不要给出理由或解释。\n\n" +
                "再次强调：答案必须是1到10之间的一个整数。"));
        Assert.EndsWith("输入：腾讯\n\n只回答1到10之间的一个整数，不要输出其他内容。\n\n不要给出理由或解释。\n\n再次强调：答案必须是1到10之间的一个整数。",
            second.UserText, StringComparison.Ordinal);
        Assert.Contains("输入：阿里巴巴", first.UserText, StringComparison.Ordinal);
    }

    [Fact]
    public void Everything_in_english_in_order()
    {
        var p = En()
            .WithRole("a careful analyst")
            .AddContext("Background text.")
            .WithTask("Classify the review")
            .AddInstruction("Consider the whole review")
            .WithSteps("Find the opinions", "Weigh them")
            .AddExample("Great phone!", "Positive")
            .WithInput("The battery died in a day.")
            .ThinkStepByStep()
            .WithOutputFormat(FormatConstraint.OneOf("Positive", "Negative"))
            .AddNegativeInstruction("quote the review")
            .AddReminder("one label only")
            .Build();
        Assert.Equal("a careful analyst", p.SystemText![8..^1]);
        Assert.Equal(
            "Background text.\n\n" +
            "Task: Classify the review.\n\n" +
            "Consider the whole review.\n\n" +
            "Solve the problem in these steps:\n1. Find the opinions\n2. Weigh them\n\n" +
            "Example:\nInput: Great phone!\nOutput: Positive\n\n" +
            "Input: The battery died in a day.\n\n" +
            "Think step by step, and write out each step before giving the final answer.\n\n" +
            "After your reasoning, give the final answer on the last line in the form \"Answer: <label>\", where <label> is one of: Positive, Negative.\n\n" +
            "Do not quote the review.\n\n" +
            "Remember: one label only.",
            p.UserText);
    }

    [Fact]
    public void Language_can_be_switched_later()
    {
        var b = En().WithTask("t");
        Assert.Equal(PromptLanguage.English, b.Language);
        Assert.Equal("任务：t.", b.WithLanguage(PromptLanguage.Chinese).Build().UserText);
        Assert.Equal(PromptLanguage.Chinese, b.Build().Language);
    }

    [Fact]
    public void Builder_is_reusable_and_prompts_are_immutable()
    {
        var b = En().WithTask("Rate the company");
        var acme = b.WithInput("Acme").Build();
        var globex = b.WithInput("Globex").AddReminder("be fair").Build();
        Assert.Equal("Task: Rate the company.\n\nInput: Acme", acme.UserText);
        Assert.Equal("Task: Rate the company.\n\nInput: Globex\n\nRemember: be fair.", globex.UserText);
        Assert.Equal("Task: Rate the company.\n\nInput: Acme", acme.Turns[0].Text);
    }

    [Fact]
    public void Replacing_methods_replace()
    {
        var p = En().WithRole("a").WithRole("b").WithTask("x").WithTask("y").WithInput("1").WithInput("2")
            .WithSteps("s1", "s2").WithSteps("t1", "t2")
            .WithOutputFormat(FormatConstraint.Integer()).WithOutputFormat(FormatConstraint.List())
            .Build();
        Assert.Equal("You are b.", p.SystemText);
        Assert.Equal(
            "Task: y.\n\nSolve the problem in these steps:\n1. t1\n2. t2\n\nInput: 2\n\nAfter your reasoning, write \"Answer:\" on its own line, then the list: one item per line, each line starting with \"- \".",
            p.UserText);
        Assert.IsType<ListConstraint>(p.FormatConstraint);
    }

    [Fact]
    public void Build_validates()
    {
        var empty = Assert.Throws<InvalidOperationException>(() => En().WithRole("a judge").Build());
        Assert.Equal("The prompt has no task and no input: call WithTask(...) or WithInput(...) before Build().", empty.Message);

        var both = Assert.Throws<InvalidOperationException>(() => En().WithTask("t").WithSteps("a", "b").WithTreeOfThought().Build());
        Assert.Equal("Use either WithSteps (a fixed decomposition) or WithTreeOfThought (experts exploring), not both.", both.Message);

        var repeat = Assert.Throws<InvalidOperationException>(() => En().WithTask("t").RepeatFormatInstruction().Build());
        Assert.Equal("RepeatFormatInstruction() needs an output format: call WithOutputFormat(...) too.", repeat.Message);

        var turns = Assert.Throws<InvalidOperationException>(() => En().WithTask("t").AddExample("a", "b").WithExampleStyle(ExampleStyle.Turns).Build());
        Assert.Contains("call WithInput(...)", turns.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Arguments_are_validated_eagerly()
    {
        Assert.Throws<ArgumentException>(() => En().WithTask(" "));
        Assert.Throws<ArgumentNullException>(() => En().WithRole(null!));
        Assert.Throws<ArgumentException>(() => En().AddContext(""));
        Assert.Throws<ArgumentException>(() => En().AddDefinition("term", " "));
        Assert.Throws<ArgumentException>(() => En().AddExample("1025", ""));
        Assert.Throws<ArgumentNullException>(() => En().AddExamples([null!]));
        Assert.Throws<ArgumentException>(() => En().WithInput("\n"));
        Assert.Throws<ArgumentException>(() => En().AddNegativeInstruction(" "));
        Assert.Throws<ArgumentException>(() => En().AddReminder(""));
        Assert.Throws<ArgumentException>(() => En().AddInstruction(""));
        Assert.Throws<ArgumentNullException>(() => En().WithOutputFormat(null!));
        var oneStep = Assert.Throws<ArgumentException>(() => En().WithSteps("only one"));
        Assert.StartsWith("Decomposition needs at least two steps", oneStep.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => En().WithSteps("a", " "));
        Assert.Throws<ArgumentOutOfRangeException>(() => En().WithTreeOfThought(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => En().WithTreeOfThought(11));
        Assert.Throws<ArgumentOutOfRangeException>(() => En().WithLanguage((PromptLanguage)7));
        Assert.Throws<ArgumentOutOfRangeException>(() => En().WithExampleStyle((ExampleStyle)7));
    }

    [Fact]
    public void ToString_shows_the_turns()
    {
        var p = En().WithRole("a judge").WithTask("Rate Acme").Build();
        Assert.Equal("[system]\nYou are a judge.\n\n[user]\nTask: Rate Acme.", p.ToString());
    }
}
