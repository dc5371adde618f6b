// HelloOllama: the smallest useful Ollama.Net program.
// Talks to the server at --host (default OLLAMA_HOST, else http://127.0.0.1:11434), prints its version, then streams a
// short chat answer token by token. Then it asks a thinking model the same question at each thinking level
// (low, medium, high) and compares how long it reasoned. When no server answers it runs against a simulated server.
// Run: dotnet run --project samples/HelloOllama [-- --model qwen2.5:0.5b] [--think-model gpt-oss:20b] [--offline]
using System.CommandLine;
using System.Text;
using Ollama.Net;
using Samples.Common;
using Spectre.Console;

var app = new SampleApp("HelloOllama", "Streams a short chat answer from Ollama, then compares thinking levels.", "qwen2.5:0.5b", OfflineScenarios.HelloOllama);
var thinkModelOption = new Option<string>("--think-model")
{
    Description = "The thinking model for the thinking levels (gpt-oss honours low/medium/high; other thinking models just think).",
    HelpName = "name",
    DefaultValueFactory = _ => "qwen3:0.6b",
};
app.Command.Options.Add(thinkModelOption);

return await app.RunAsync(args, async (ctx, parse, cancellationToken) =>
{
    var request = new ChatRequest(ctx.Model,
        Message.System("You are a friendly assistant. Answer in one or two sentences."),
        Message.User("Why is the sky blue?"));

    ctx.Console.MarkupLine($"[bold]> {Markup.Escape(request.Messages[^1].Content)}[/]");
    await foreach (var update in ctx.Client.ChatStreamingAsync(request, cancellationToken))
    {
        ctx.Console.Write(new Text(update.Message.Content));
        if (update.Done)
        {
            ctx.Console.WriteLine();
            ctx.Console.Note($"[{update.DoneReason}: {update.EvalCount} tokens in {update.TotalDuration?.TotalSeconds:F1} s, {update.TokensPerSecond:F1} tokens/s]");
        }
    }

    // Thinking levels: the same question with "think": "low", "medium" and "high".
    var thinkModel = parse.GetValue(thinkModelOption)!;
    ctx.Console.Section($"Thinking levels ({thinkModel})");
    if (!await SampleConnector.EnsureModelAsync(ctx, thinkModel, cancellationToken))
    {
        return 0;
    }

    const string Question = "How many r's are in the word \"strawberry\"?";
    ctx.Console.MarkupLine($"[bold]> {Markup.Escape(Question)}[/]");
    var table = new Table().Border(TableBorder.Rounded).AddColumns("Level", "Thinking", "Tokens", "Answer");
    table.Columns[1].RightAligned();
    table.Columns[2].RightAligned();
    foreach (var level in new[] { ThinkValue.Low, ThinkValue.Medium, ThinkValue.High })
    {
        var thinking = new StringBuilder();
        var answer = new StringBuilder();
        ChatUpdate? last = null;
        try
        {
            var thinkRequest = new ChatRequest(thinkModel, Message.User(Question)) { Think = level };
            await foreach (var update in ctx.Client.ChatStreamingAsync(thinkRequest, cancellationToken))
            {
                thinking.Append(update.Message.Thinking);
                answer.Append(update.Message.Content);
                last = update;
            }
        }
        catch (OllamaException ex) when (ex is not OllamaModelNotFoundException && ex.StatusCode == System.Net.HttpStatusCode.BadRequest)
        {
            ctx.Console.MarkupLine($"[yellow]{Markup.Escape(thinkModel)} refused \"think\": \"{level}\": {Markup.Escape(ex.ServerMessage ?? ex.Message)}[/]");
            return 0;
        }

        ctx.Console.TextPanel($"think: \"{level}\" — reasoning", thinking.ToString().Trim(), Color.Grey);
        var words = thinking.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        table.AddRow(level.ToString(), $"{words} words", $"{last?.EvalCount}", Markup.Escape(answer.ToString().Trim()));
    }

    ctx.Console.Write(table);
    ctx.Console.Note("A higher level buys more reasoning (and time) for harder questions. gpt-oss follows the levels; other thinking "
        + "models (qwen3, deepseek-r1) treat any level as \"think\": true.");
    return 0;
});
