// FillInMiddle: code completion between a prefix and a suffix, as an editor asks for it.
// Sends the code before the cursor as the prompt and the code after it as "suffix" to /api/generate, and streams the
// middle the model writes. Only models with the "insert" capability take a suffix (code models such as qwen2.5-coder,
// codellama:code, starcoder2). --file reads a file with a <FILL> marker where the cursor is.
// Run: dotnet run --project samples/FillInMiddle [-- --file Program.cs] [--model qwen2.5-coder:1.5b] [--offline]
using System.CommandLine;
using Ollama.Net;
using Samples.Common;
using Spectre.Console;

const string Marker = "<FILL>";
const string DefaultCode = """
    // Returns the n-th Fibonacci number (0, 1, 1, 2, 3, 5, ...).
    static long Fibonacci(int n)
    {
    <FILL>}

    Console.WriteLine(Fibonacci(10)); // 55

    """;

var app = new SampleApp("FillInMiddle", "Completes code between a prefix and a suffix (fill-in-the-middle).", "qwen2.5-coder:1.5b",
    OfflineScenarios.FillInMiddle, ModelKind.Code);
var fileOption = new Option<string?>("--file", "-f")
{
    Description = $"A source file with a {Marker} marker where the code is missing. Default: a C# function without its body.",
    HelpName = "path",
};
var maxOption = new Option<int>("--max-tokens") { Description = "The most tokens to write (num_predict).", DefaultValueFactory = _ => 256 };
app.Command.Options.Add(fileOption);
app.Command.Options.Add(maxOption);

return await app.RunAsync(args, async (ctx, parse, cancellationToken) =>
{
    var console = ctx.Console;
    var code = parse.GetValue(fileOption) is { } path ? await File.ReadAllTextAsync(path, cancellationToken) : DefaultCode;
    var at = code.IndexOf(Marker, StringComparison.Ordinal);
    if (at < 0)
    {
        console.MarkupLine($"[red]The code has no {Marker} marker:[/] put {Marker} where the model should write.");
        return 1;
    }

    if (!await SampleConnector.EnsureCapabilityAsync(ctx, ModelCapability.Insert, "does not fill in the middle",
        "Use a code model, such as [bold]qwen2.5-coder:1.5b[/] or [bold]codellama:7b-code[/]: --model qwen2.5-coder:1.5b", cancellationToken))
    {
        return 1;
    }

    var request = new GenerateRequest(ctx.Model, code[..at])
    {
        Suffix = code[(at + Marker.Length)..],
        Options = new ModelOptions { Temperature = 0, NumPredict = Math.Clamp(parse.GetValue(maxOption), 1, 4096) },
    };
    console.MarkupLine($"[grey]prompt (before the cursor): {request.Prompt!.Length} characters; suffix (after it): {request.Suffix.Length} characters. "
        + "The model's part is in [/][green]green[/][grey].[/]");
    console.Write(new Rule().LeftJustified());

    // The prefix, then the middle as it streams, then the suffix.
    console.Write(new Text(request.Prompt, new Style(Color.Grey)));
    var middle = new System.Text.StringBuilder();
    GenerateUpdate? last = null;
    await foreach (var update in ctx.Client.GenerateStreamingAsync(request, cancellationToken))
    {
        console.Write(new Text(update.Response, new Style(Color.Green)));
        middle.Append(update.Response);
        last = update;
    }

    console.Write(new Text(request.Suffix, new Style(Color.Grey)));
    console.Write(new Rule().LeftJustified());
    console.Note($"[{last?.DoneReason}: {last?.EvalCount} tokens written, {middle.ToString().Split('\n').Length - 1} lines, {last?.TokensPerSecond:F1} tokens/s]");
    return 0;
});
