// HelloOllama: the smallest useful Ollama.Net program.
// Talks to the server at --host (default OLLAMA_HOST, else http://127.0.0.1:11434), prints its version, then streams a
// short chat answer token by token. When no server answers it says so and runs against a simulated server.
// Run: dotnet run --project samples/HelloOllama [-- --model qwen2.5:0.5b] [--offline]
using Ollama.Net;
using Samples.Common;
using Spectre.Console;

var app = new SampleApp("HelloOllama", "Streams a short chat answer from Ollama.", "qwen2.5:0.5b", OfflineScenario.Default);
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

    return 0;
});
