// Vision: a vision model describes a picture.
// Loads the picture with ImageData.FromFileAsync (the one shipped with the sample, images/house.png, or any path given
// with --image), checks that the model has the vision capability, and streams its description.
// Run: dotnet run --project samples/Vision [-- --image photo.jpg] [--prompt "What is in this picture?"] [--model gemma3:4b] [--offline]
using System.CommandLine;
using Ollama.Net;
using Samples.Common;
using Spectre.Console;

var app = new SampleApp("Vision", "Describes a picture with a vision model.", "gemma3:4b", OfflineScenarios.Vision, ModelKind.Vision);
var imageOption = new Option<string[]>("--image", "-i")
{
    Description = "A picture to describe (PNG, JPEG, WebP; repeat for several). Default: images/house.png, shipped with the sample.",
    HelpName = "path",
};
var promptOption = new Option<string>("--prompt", "-p")
{
    Description = "What to ask about the picture.",
    DefaultValueFactory = _ => "Describe this picture in two or three sentences.",
};
app.Command.Options.Add(imageOption);
app.Command.Options.Add(promptOption);

return await app.RunAsync(args, async (ctx, parse, cancellationToken) =>
{
    var console = ctx.Console;
    var paths = parse.GetValue(imageOption) is { Length: > 0 } given ? given : [Path.Combine(AppContext.BaseDirectory, "images", "house.png")];
    var missing = paths.FirstOrDefault(p => !File.Exists(p));
    if (missing is not null)
    {
        console.MarkupLine($"[red]No picture at {Markup.Escape(Path.GetFullPath(missing))}.[/]");
        return 1;
    }

    // Only models with the vision capability take images; Ollama's runner refuses them for other models.
    if (!await SampleConnector.EnsureCapabilityAsync(ctx, ModelCapability.Vision, "cannot see images",
        "Use a vision model, such as [bold]gemma3:4b[/], [bold]qwen2.5vl:3b[/] or [bold]llama3.2-vision[/]: --model gemma3:4b", cancellationToken))
    {
        return 1;
    }

    var images = new List<ImageData>();
    var table = new Table().Border(TableBorder.Rounded).AddColumns("Picture", "Format", "Bytes");
    table.Columns[2].RightAligned();
    foreach (var path in paths)
    {
        var image = await ImageData.FromFileAsync(path, cancellationToken);
        images.Add(image);
        table.AddRow(Markup.Escape(Path.GetFileName(path)), Markup.Escape(ImageInfo.Read(image.Bytes.Span).ToString()), $"{image.Bytes.Length:N0}");
    }

    console.Write(table);

    var prompt = parse.GetValue(promptOption)!;
    var request = new ChatRequest(ctx.Model, Message.User(prompt, [.. images]));
    console.MarkupLine($"[bold]> {Markup.Escape(prompt)}[/] [grey]({images.Count} picture(s) attached, sent base64-encoded)[/]");
    await foreach (var update in ctx.Client.ChatStreamingAsync(request, cancellationToken))
    {
        console.Write(new Text(update.Message.Content));
        if (update.Done)
        {
            console.WriteLine();
            console.Note($"[{update.PromptEvalCount} prompt tokens (the picture counts too), {update.EvalCount} answer tokens, {update.TokensPerSecond:F1} tokens/s]");
        }
    }

    return 0;
});
