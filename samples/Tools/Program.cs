// Tools: a calculator tool that the model calls instead of doing arithmetic in its head, and a structured-output
// extraction into a C# record.
// 1. For "3666 × 5444" and "which is larger, 9.9 or 9.11?" it asks the model once without tools (its unaided answer)
//    and once with the calculator tool: the model sends an expression, the sample evaluates it exactly (decimal), sends
//    the result back, and the model answers. Both answers are printed side by side.
// 2. Extracts facts about 念奴娇·赤壁怀古 from a paragraph into a PoemFacts record with ChatAsync<T> (format = its JSON Schema).
// Run: dotnet run --project samples/Tools [-- --model qwen2.5:0.5b] [--offline]
using System.Text.Json;
using Ollama.Net;
using Samples.Common;
using Spectre.Console;
using Tools;

var app = new SampleApp("Tools", "A calculator tool checks the model's arithmetic; structured output fills a C# record.",
    "qwen2.5:0.5b", OfflineScenarios.Tools);

return await app.RunAsync(args, async (ctx, parse, cancellationToken) =>
{
    var console = ctx.Console;
    var calculator = Tool.FromType("calculator", "Evaluates an arithmetic expression exactly. Use it for every calculation and number comparison.",
        ToolsJsonContext.Default.CalculatorArguments);
    string[] questions = ["What is 3666 × 5444?", "Which is larger, 9.9 or 9.11?"];
    var comparison = new Table().Border(TableBorder.Rounded).Title("[bold]Unaided vs tool-checked[/]")
        .AddColumns("Question", "Unaided answer", "With the calculator", "Calculator said");

    foreach (var question in questions)
    {
        console.Section(question);

        // The model on its own.
        var unaided = await ctx.Client.ChatAsync(new ChatRequest(ctx.Model, Message.User(question + " Answer in one short sentence.")), cancellationToken);
        console.Field("Unaided answer", unaided.Message.Content.Trim(), "yellow");

        // The model with the calculator: call tools until it answers in words.
        var messages = new List<Message>
        {
            Message.System("You are a careful assistant. Use the calculator tool for every calculation and every comparison of "
                + "numbers; never compute in your head. Then answer in one short sentence."),
            Message.User(question),
        };
        var toolResults = new List<string>();
        string answer = "(no answer)";
        for (var round = 1; round <= 5; round++)
        {
            var reply = await ctx.Client.ChatAsync(new ChatRequest(ctx.Model, messages) { Tools = [calculator] }, cancellationToken);
            messages.Add(reply.Message);
            if (reply.Message.ToolCalls is not { Count: > 0 } calls)
            {
                answer = reply.Message.Content.Trim();
                break;
            }

            foreach (var call in calls)
            {
                var (shown, result) = RunTool(call);
                toolResults.Add(result);
                console.MarkupLine($"[grey]model calls[/] [bold]{Markup.Escape(call.Function.Name)}[/]({Markup.Escape(shown)}) [grey]→[/] [bold cyan]{Markup.Escape(result)}[/]");
                messages.Add(Message.Tool(result, call.Function.Name, call.Id));
            }
        }

        console.Field("Tool-checked answer", answer, "green");
        comparison.AddRow(Markup.Escape(question), Markup.Escape(unaided.Message.Content.Trim()), Markup.Escape(answer),
            Markup.Escape(toolResults.Count == 0 ? "(not called)" : string.Join(", ", toolResults)));
    }

    console.WriteLine();
    console.Write(comparison);

    // Structured output: the answer must match PoemFacts' JSON Schema, and comes back as a PoemFacts.
    console.Section("Structured output: a paragraph into a C# record");
    const string Paragraph = "In 1082, while living in exile in Huangzhou, the Song dynasty poet Su Shi (苏轼) visited the Red Cliff on "
        + "the Yangtze and wrote 念奴娇·赤壁怀古. Remembering the young general Zhou Yu, newly married to Xiao Qiao, and the "
        + "battle fought there in 208, the poem sets the great river flowing east against the short lives of heroes, and ends "
        + "by pouring a cup of wine to the moon on the river.";
    console.TextPanel("Text", Paragraph);
    var request = new ChatRequest(ctx.Model, Message.User("Extract the facts about the poem from this text as JSON.\n\n" + Paragraph))
    {
        Options = new ModelOptions { Temperature = 0 },
    };
    try
    {
        var facts = await ctx.Client.ChatAsync(request, ToolsJsonContext.Default.PoemFacts, cancellationToken);
        var record = new Table().Border(TableBorder.Rounded).Title("[bold]PoemFacts[/]").AddColumns("Property", "Value");
        record.AddRow("Title", Markup.Escape(facts.Value.Title));
        record.AddRow("Author", Markup.Escape(facts.Value.Author));
        record.AddRow("Dynasty", Markup.Escape(facts.Value.Dynasty));
        record.AddRow("Year", facts.Value.Year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        record.AddRow("Place", Markup.Escape(facts.Value.Place));
        record.AddRow("PeopleMentioned", Markup.Escape(string.Join(", ", facts.Value.PeopleMentioned ?? [])));
        record.AddRow("Themes", Markup.Escape(string.Join(", ", facts.Value.Themes ?? [])));
        console.Write(record);
        console.Note($"Raw JSON: {facts.Raw.Message.Content}");
    }
    catch (JsonException ex)
    {
        console.MarkupLine($"[red]The answer did not match the PoemFacts schema:[/] {Markup.Escape(ex.Message)}");
    }

    if (ctx.IsOffline)
    {
        console.Note("Offline: the model's answers are simulated (the unaided ones make the mistakes small models make); "
            + "the calculator results are real.");
    }

    return 0;
});

// Runs one tool call: what to show of the call, and the result. Every failure becomes a text the model can read.
static (string Shown, string Result) RunTool(ToolCall call)
{
    var raw = call.Function.Arguments.GetRawText();
    if (call.Function.Name != "calculator")
    {
        return (raw, $"error: there is no tool named '{call.Function.Name}'; use calculator");
    }

    try
    {
        var arguments = call.GetArguments(ToolsJsonContext.Default.CalculatorArguments);
        return string.IsNullOrWhiteSpace(arguments.Expression)
            ? (raw, "error: the expression is empty")
            : ($"\"{arguments.Expression}\"", Calculator.Evaluate(arguments.Expression));
    }
    catch (JsonException ex)
    {
        return (raw, "error: the arguments must be {\"expression\": \"...\"}: " + ex.Message);
    }
}
