// WebSearch: the model answers a question about today's news by searching the web and reading pages.
// A ChatSession gets two tools, web_search and web_fetch (WebTools.cs), which run OllamaClient.WebSearchAsync and
// WebFetchAsync; the session runs the calls the model makes and sends the results back until the model answers.
// Web search and fetch run on ollama.com and need an ollama.com account: with an API key in OLLAMA_API_KEY (create one at
// https://ollama.com/settings/keys) the sample calls https://ollama.com with it; without one it asks the local Ollama
// (v0.18.0+) to search for it, which works once that Ollama is signed in (`ollama signin`).
// Run: dotnet run --project samples/WebSearch [-- --question "What happened in AI this week?"] [--model qwen3:4b] [--offline]
using System.CommandLine;
using System.Globalization;
using System.Net;
using Ollama.Net;
using Samples.Common;
using Spectre.Console;
using WebSearch;

var app = new SampleApp("WebSearch", "The model answers a question about today's news with web search and fetch as tools.",
    "qwen3:4b", OfflineScenarios.WebSearch, ModelKind.Thinking);
var questionOption = new Option<string>("--question", "-q")
{
    Description = "What to ask.",
    DefaultValueFactory = _ => "What are the three biggest news stories today? One sentence each, with its source.",
};
app.Command.Options.Add(questionOption);

return await app.RunAsync(args, async (ctx, parse, cancellationToken) =>
{
    var console = ctx.Console;
    if (!await SampleConnector.EnsureCapabilityAsync(ctx, ModelCapability.Tools, "cannot call tools",
        "Use a model with tools, such as [bold]qwen3:4b[/], [bold]gpt-oss:20b[/] or [bold]llama3.1:8b[/]: --model qwen3:4b", cancellationToken))
    {
        return 1;
    }

    // With an API key, search through https://ollama.com itself; without, through the Ollama the model runs on.
    var apiKey = Environment.GetEnvironmentVariable(OllamaEndpoint.ApiKeyEnvironmentVariable);
    using var ollamaCom = ctx.IsOffline || string.IsNullOrEmpty(apiKey)
        ? null
        : new OllamaClient(new OllamaClientOptions { Endpoint = new Uri("https://ollama.com"), ApiKey = apiKey });
    var web = ollamaCom ?? ctx.Client;
    console.StatusLine(ctx.IsOffline
        ? "[grey]Web search: the simulated server's own search results and pages.[/]"
        : ollamaCom is not null
            ? $"[grey]Web search: https://ollama.com, with the API key in {OllamaEndpoint.ApiKeyEnvironmentVariable}.[/]"
            : $"[grey]Web search: through the Ollama at {Markup.Escape(ctx.EndpointText)}, which must be signed in to ollama.com ({OllamaEndpoint.ApiKeyEnvironmentVariable} is not set).[/]");

    // Models do not know the date, so the system prompt says it; "today" in the question means nothing to them otherwise.
    var today = DateTime.Now.ToString("dddd d MMMM yyyy", CultureInfo.InvariantCulture);
    var session = new ChatSession(ctx.Client, ctx.Model,
        $"Today is {today}. You answer questions about current events, which you cannot know from training: search the web "
        + "with web_search, read the most relevant pages with web_fetch, and answer only from what you read, giving the URL "
        + "of each fact.")
    {
        Options = new ModelOptions { NumCtx = 16384 },   // a few pages of text; Ollama's default context would cut them off
        MaxToolRounds = 6,
        ThrowOnToolError = true,                          // a missing key stops the exchange; WebTools reports other failures
    };
    if ((await ctx.Client.ShowModelAsync(ctx.Model, cancellationToken)).HasCapability(ModelCapability.Thinking))
    {
        session.Think = ThinkValue.Enabled;               // a thinking model plans its searches where we can see it
    }

    session.Tools.Add(WebTools.Search(web));
    session.Tools.Add(WebTools.Fetch(web));

    var question = parse.GetValue(questionOption)!;
    console.MarkupLine($"[bold]> {Markup.Escape(question)}[/] [grey]({Markup.Escape(today)})[/]");
    var thinking = false;
    var lineOpen = false;
    var searches = 0;
    var pages = 0;
    ChatUpdate? last = null;
    try
    {
        await foreach (var update in session.SendStreamingAsync(question, cancellationToken))
        {
            if (update.ToolInvocation is { } call)
            {
                if (lineOpen)
                {
                    console.WriteLine();
                }

                thinking = lineOpen = false;
                if (!call.Result.StartsWith("Error:", StringComparison.Ordinal))
                {
                    searches += call.Name == "web_search" ? 1 : 0;
                    pages += call.Name == "web_fetch" ? 1 : 0;
                }

                ShowToolCall(console, call);
                continue;
            }

            if (!string.IsNullOrEmpty(update.Thinking))
            {
                console.Write(new Text(thinking ? update.Thinking : "Thinking: " + update.Thinking, new Style(Color.Grey, decoration: Decoration.Italic)));
                thinking = lineOpen = true;
            }

            if (update.Content.Length > 0)
            {
                if (thinking)
                {
                    console.WriteLine();
                    thinking = false;
                }

                console.Write(new Text(update.Content));
                lineOpen = true;
            }

            if (update.Chunk is { Done: true } done)
            {
                if (lineOpen)
                {
                    console.WriteLine();
                }

                lineOpen = false;
                last = done;
            }
        }
    }
    catch (OllamaException ex) when (ex is OllamaUnauthorizedException || ex.StatusCode == HttpStatusCode.Forbidden)
    {
        console.WriteLine();
        ExplainTheKey(console, ex, ollamaCom is not null);
        return 1;
    }

    console.Note($"[{searches} search(es), {pages} page(s) read; the answer took {last?.EvalCount} tokens at {last?.TokensPerSecond:0.0} tokens/s]");
    if (ctx.IsOffline)
    {
        console.StatusLine("[grey]Offline: the searches, the pages and the answer are simulated by OllamaTestServer. Against a real "
            + $"Ollama, web search runs on ollama.com: set {OllamaEndpoint.ApiKeyEnvironmentVariable} to a key from https://ollama.com/settings/keys, "
            + "or sign your Ollama in with `ollama signin`.[/]");
    }

    return 0;
});

// One line per call: what the model asked for and the head of what it got back (the result's own first lines).
static void ShowToolCall(IAnsiConsole console, ToolInvocation call)
{
    console.MarkupLine($"[bold cyan]{Markup.Escape(call.Name)}[/]({Markup.Escape(call.Arguments.GetRawText())}) [grey]{call.Duration.TotalSeconds:0.0} s[/]");
    var lines = call.Result.Split('\n');
    var shown = call.Name == "web_search" ? lines.Where(l => l.StartsWith('[')).Prepend(lines[0]) : lines.Take(1);
    foreach (var line in shown)
    {
        console.MarkupLine($"  [{(line.StartsWith("Error:", StringComparison.Ordinal) ? "red" : "grey")}]{Markup.Escape(line)}[/]");
    }
}

static void ExplainTheKey(IAnsiConsole console, OllamaException ex, bool usedTheKey)
{
    const string Key = OllamaEndpoint.ApiKeyEnvironmentVariable;
    console.MarkupLine($"[red]Web search was refused:[/] {Markup.Escape(ex.Message)}");
    console.MarkupLine("Web search and fetch run on ollama.com and need an ollama.com account. Either:");
    if (usedTheKey)
    {
        console.MarkupLine($"  - check [bold]{Key}[/]: it must be one of your keys at https://ollama.com/settings/keys;");
    }
    else
    {
        console.MarkupLine("  - create an API key at https://ollama.com/settings/keys and set it before running the sample, which then calls https://ollama.com with it:");
        console.MarkupLine($"      [bold]export {Key}=<your key>[/]   (PowerShell: [bold]$env:{Key} = \"<your key>\"[/])");
    }

    console.MarkupLine("  - or sign your Ollama in with [bold]ollama signin[/]: it then searches for its clients (unless cloud features are turned off, OLLAMA_NO_CLOUD).");
}
