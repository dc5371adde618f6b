// PromptEngineering: each technique of the tutorial with its own example, built with PromptBuilder. Every example prints
// the prompt sent and the answer parsed from the reply (FormatConstraint parsers, re-asking when a reply does not parse).
//   1. detailed context: a question with and without a given definition
//   2. explicit task: a vague request against an exact one
//   3. role (in Chinese): a poetry teacher explains a line of 水调歌头
//   4. zero-shot chain of thought: 3666 × 5444, asked directly and "step by step"
//   5. few-shot: 1025=1, 20480=2, 360560101=3, 5023512004=?
//   6. output format: a 1–10 score parsed to an integer
//   7. repeated and negative instructions
//   8. decomposition: given steps for 3666 × 5444, and a tree of thought for "9.9 or 9.11"
// Run: dotnet run --project samples/PromptEngineering [-- --model qwen2.5:0.5b] [--offline]
using Ollama.Net;
using Ollama.Net.Prompts;
using PromptEngineering;
using Samples.Common;

var app = new SampleApp("PromptEngineering", "Each prompt-engineering technique of the tutorial, with its prompt and parsed answer.",
    "qwen2.5:0.5b", OfflineScenarios.PromptEngineering);

return await app.RunAsync(args, async (ctx, parse, cancellationToken) =>
{
    var show = new Showcase(ctx, cancellationToken);
    const string AiNative = "AI-native company";
    const string AiNativeDefinition = "a company whose core product and most of whose revenue are built on artificial intelligence; "
        + "without AI its main product would not exist";

    // 1. Detailed context: the same question, without and with the definition the answer should follow.
    ctx.Console.Section("1. Detailed context: give the definition");
    var yesNo = FormatConstraint.OneOf("yes", "no");
    var bare = new PromptBuilder().WithTask("Is Tesla an AI-native company?").WithOutputFormat(yesNo).Build();
    var withDefinition = new PromptBuilder().AddDefinition(AiNative, AiNativeDefinition)
        .WithTask("Using the definition above, is Tesla an AI-native company?").WithOutputFormat(yesNo).Build();
    await show.AskAsync("Without the definition", bare, yesNo);
    await show.AskAsync("With the definition as context", withDefinition, yesNo);

    // 2. Explicit task: say exactly what to do and what the answer looks like.
    ctx.Console.Section("2. Explicit task");
    var vague = new PromptBuilder().WithInput(Poems.Snow.Text).WithTask("Tell me about this poem.").Build();
    await show.ChatAsync("Vague request", vague);
    var rulers = FormatConstraint.List(5, 5);
    var exact = new PromptBuilder()
        .WithTask("List the five rulers of the past that this poem names, by their usual English names, one per line")
        .WithInput(Poems.Snow.Text).WithOutputFormat(rulers).Build();
    await show.AskAsync("Explicit task", exact, rulers, list => string.Join(" | ", list));

    // 3. Role prompting (in Chinese): a system message gives the model a role and a voice.
    ctx.Console.Section("3. Role (角色)");
    var role = new PromptBuilder(PromptLanguage.Chinese).WithRole("一位耐心的古诗词老师")
        .WithTask("用两句话向一个十岁的孩子解释“但愿人长久，千里共婵娟”的意思").Build();
    await show.ChatAsync("Role: 古诗词老师", role);

    // 4. Zero-shot chain of thought: "think step by step" makes small models get arithmetic right.
    ctx.Console.Section("4. Zero-shot chain of thought: 3666 × 5444");
    var number = FormatConstraint.Integer();
    var direct = new PromptBuilder().WithTask("Calculate 3666 × 5444").WithOutputFormat(number).Build();
    await show.AskAsync("Asked directly", direct, number, expected: 19957704);
    var stepByStep = new PromptBuilder().WithTask("Calculate 3666 × 5444").ThinkStepByStep().WithOutputFormat(number).Build();
    await show.AskAsync("Step by step", stepByStep, number, expected: 19957704);

    // 5. Few-shot: the examples carry a rule nobody states (count the zeros).
    ctx.Console.Section("5. Few-shot examples: 1025=1, 20480=2, 360560101=3, 5023512004=?");
    var fewShot = new PromptBuilder()
        .WithTask("Find the rule in the examples and apply it to the input")
        .AddExample("1025", "1").AddExample("20480", "2").AddExample("360560101", "3")
        .WithInput("5023512004").WithOutputFormat(number).Build();
    await show.AskAsync("Few-shot", fewShot, number, expected: 3);

    // 6. Output format: a score from 1 to 10, parsed to an integer (re-asked when the reply is not a number).
    ctx.Console.Section("6. Output format: a 1–10 score");
    var score = FormatConstraint.Integer(1, 10);
    var scoring = new PromptBuilder().AddDefinition(AiNative, AiNativeDefinition)
        .WithTask("Rate how well the company fits the definition above")
        .WithInput("Duolingo").WithOutputFormat(score).Build();
    await show.AskAsync("Score", scoring, score);

    // 7. Repeated and negative instructions: say what not to do, and say the format again at the end.
    ctx.Console.Section("7. Repeated and negative instructions");
    var mood = FormatConstraint.OneOf("joyful", "sorrowful", "heroic", "peaceful");
    var repeated = new PromptBuilder()
        .WithTask("Classify the mood of this poem")
        .WithInput(Poems.Sorrow.Text)
        .WithOutputFormat(mood)
        .AddNegativeInstruction("explain your choice")
        .AddNegativeInstruction("translate the poem")
        .RepeatFormatInstruction().Build();
    await show.AskAsync("Mood of 声声慢", repeated, mood, expected: "sorrowful");

    // 8. Decomposition: give the steps (chain of thought), or let experts explore (tree of thought).
    ctx.Console.Section("8. Decomposition");
    var steps = new PromptBuilder().WithTask("Calculate 3666 × 5444")
        .WithSteps("Compute 3666 × 5000", "Compute 3666 × 444", "Add the two results")
        .WithOutputFormat(number).Build();
    await show.AskAsync("Given steps", steps, number, expected: 19957704);
    var larger = FormatConstraint.OneOf("9.9", "9.11");
    var tree = new PromptBuilder().WithTask("Which number is larger, 9.9 or 9.11?").WithTreeOfThought(3).WithOutputFormat(larger).Build();
    await show.AskAsync("Tree of thought", tree, larger, expected: "9.9");

    show.PrintSummary();
    return 0;
});
