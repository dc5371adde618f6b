// ImportAdapter: how a fine-tuned model reaches Ollama. A LoRA adapter trained elsewhere (GGUF) is put on a base model
// with /api/create ("adapters"), together with a system prompt and parameters, like a Modelfile's FROM, ADAPTER, SYSTEM
// and PARAMETER lines. The files are hashed and uploaded as blobs first (a progress bar per file), only when the server
// does not have them yet. Then the sample chats with the new model and deletes it.
// Without --base and --adapter it makes its own small, valid GGUF files: offline a tiny base model and an adapter for
// it; against a real server an adapter (that changes nothing) for the installed --model, which is the base.
// Run: dotnet run --project samples/ImportAdapter [-- --base model.gguf --adapter lora.gguf] [--model qwen2.5:0.5b] [--keep] [--offline]
using System.CommandLine;
using System.Security.Cryptography;
using Ollama.Net;
using ImportAdapter;
using Samples.Common;
using Spectre.Console;

var app = new SampleApp("ImportAdapter", "Creates a model from a base model and a LoRA adapter (GGUF), chats with it, deletes it.",
    "qwen2.5:0.5b", OfflineScenarios.ImportAdapter, ModelKind.None);
var baseOption = new Option<string?>("--base") { Description = "A base model GGUF file. Default: the installed --model (offline: a tiny model the sample writes).", HelpName = "path" };
var adapterOption = new Option<string?>("--adapter") { Description = "A LoRA adapter GGUF file for that base. Default: one the sample writes.", HelpName = "path" };
var nameOption = new Option<string>("--name") { Description = "The name of the model to create.", DefaultValueFactory = _ => "ollama-net-poetry-tutor" };
var keepOption = new Option<bool>("--keep") { Description = "Keep the created model (default: delete it at the end)." };
var saveOption = new Option<string?>("--save-files") { Description = "Also copy the GGUF files the sample writes into this folder.", HelpName = "folder" };
app.Command.Options.Add(baseOption);
app.Command.Options.Add(adapterOption);
app.Command.Options.Add(nameOption);
app.Command.Options.Add(keepOption);
app.Command.Options.Add(saveOption);

return await app.RunAsync(args, async (ctx, parse, cancellationToken) =>
{
    var console = ctx.Console;
    var name = parse.GetValue(nameOption)!;
    var basePath = parse.GetValue(baseOption);
    var adapterPath = parse.GetValue(adapterOption);
    if (basePath is not null && adapterPath is null)
    {
        console.MarkupLine("[red]--base needs --adapter[/]: the adapter must be trained for that base model.");
        return 1;
    }

    var folder = Directory.CreateTempSubdirectory("ollama-net-import-").FullName;
    try
    {
        // 1. The files: given, or written here.
        console.Section("1. The GGUF files");
        string? from = null;
        if (basePath is null && ctx.IsOffline)
        {
            basePath = Path.Combine(folder, "base.gguf");
            var tensors = TinyModels.WriteBase(basePath);
            console.MarkupLine($"Wrote base.gguf: a tiny llama model ({tensors} tensors, {TinyModels.Dimensions} dimensions, 1 block, {TinyModels.Vocabulary}-token byte vocabulary).");
        }
        else if (basePath is null)
        {
            // The installed model is the base; the adapter is written for its architecture and matrix shapes.
            if (!await SampleConnector.EnsureModelAsync(ctx, ctx.Model, cancellationToken))
            {
                return 1;
            }

            from = ctx.Model;
            console.MarkupLine($"Base: the installed model [bold]{Markup.Escape(from)}[/] (FROM {Markup.Escape(from)}).");
        }

        if (adapterPath is null)
        {
            adapterPath = Path.Combine(folder, "adapter.gguf");
            var (architecture, targets) = from is null ? ("llama", TinyModels.TinyTargets) : await TargetsOfAsync(from);
            TinyModels.WriteAdapter(adapterPath, architecture, targets, noOp: from is not null);
            console.MarkupLine($"Wrote adapter.gguf: a rank-{TinyModels.Rank} LoRA adapter ({architecture}) for {string.Join(", ", targets.Select(t => t.Tensor))}"
                + (from is null ? "." : " that changes nothing (its B matrices are zero): pass --adapter with your own fine-tune."));
        }

        var fileTable = new Table().Border(TableBorder.Rounded).AddColumns("File", "Role", "Size", "SHA-256");
        fileTable.Columns[2].RightAligned();
        foreach (var (path, role) in new[] { (basePath, "base model"), (adapterPath, "LoRA adapter") })
        {
            if (path is null)
            {
                continue;
            }

            await using var file = File.OpenRead(path);
            var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, cancellationToken));
            fileTable.AddRow(Markup.Escape(Path.GetFileName(path)), role, ConsoleUi.Bytes(file.Length), hash[..16] + "…");
        }

        console.Write(fileTable);
        if (parse.GetValue(saveOption) is { } save)
        {
            Directory.CreateDirectory(save);
            foreach (var written in Directory.GetFiles(folder, "*.gguf"))
            {
                File.Copy(written, Path.Combine(save, Path.GetFileName(written)), overwrite: true);
            }

            console.Note($"Copied the written files to {Path.GetFullPath(save)}.");
        }

        // 2. Create: upload the blobs (hashing, then uploading, per file), then /api/create streams its steps.
        console.Section($"2. Create {name}");
        var request = new CreateModelRequest(name)
        {
            From = from,
            System = "你是一位耐心的古诗词老师。用一两句话回答，并说出诗的作者和朝代。",
            Parameters = new ModelOptions { Temperature = 0.3f, NumCtx = 4096, TopP = 0.9f },
        };
        var files = basePath is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [Path.GetFileName(basePath)] = basePath };
        var adapters = new Dictionary<string, string> { [Path.GetFileName(adapterPath)] = adapterPath };
        var steps = new List<string>();
        await console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn())
            .StartAsync(async progress =>
            {
                var bars = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                var report = new SyncProgress<ModelTransferProgress>(p =>
                {
                    // Client steps name a file ("hashing base.gguf", "uploading base.gguf"); server steps do not.
                    var (step, file) = SplitStep(p.Status);
                    if (file is null)
                    {
                        if (steps.Count == 0 || steps[^1] != p.Status)
                        {
                            steps.Add(p.Status);
                        }

                        return;
                    }

                    if (!bars.TryGetValue(file, out var bar))
                    {
                        bars[file] = bar = progress.AddTask(Markup.Escape(file));
                    }

                    bar.Description = Markup.Escape($"{step} {file}");
                    bar.MaxValue = Math.Max(1, p.CurrentTotal ?? 1);
                    bar.Value = p.CurrentCompleted ?? 0;
                    if (step == "uploading" && p.CurrentCompleted == p.CurrentTotal)
                    {
                        steps.Add($"uploaded {file} ({ConsoleUi.Bytes(p.CurrentTotal ?? 0)})");
                    }
                });
                await ctx.Client.CreateModelFromFilesAsync(request, files, adapters, report, cancellationToken);
                foreach (var bar in bars.Values)
                {
                    bar.Value = bar.MaxValue;
                }
            });
        foreach (var step in steps)
        {
            console.MarkupLine($"  [grey]{Markup.Escape(step)}[/]");
        }

        console.MarkupLine($"[green]Created {Markup.Escape(name)}[/]");

        // 3. What Ollama made of it: the Modelfile's FROM, ADAPTER, SYSTEM and PARAMETER lines.
        console.Section("3. The model's Modelfile");
        var info = await ctx.Client.ShowModelAsync(name, cancellationToken);
        var lines = (info.Modelfile ?? string.Empty).Split('\n')
            .Where(l => l.StartsWith("FROM ", StringComparison.Ordinal) || l.StartsWith("ADAPTER ", StringComparison.Ordinal)
                || l.StartsWith("SYSTEM ", StringComparison.Ordinal) || l.StartsWith("PARAMETER ", StringComparison.Ordinal));
        console.TextPanel("ollama show --modelfile (excerpt)", string.Join('\n', lines), Color.Blue);

        // 4. Chat with it: the system prompt and parameters come with the model.
        console.Section($"4. Chat with {name}");
        const string Question = "“明月几时有，把酒问青天”出自哪首词？";
        console.MarkupLine($"[bold]> {Markup.Escape(Question)}[/]");
        await foreach (var update in ctx.Client.ChatStreamingAsync(new ChatRequest(name, Message.User(Question)), cancellationToken))
        {
            console.Write(new Text(update.Message.Content));
            if (update.Done)
            {
                console.WriteLine();
            }
        }

        if (ctx.IsOffline)
        {
            console.Note("Offline the simulated server answers as the system prompt asks; a real server would run the base with the adapter applied.");
        }

        // 5. Delete it (unless --keep).
        console.Section("5. Clean up");
        if (parse.GetValue(keepOption))
        {
            console.MarkupLine($"Kept {Markup.Escape(name)}: [bold]ollama run {Markup.Escape(name)}[/]; remove it with [bold]ollama rm {Markup.Escape(name)}[/].");
            return 0;
        }

        await ctx.Client.DeleteModelAsync(name, cancellationToken);
        var left = (await ctx.Client.ListModelsAsync(cancellationToken)).Models;
        var gone = left.All(m => !m.Name.StartsWith(name + ":", StringComparison.Ordinal) && m.Name != name);
        console.MarkupLine(gone ? $"Deleted {Markup.Escape(name)} ({left.Count} models left)." : $"[red]{Markup.Escape(name)} is still listed after the delete.[/]");
        return gone ? 0 : 1;
    }
    finally
    {
        Directory.Delete(folder, recursive: true);
    }

    // The architecture and the shapes of the attention matrices of an installed model (show --verbose lists its tensors).
    async Task<(string Architecture, IReadOnlyList<LoraTarget> Targets)> TargetsOfAsync(string model)
    {
        var shown = await ctx.Client.ShowModelAsync(new ShowModelRequest(model) { Verbose = true }, cancellationToken);
        var targets = (shown.Tensors ?? [])
            .Where(t => t.Name is "blk.0.attn_q.weight" or "blk.0.attn_v.weight" && t.Shape.Count == 2)
            .Select(t => new LoraTarget(t.Name, t.Shape[0], t.Shape[1]))
            .ToList();
        return shown.Architecture is { } architecture && targets.Count > 0
            ? (architecture, targets)
            : throw new InvalidOperationException($"{model} lists no blk.0 attention tensors; pass your own --adapter.");
    }
});

static (string Step, string? File) SplitStep(string status)
{
    foreach (var prefix in new[] { "hashing ", "uploading ", "using existing blob for " })
    {
        if (status.StartsWith(prefix, StringComparison.Ordinal))
        {
            return (prefix.TrimEnd(), status[prefix.Length..]);
        }
    }

    return (status, null);
}
