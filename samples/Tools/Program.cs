// Tools: a calculator tool that the model calls instead of doing arithmetic in its head, and a structured-output
// extraction into a C# record.
// 1. For "3666 × 5444" and "which is larger, 9.9 or 9.11?" it asks the model once without tools (its unaided answer)
//    and once in a ChatSession with the calculator tool: the model sends an expression, the session runs the C# tool
//    (exact decimal arithmetic), sends the result back, and the model answers. Both answers are printed side by side.
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

    // A ChatSession runs the loop: it sends the calculator's schema, runs every call the model makes, sends the results
    // back with the call ids, and asks again until the model answers in words (at most 5 rounds).
    var session = new ChatSession(ctx.Client, ctx.Model,
        "You are a careful assistant. Use the calculator tool for every calculation and every comparison of numbers; "
        + "never compute in your head. Then answer in one short sentence.")
    {
        MaxToolRounds = 5,
    };
    session.Tools.Add(ChatTool.Create("calculator", "Evaluates an arithmetic expression exactly. Use it for every calculation and number comparison.",
        ToolsJsonContext.Default.CalculatorArguments,
        arguments => string.IsNullOrWhiteSpace(arguments.Expression) ? "error: the expression is empty" : Calculator.Evaluate(arguments.Expression)));
    var toolResults = new List<string>();
    session.ToolInvoked += (_, call) =>
    {
        toolResults.Add(call.Result);
        var shown = call.Arguments.ValueKind == JsonValueKind.Object && call.Arguments.TryGetProperty("expression", out var expression)
            ? $"\"{expression}\""
            : call.Arguments.GetRawText();
        console.MarkupLine($"[grey]model calls[/] [bold]{Markup.Escape(call.Name)}[/]({Markup.Escape(shown)}) [grey]→[/] [bold cyan]{Markup.Escape(call.Result)}[/]");
    };

    string[] questions = ["What is 3666 × 5444?", "Which is larger, 9.9 or 9.11?"];
    var comparison = new Table().Border(TableBorder.Rounded).Title("[bold]Unaided vs tool-checked[/]")
        .AddColumns("Question", "Unaided answer", "With the calculator", "Calculator said");

    foreach (var question in questions)
    {
        console.Section(question);

        // The model on its own.
        var unaided = await ctx.Client.ChatAsync(new ChatRequest(ctx.Model, Message.User(question + " Answer in one short sentence.")), cancellationToken);
        console.Field("Unaided answer", unaided.Message.Content.Trim(), "yellow");

        // The model with the calculator, in a fresh conversation.
        session.Clear();
        toolResults.Clear();
        var reply = await session.SendAsync(question, cancellationToken);
        var answer = reply.Message.Content.Trim() is { Length: > 0 } text ? text : "(no answer)";

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
