using System.Globalization;
using Ollama.Net;
using Samples.Common;
using Spectre.Console;

namespace ModelManagement;

/// <summary>One method per subcommand, and the tour that runs them in turn.</summary>
internal sealed class ModelCommands(SampleContext ctx, CancellationToken cancellationToken)
{
    private readonly IAnsiConsole _console = ctx.Console;

    public async Task<int> TourAsync()
    {
        var copy = CopyName(ctx.Model);
        _console.Section("ollama list");
        await ListAsync();
        _console.Section($"ollama pull {ctx.Model}");
        await PullAsync(ctx.Model);
        _console.Section($"ollama show {ctx.Model}");
        await ShowAsync(ctx.Model);
        _console.Section("ollama ps (after loading the model)");
        await ctx.Client.LoadModelAsync(ctx.Model, cancellationToken: cancellationToken);
        await PsAsync();
        _console.Section($"ollama cp {ctx.Model} {copy}");
        await CopyAsync(ctx.Model, copy);
        await ListAsync();
        _console.Section($"ollama rm {copy}");
        return await DeleteAsync(copy);
    }

    public async Task<int> ListAsync()
    {
        var models = (await ctx.Client.ListModelsAsync(cancellationToken)).Models;
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]Installed models[/] [grey]({models.Count})[/]")
            .AddColumns("NAME", "ID", "SIZE", "MODIFIED", "DETAILS", "CAPABILITIES");
        table.Columns[0].NoWrap();
        table.Columns[1].NoWrap();
        table.Columns[2].RightAligned().NoWrap();
        foreach (var m in models.OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            table.AddRow(
                $"[bold]{Markup.Escape(m.Name)}[/]",
                Markup.Escape(ShortId(m.Digest)),
                ConsoleUi.Bytes(m.Size),
                Markup.Escape(Ago(m.ModifiedAt)),
                Markup.Escape(m.Details.ToString()),
                Markup.Escape(m.Capabilities is null ? "-" : string.Join(", ", m.Capabilities)));
        }

        _console.Write(table);
        return 0;
    }

    public async Task<int> PullAsync(string model)
    {
        ModelTransferProgress final = ModelTransferProgress.Empty;
        await _console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn())
            .StartAsync(async progress =>
            {
                var overall = progress.AddTask("[bold]overall[/]", maxValue: 1);
                var layers = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                var report = new SyncProgress<ModelTransferProgress>(p =>
                {
                    foreach (var layer in p.Layers)
                    {
                        if (!layers.TryGetValue(layer.Digest, out var task))
                        {
                            task = progress.AddTaskBefore($"pulling {Markup.Escape(ShortId(layer.Digest))}", overall);
                            layers[layer.Digest] = task;
                        }

                        task.MaxValue = Math.Max(1, layer.Total);
                        task.Value = layer.Completed;
                    }

                    // Layer lines say "pulling <digest>" (their own bars show that); other steps name themselves here.
                    var step = p.Status.StartsWith("pulling ", StringComparison.Ordinal) && p.Digest is not null ? string.Empty : $" ({p.Status})";
                    overall.Description = $"[bold]overall{Markup.Escape(step)}[/]";
                    if (p.TotalBytes > 0)
                    {
                        overall.MaxValue = p.TotalBytes;
                        overall.Value = p.CompletedBytes;
                    }
                });
                final = await ctx.Client.PullModelAsync(model, report, cancellationToken);
                overall.Description = "[bold]overall[/]";
                overall.Value = overall.MaxValue;
                overall.StopTask();
            });
        var layerTable = new Table().Border(TableBorder.Rounded).AddColumns("LAYER", "SIZE", "DONE");
        layerTable.Columns[1].RightAligned();
        foreach (var layer in final.Layers)
        {
            layerTable.AddRow(Markup.Escape(ShortId(layer.Digest)), ConsoleUi.Bytes(layer.Total), layer.IsComplete ? "[green]✓[/]" : $"{layer.Fraction:P0}");
        }

        _console.Write(layerTable);
        _console.MarkupLine($"[green]Pulled {Markup.Escape(model)}:[/] {final.LayerCount} layers, {ConsoleUi.Bytes(final.TotalBytes)} ({Markup.Escape(final.Status)})");
        return 0;
    }

    public async Task<int> ShowAsync(string model)
    {
        var info = await ctx.Client.ShowModelAsync(model, cancellationToken);
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]{Markup.Escape(model)}[/]").HideHeaders().AddColumns("", "");
        void Row(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                table.AddRow($"[bold]{Markup.Escape(name)}[/]", Markup.Escape(value.Trim()));
            }
        }

        Row("architecture", info.Architecture ?? info.Details.Family);
        Row("parameters", info.ParameterCount is { } count ? $"{count:N0} ({info.Details.ParameterSize})" : info.Details.ParameterSize);
        Row("context length", info.ContextLength?.ToString("N0", CultureInfo.InvariantCulture));
        Row("embedding length", info.EmbeddingLength?.ToString("N0", CultureInfo.InvariantCulture));
        Row("quantization", info.Details.QuantizationLevel);
        Row("format", info.Details.Format);
        Row("capabilities", info.Capabilities is null ? null : string.Join(", ", info.Capabilities));
        Row("parameters (Modelfile)", info.Parameters);
        Row("system", info.System);
        Row("license", info.License?.Split('\n').FirstOrDefault());
        Row("modified", Ago(info.ModifiedAt));
        _console.Write(table);
        return 0;
    }

    public async Task<int> PsAsync()
    {
        var running = (await ctx.Client.ListRunningModelsAsync(cancellationToken)).Models;
        var table = new Table().Border(TableBorder.Rounded).Title($"[bold]Loaded models[/] [grey]({running.Count})[/]")
            .AddColumns("NAME", "ID", "SIZE", "PROCESSOR", "CONTEXT", "UNTIL");
        table.Columns[0].NoWrap();
        table.Columns[1].NoWrap();
        foreach (var m in running)
        {
            var processor = m.GpuFraction switch
            {
                >= 0.999 => "100% GPU",
                <= 0.001 => "100% CPU",
                var gpu => $"{1 - gpu:P0}/{gpu:P0} CPU/GPU",
            };
            table.AddRow(
                $"[bold]{Markup.Escape(m.Name)}[/]",
                Markup.Escape(ShortId(m.Digest)),
                ConsoleUi.Bytes(m.Size),
                processor,
                m.ContextLength.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(Until(m.ExpiresAt)));
        }

        _console.Write(table);
        return 0;
    }

    public async Task<int> CopyAsync(string source, string destination)
    {
        await ctx.Client.CopyModelAsync(source, destination, cancellationToken);
        _console.MarkupLine($"[green]Copied[/] {Markup.Escape(source)} [green]to[/] {Markup.Escape(destination)}");
        return 0;
    }

    public async Task<int> DeleteAsync(string model)
    {
        try
        {
            await ctx.Client.DeleteModelAsync(model, cancellationToken);
        }
        catch (OllamaModelNotFoundException)
        {
            _console.MarkupLine($"[yellow]'{Markup.Escape(model)}' is not installed: nothing to delete.[/]");
            return 1;
        }

        _console.MarkupLine($"[green]Deleted[/] {Markup.Escape(model)}");
        return 0;
    }

    // qwen2.5:0.5b → qwen2.5-ollama-net-copy:0.5b (shares the blobs: copying costs no disk space).
    private static string CopyName(string model)
    {
        var colon = model.LastIndexOf(':');
        var slash = model.LastIndexOf('/');
        return colon > slash ? $"{model[..colon]}-ollama-net-copy{model[colon..]}" : model + "-ollama-net-copy";
    }

    private static string ShortId(string digest)
    {
        var hex = digest.StartsWith("sha256:", StringComparison.Ordinal) ? digest[7..] : digest;
        return hex.Length > 12 ? hex[..12] : hex;
    }

    private static string Ago(DateTimeOffset time) => Span(DateTimeOffset.Now - time) is { } span ? span + " ago" : "just now";

    private static string Until(DateTimeOffset time)
    {
        var left = time - DateTimeOffset.Now;
        return left > TimeSpan.FromDays(3650) ? "Forever" : Span(left) is { } span ? span + " from now" : "now";
    }

    private static string? Span(TimeSpan span) => span switch
    {
        { TotalDays: >= 365 } => Plural((int)(span.TotalDays / 365), "year"),
        { TotalDays: >= 30 } => Plural((int)(span.TotalDays / 30), "month"),
        { TotalDays: >= 7 } => Plural((int)(span.TotalDays / 7), "week"),
        { TotalDays: >= 1 } => Plural((int)span.TotalDays, "day"),
        { TotalHours: >= 1 } => Plural((int)span.TotalHours, "hour"),
        { TotalMinutes: >= 1 } => Plural((int)span.TotalMinutes, "minute"),
        { TotalSeconds: >= 1 } => Plural((int)span.TotalSeconds, "second"),
        _ => null,
    };

    private static string Plural(int n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";
}
