namespace Ollama.Net.Prompts;

/// <summary>
/// Builds a <see cref="Prompt"/> from prompt-engineering techniques: role, detailed context, explicit task, few-shot and
/// one-shot examples, zero-shot chain of thought, decomposition into steps, tree of thought, output-format constraints,
/// negative instructions and repeated instructions. Methods return the builder; <see cref="Build"/> validates and returns an
/// immutable prompt, so one builder can be reused for a batch (change the input, build again).
/// </summary>
/// <remarks>
/// Layout of the user message (<see cref="ExampleStyle.Inline"/>), parts separated by a blank line: context and definitions,
/// task, extra instructions, steps or tree of thought, examples, input, the step-by-step request, the format instruction,
/// negative instructions, reminders. The role is the system message. With <see cref="ExampleStyle.Turns"/> the instructions
/// move into the system message, the examples become user/assistant turns, and the final user turn holds the input, the
/// step-by-step request and the reminders.
/// </remarks>
/// <example>
/// The tutorial's batch scoring, in Chinese:
/// <code>
/// var builder = new PromptBuilder(PromptLanguage.Chinese)
///     .WithRole("一名资深的行业分析师")
///     .AddDefinition("AI原生公司", "核心产品和收入都建立在人工智能之上的公司")
///     .WithTask("根据上面的定义，判断这家公司有多符合“AI原生公司”")
///     .WithOutputFormat(FormatConstraint.Integer(1, 10))
///     .WithoutReasons();
/// foreach (var company in companies)
/// {
///     Prompt prompt = builder.WithInput(company).Build();
///     // send prompt.ToChatRequest("qwen3") ...
/// }
/// </code>
/// </example>
public sealed class PromptBuilder
{
    private static readonly string[] EnglishNumbers = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];
    private static readonly string[] ChineseNumbers = ["零", "一", "两", "三", "四", "五", "六", "七", "八", "九", "十"];

    private readonly List<ContextItem> _context = [];
    private readonly List<string> _instructions = [];
    private readonly List<PromptExample> _examples = [];
    private readonly List<string> _negatives = [];
    private readonly List<string> _reminders = [];
    private string? _role;
    private string? _task;
    private string? _input;
    private string[] _steps = [];
    private int _experts;
    private bool _stepByStep;
    private bool _withoutReasons;
    private bool _repeatFormat;
    private FormatConstraint? _format;
    private ExampleStyle _exampleStyle = ExampleStyle.Inline;

    /// <summary>Initializes a new builder that writes English instruction text.</summary>
    public PromptBuilder()
    {
    }

    /// <summary>Initializes a new builder that writes instruction text in <paramref name="language"/>.</summary>
    /// <param name="language">The language of the generated instruction text.</param>
    public PromptBuilder(PromptLanguage language) => WithLanguage(language);

    /// <summary>Gets the language of the generated instruction text.</summary>
    public PromptLanguage Language { get; private set; }

    /// <summary>
    /// Selects the language of the text the builder writes (headings, format rules, reminders). Your own text is kept as given.
    /// </summary>
    /// <param name="language">English or Chinese.</param>
    /// <returns>This builder.</returns>
    /// <example>
    /// <code>
    /// new PromptBuilder().WithLanguage(PromptLanguage.Chinese).WithTask("计算3666乘以5444").Build().UserText;
    /// // "任务：计算3666乘以5444。"
    /// </code>
    /// </example>
    public PromptBuilder WithLanguage(PromptLanguage language)
    {
        Localized.Check(language);
        Language = language;
        return this;
    }

    /// <summary>
    /// Role prompting: gives the model a role in the system message, "You are {role}." / "你是{role}。". Text that already
    /// starts with "You are" / "你是" (or "Act as" / "扮演") is kept as it is. Replaces an earlier role.
    /// </summary>
    /// <param name="role">The role, such as "an experienced financial analyst" or "一名资深的金融分析师".</param>
    /// <returns>This builder.</returns>
    /// <example>
    /// <code>
    /// new PromptBuilder().WithRole("an experienced financial analyst").WithTask("Rate Acme.").Build().Turns[0].Text;
    /// // "You are an experienced financial analyst."
    /// </code>
    /// </example>
    public PromptBuilder WithRole(string role)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(role);
        _role = role.Trim();
        return this;
    }

    /// <summary>
    /// Detailed context: adds background text, kept as it is, at the top of the instructions. Call it again to add more.
    /// </summary>
    /// <param name="context">The background text.</param>
    /// <returns>This builder.</returns>
    /// <example>
    /// <code>
    /// new PromptBuilder()
    ///     .AddContext("Acme sells industrial robots; 70% of its revenue comes from AI-driven inspection software.")
    ///     .WithTask("Rate how AI-native Acme is.")
    ///     .Build();
    /// </code>
    /// </example>
    public PromptBuilder AddContext(string context)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(context);
        _context.Add(new ContextItem(null, context.Trim()));
        return this;
    }

    /// <summary>
    /// Detailed context as a definition: "Definition of "{term}": {definition}" / "“{term}”的定义：{definition}". Giving the
    /// model the definition it must judge by is the tutorial's first technique.
    /// </summary>
    /// <param name="term">The term, such as "AI-native company".</param>
    /// <param name="definition">What it means.</param>
    /// <returns>This builder.</returns>
    /// <example>
    /// <code>
    /// new PromptBuilder()
    ///     .AddDefinition("AI-native company", "a company whose core product and revenue are built on AI")
    ///     .WithTask("Rate how well the company fits the definition.")
    ///     .Build().UserText;
    /// // "Definition of \"AI-native company\": a company whose core product and revenue are built on AI.\n\nTask: Rate how well the company fits the definition."
    /// </code>
    /// </example>
    public PromptBuilder AddDefinition(string term, string definition)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(term);
        ArgumentException.ThrowIfNullOrWhiteSpace(definition);
        _context.Add(new ContextItem(term.Trim(), definition.Trim()));
        return this;
    }

    /// <summary>Explicit task: says exactly what to do, "Task: {task}" / "任务：{task}". Replaces an earlier task.</summary>
    /// <param name="task">The task, such as "Calculate 3666 × 5444".</param>
    /// <returns>This builder.</returns>
    /// <example>
    /// <code>
    /// new PromptBuilder().WithTask("Calculate 3666 × 5444").Build().UserText;   // "Task: Calculate 3666 × 5444."
    /// </code>
    /// </example>
    public PromptBuilder WithTask(string task)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(task);
        _task = task.Trim();
        return this;
    }

    /// <summary>Adds an extra explicit instruction after the task, kept as it is (one per line).</summary>
    /// <param name="instruction">The instruction, such as "Judge only by the definition above".</param>
    /// <returns>This builder.</returns>
    /// <example>
    /// <code>
    /// new PromptBuilder().WithTask("Rate Acme.").AddInstruction("Judge only by the definition above").Build();
    /// </code>
    /// </example>
    public PromptBuilder AddInstruction(string instruction)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instruction);
        _instructions.Add(instruction.Trim());
        return this;
    }

    /// <summary>
    /// Sets the input the task applies to (a company, a question, a number): "Input: {input}" / "输入：{input}" in the
    /// inline layout, or the final user turn as it is with <see cref="ExampleStyle.Turns"/>. Replaces an earlier input, so a
    /// builder can be reused over a batch.
    /// </summary>
    /// <param name="input">The input text.</param>
    /// <returns>This builder.</returns>
    /// <example>
    /// <code>
    /// var builder = new PromptBuilder().WithTask("Rate the company from 1 to 10.");
    /// Prompt acme = builder.WithInput("Acme").Build();
    /// Prompt globex = builder.WithInput("Globex").Build();
    /// </code>
    /// </example>
    public PromptBuilder WithInput(string input)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(input);
        _input = input.Trim();
        return this;
    }

    /// <summary>
    /// Few-shot and one-shot prompting: adds a worked example (call once for one-shot, several times for few-shot). Shown
    /// inline or as user/assistant turns, see <see cref="WithExampleStyle"/>.
    /// </summary>
    /// <param name="input">The example input.</param>
    /// <param name="output">The answer the model should give for it.</param>
    /// <returns>This builder.</returns>
    /// <example>
    /// The tutorial's puzzle (the answer counts the zeros):
    /// <code>
    /// new PromptBuilder()
    ///     .AddExample("1025", "1")
    ///     .AddExample("20480", "2")
    ///     .AddExample("360560101", "3")
    ///     .WithInput("5023512004")
    ///     .Build().UserText;
    /// // "Examples:\nInput: 1025\nOutput: 1\n\nInput: 20480\nOutput: 2\n\nInput: 360560101\nOutput: 3\n\nInput: 5023512004"
    /// </code>
    /// </example>
    public PromptBuilder AddExample(string input, string output)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(input);
        ArgumentException.ThrowIfNullOrWhiteSpace(output);
        _examples.Add(new PromptExample(input.Trim(), output.Trim()));
        return this;
    }

    /// <summary>Adds several worked examples (few-shot), in order.</summary>
    /// <param name="examples">The examples.</param>
    /// <returns>This builder.</returns>
    /// <example>
    /// <code>
    /// new PromptBuilder().AddExamples([new("1025", "1"), new("20480", "2")]).WithInput("5023512004").Build();
    /// </code>
    /// </example>
    public PromptBuilder AddExamples(IEnumerable<PromptExample> examples)
    {
        ArgumentNullException.ThrowIfNull(examples);
        foreach (var example in examples)
        {
            ArgumentNullException.ThrowIfNull(example, nameof(examples));
            AddExample(example.Input, example.Output);
        }

        return this;
    }

    /// <summary>Chooses how examples are shown: <see cref="ExampleStyle.Inline"/> (the default) or <see cref="ExampleStyle.Turns"/>.</summary>
    /// <param name="style">The style.</param>
    /// <returns>This builder.</returns>
    /// <example>
    /// <code>
    /// Prompt p = new PromptBuilder().WithTask("Count the zeros.").AddExample("1025", "1")
    ///     .WithExampleStyle(ExampleStyle.Turns).WithInput("5023512004").Build();
    /// // p.Turns: [system] "Task: Count the zeros.", [user] "1025", [assistant] "1", [user] "5023512004"
    /// </code>
    /// </example>
    public PromptBuilder WithExampleStyle(ExampleStyle style)
    {
        if (style is not ExampleStyle.Inline and not ExampleStyle.Turns)
        {
            throw new ArgumentOutOfRangeException(nameof(style), style, "Use ExampleStyle.Inline or ExampleStyle.Turns.");
        }

        _exampleStyle = style;
        return this;
    }

    /// <summary>
    /// Zero-shot chain of thought: asks the model to think step by step and give the steps before the answer ("Think step by
    /// step, and write out each step before giving the final answer." / "请一步一步地思考，先写出每一个步骤，再给出最终答案。").
    /// A format constraint then asks for the final answer on a last "Answer:" line, which the parsers read.
    /// </summary>
    /// <returns>This builder.</returns>
    /// <example>
    /// <code>
    /// new PromptBuilder().WithTask("Calculate 3666 × 5444").ThinkStepByStep().Build().UserText;
    /// // "Task: Calculate 3666 × 5444.\n\nThink step by step, and write out each step before giving the final answer."
    /// </code>
    /// </example>
    public PromptBuilder ThinkStepByStep()
    {
        _stepByStep = true;
        return this;
    }

    /// <summary>
    /// Problem decomposition (chain of thought with given steps): tells the model to solve the problem in these steps, in
    /// order ("Solve the problem in these steps:\n1. …" / "请按以下步骤解决问题：\n1. …"). Replaces earlier steps.
    /// </summary>
    /// <param name="steps">Two or more steps.</param>
    /// <returns>This builder.</returns>
    /// <example>
    /// <code>
    /// new PromptBuilder()
    ///     .WithTask("Calculate 3666 × 5444")
    ///     .WithSteps("Compute 3666 × 5000", "Compute 3666 × 444", "Add the two results")
    ///     .Build();
    /// </code>
    /// </example>
    public PromptBuilder WithSteps(params string[] steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (steps.Length < 2)
        {
            throw new ArgumentException("Decomposition needs at least two steps; for a single instruction use AddInstruction.", nameof(steps));
        }

        foreach (var step in steps)
        {
            if (string.IsNullOrWhiteSpace(step))
            {
                throw new ArgumentException("A step is empty or white space.", nameof(steps));
            }
        }

        _steps = [.. steps.Select(s => s.Trim())];
        return this;
    }

    /// <summary>
    /// Tree of thought: asks the model to imagine several experts who each write one step at a time, share it, drop out when
    /// they find they are wrong, and finally agree on an answer.
    /// </summary>
    /// <param name="experts">How many experts (2 to 10; 3 by default).</param>
    /// <returns>This builder.</returns>
    /// <example>
    /// <code>
    /// new PromptBuilder().WithTask("Which of these three investments is safest?").WithTreeOfThought(3).Build();
    /// // "…Imagine three different experts are answering this question. Each expert writes down one step…"
    /// </code>
    /// </example>
    public PromptBuilder WithTreeOfThought(int experts = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(experts, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(experts, 10);
        _experts = experts;
        return this;
    }

    /// <summary>
    /// Output format: adds the constraint's instruction ("Answer with a whole number from 1 to 10 and nothing else.") and keeps
    /// the constraint on the prompt for parsing and, for JSON, for the request's <c>format</c>. Replaces an earlier constraint.
    /// </summary>
    /// <param name="constraint">The constraint, from the <see cref="Prompts.FormatConstraint"/> factories.</param>
    /// <returns>This builder.</returns>
    /// <example>
    /// <code>
    /// new PromptBuilder(PromptLanguage.Chinese).WithTask("给这家公司打分").WithOutputFormat(FormatConstraint.Integer(1, 10)).Build().UserText;
    /// // "任务：给这家公司打分。\n\n只回答1到10之间的一个整数，不要输出其他内容。"
    /// </code>
    /// </example>
    public PromptBuilder WithOutputFormat(FormatConstraint constraint)
    {
        ArgumentNullException.ThrowIfNull(constraint);
        _format = constraint;
        return this;
    }

    /// <summary>
    /// Negative instruction: says what not to do, "Do not {instruction}." / "不要{instruction}。". Text that already starts
    /// with a negation ("Do not", "Never", "不要", "请勿", "禁止"…) is kept as it is.
    /// </summary>
    /// <param name="instruction">What to avoid, such as "mention competitors" or "提及竞争对手".</param>
    /// <returns>This builder.</returns>
    /// <example>
    /// <code>
    /// new PromptBuilder().WithTask("Rate Acme.").AddNegativeInstruction("mention competitors").Build().UserText;
    /// // "Task: Rate Acme.\n\nDo not mention competitors."
    /// </code>
    /// </example>
    public PromptBuilder AddNegativeInstruction(string instruction)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(instruction);
        _negatives.Add(instruction.Trim());
        return this;
    }

    /// <summary>
    /// The tutorial's negative instruction for batch scoring: "Do not give reasons or explanations." / "不要给出理由或解释。".
    /// </summary>
    /// <returns>This builder.</returns>
    /// <example>
    /// <code>
    /// new PromptBuilder().WithTask("Rate Acme from 1 to 10.").WithoutReasons().Build().UserText;
    /// // "Task: Rate Acme from 1 to 10.\n\nDo not give reasons or explanations."
    /// </code>
    /// </example>
    public PromptBuilder WithoutReasons()
    {
        _withoutReasons = true;
        return this;
    }

    /// <summary>
    /// Repeated instruction: restates an instruction, in other words, at the very end of the prompt ("Remember: {text}" /
    /// "再次强调：{text}"), where models pay the most attention.
    /// </summary>
    /// <param name="reminder">The instruction phrased differently, such as "only the number counts, nothing else".</param>
    /// <returns>This builder.</returns>
    /// <example>
    /// <code>
    /// new PromptBuilder().WithTask("Rate Acme.").AddReminder("judge only by the definition").Build().UserText;
    /// // "Task: Rate Acme.\n\nRemember: judge only by the definition."
    /// </code>
    /// </example>
    public PromptBuilder AddReminder(string reminder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reminder);
        _reminders.Add(reminder.Trim());
        return this;
    }

    /// <summary>
    /// Repeated instruction for the output format: adds the constraint's own rephrasing at the end of the prompt ("Remember: the
    /// answer must be a whole number from 1 to 10."). Needs <see cref="WithOutputFormat"/>.
    /// </summary>
    /// <returns>This builder.</returns>
    /// <example>
    /// <code>
    /// new PromptBuilder().WithTask("Rate Acme.").WithOutputFormat(FormatConstraint.Integer(1, 10)).RepeatFormatInstruction().Build().UserText;
    /// // "Task: Rate Acme.\n\nAnswer with a whole number from 1 to 10 and nothing else.\n\nRemember: the answer must be a whole number from 1 to 10."
    /// </code>
    /// </example>
    public PromptBuilder RepeatFormatInstruction()
    {
        _repeatFormat = true;
        return this;
    }

    /// <summary>Validates the settings and builds an immutable prompt. The builder can be changed and built again.</summary>
    /// <returns>The prompt.</returns>
    /// <exception cref="InvalidOperationException">
    /// There is neither a task nor an input; examples in the <see cref="ExampleStyle.Turns"/> style have no input; both steps and
    /// a tree of thought were asked for; or the format reminder was asked for without a format.
    /// </exception>
    public Prompt Build()
    {
        if (_task is null && _input is null)
        {
            throw new InvalidOperationException("The prompt has no task and no input: call WithTask(...) or WithInput(...) before Build().");
        }

        if (_steps.Length > 0 && _experts > 0)
        {
            throw new InvalidOperationException("Use either WithSteps (a fixed decomposition) or WithTreeOfThought (experts exploring), not both.");
        }

        if (_repeatFormat && _format is null)
        {
            throw new InvalidOperationException("RepeatFormatInstruction() needs an output format: call WithOutputFormat(...) too.");
        }

        var turnsStyle = _exampleStyle == ExampleStyle.Turns && _examples.Count > 0;
        if (turnsStyle && _input is null)
        {
            throw new InvalidOperationException(
                "Examples in the Turns style end with a user turn holding the input: call WithInput(...), or use ExampleStyle.Inline.");
        }

        var reasoning = _stepByStep || _steps.Length > 0 || _experts > 0;
        var role = _role is null ? null : RoleText();
        var inline = Join(Instructions(), InlineExamples(), InputText(), StepByStepText(), FormatText(reasoning), NegativeText(), ReminderText());

        List<PromptTurn> turns = [];
        if (turnsStyle)
        {
            var system = Join(role, Instructions(), FormatText(reasoning), NegativeText());
            turns.Add(new PromptTurn(MessageRole.System, system));
            foreach (var example in _examples)
            {
                turns.Add(new PromptTurn(MessageRole.User, example.Input));
                turns.Add(new PromptTurn(MessageRole.Assistant, example.Output));
            }

            turns.Add(new PromptTurn(MessageRole.User, Join(_input, StepByStepText(), ReminderText())));
        }
        else
        {
            if (role is not null)
            {
                turns.Add(new PromptTurn(MessageRole.System, role));
            }

            turns.Add(new PromptTurn(MessageRole.User, inline));
        }

        return new Prompt(Language, turns.AsReadOnly(), role, inline, _format, reasoning);
    }

    private string L(string english, string chinese) => Localized.Pick(Language, english, chinese);

    private string RoleText()
    {
        var role = _role!;
        var verbatim = Language == PromptLanguage.Chinese
            ? Localized.StartsWithAny(role, "你是", "你现在是", "你将扮演", "请你扮演", "扮演", "作为")
            : Localized.StartsWithAny(role, "You are ", "You're ", "Act as ", "Imagine you are ");
        return verbatim ? Localized.EndSentence(role) : L($"You are {Localized.EndSentence(role)}", $"你是{Localized.EndSentence(role)}");
    }

    private string? Instructions()
    {
        var parts = new List<string?>();
        foreach (var item in _context)
        {
            parts.Add(item.Term is null
                ? item.Text
                : L($"Definition of \"{item.Term}\": {Localized.EndSentence(item.Text)}", $"“{item.Term}”的定义：{Localized.EndSentence(item.Text)}"));
        }

        if (_task is not null)
        {
            parts.Add(L("Task: ", "任务：") + Localized.EndSentence(_task));
        }

        if (_instructions.Count > 0)
        {
            parts.Add(string.Join('\n', _instructions.Select(Localized.EndSentence)));
        }

        if (_steps.Length > 0)
        {
            var list = string.Join('\n', _steps.Select((s, i) => $"{i + 1}. {s}"));
            parts.Add(L("Solve the problem in these steps:\n", "请按以下步骤解决问题：\n") + list);
        }

        if (_experts > 0)
        {
            var en = EnglishNumbers[_experts];
            var zh = ChineseNumbers[_experts];
            parts.Add(L(
                $"Imagine {en} different experts are answering this question. Each expert writes down one step of their thinking and shares it with the group, then all experts go on to the next step. An expert who realises they are wrong leaves. Finally, give the answer the remaining experts agree on.",
                $"假设有{zh}位不同的专家在回答这个问题。每位专家写下自己思考的一个步骤并与大家分享，然后所有专家一起进入下一步。任何专家一旦发现自己错了，就退出讨论。最后给出剩下的专家一致认可的答案。"));
        }

        return Join([.. parts]);
    }

    private string? InlineExamples()
    {
        if (_examples.Count == 0)
        {
            return null;
        }

        var header = _examples.Count == 1 ? L("Example:", "示例：") : L("Examples:", "示例：");
        var blocks = _examples.Select(e => L($"Input: {e.Input}\nOutput: {e.Output}", $"输入：{e.Input}\n输出：{e.Output}"));
        return header + "\n" + string.Join("\n\n", blocks);
    }

    private string? InputText()
    {
        if (_input is null)
        {
            return null;
        }

        var separator = _input.Contains('\n', StringComparison.Ordinal) ? "\n" : L(" ", string.Empty);
        return L("Input:", "输入：") + separator + _input;
    }

    private string? StepByStepText() => _stepByStep
        ? L("Think step by step, and write out each step before giving the final answer.", "请一步一步地思考，先写出每一个步骤，再给出最终答案。")
        : null;

    private string? FormatText(bool reasoning)
        => _format is null ? null : reasoning ? _format.GetInstructionAfterReasoning(Language) : _format.GetInstruction(Language);

    private string? NegativeText()
    {
        var lines = new List<string>();
        if (_withoutReasons)
        {
            lines.Add(L("Do not give reasons or explanations.", "不要给出理由或解释。"));
        }

        foreach (var negative in _negatives)
        {
            var verbatim = Language == PromptLanguage.Chinese
                ? Localized.StartsWithAny(negative, "不要", "不得", "不准", "不能", "别", "请勿", "勿", "禁止", "切勿", "请不要")
                : Localized.StartsWithAny(negative, "Do not ", "Don't ", "Never ", "Avoid ", "No ", "Please do not ", "Please don't ");
            lines.Add(verbatim ? Localized.EndSentence(negative) : L($"Do not {Localized.EndSentence(negative)}", $"不要{Localized.EndSentence(negative)}"));
        }

        return lines.Count == 0 ? null : string.Join('\n', lines);
    }

    private string? ReminderText()
    {
        var lines = _reminders.Select(r => L("Remember: ", "再次强调：") + Localized.EndSentence(r)).ToList();
        if (_repeatFormat)
        {
            lines.Add(_format!.GetReminder(Language));
        }

        return lines.Count == 0 ? null : string.Join('\n', lines);
    }

    private static string Join(params string?[] parts) => string.Join("\n\n", parts.Where(p => !string.IsNullOrEmpty(p)));

    private sealed record ContextItem(string? Term, string Text);
}
