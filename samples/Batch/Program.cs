// Batch: the tutorial's batch job. Scores a list of companies from 1 to 10 on how well they fit a given definition of
// an "AI-native company" (AI原生公司), with the prompt in Chinese as in the tutorial:
//   role (资深的行业分析师) + definition + explicit task + "answer with a whole number from 1 to 10" + "no reasons".
// Runs a few requests at a time (--concurrency), shows a progress bar, re-asks when a reply is not a number, retries
// transient errors (--retries), writes every result to CSV (--output) and prints a summary table. A company that
// fails is reported in the table and the CSV, never dropped (--strict makes that exit with code 3).
// Run: dotnet run --project samples/Batch [-- --input companies.txt] [--output scores.csv] [--concurrency 2] [--offline]
using System.Collections.Concurrent;
using System.CommandLine;
using System.Globalization;
using Batch;
using Ollama.Net.Prompts;
using Samples.Common;
using Spectre.Console;

var app = new SampleApp("Batch", "Scores companies 1–10 on a definition, in parallel, with retries, CSV output and a summary.",
    "qwen2.5:0.5b", OfflineScenarios.Batch);
var inputOption = new Option<FileInfo?>("--input", "-i") { Description = "A text file with one company per line (default: a built-in list of 12)." };
var outputOption = new Option<string>("--output", "-o") { Description = "Where to write the CSV.", DefaultValueFactory = _ => "scores.csv" };
var concurrencyOption = new Option<int>("--concurrency", "-c") { Description = "How many requests run at once.", DefaultValueFactory = _ => 2 };
var retriesOption = new Option<int>("--retries") { Description = "Tries per company for transient errors (busy server, lost connection).", DefaultValueFactory = _ => 3 };
var strictOption = new Option<bool>("--strict") { Description = "Exit with code 3 when any company could not be scored." };
foreach (var option in new Option[] { inputOption, outputOption, concurrencyOption, retriesOption, strictOption })
{
    app.Command.Options.Add(option);
}

return await app.RunAsync(args, async (ctx, parse, cancellationToken) =>
{
    var console = ctx.Console;
    var companies = parse.GetValue(inputOption) is { } file
        ? (await File.ReadAllLinesAsync(file.FullName, cancellationToken)).Select(l => l.Trim()).Where(l => l.Length > 0).ToList()
        : [.. Companies.Default];
    if (companies.Count == 0)
    {
        console.MarkupLine("[red]The input file has no companies (one per line).[/]");
        return 2;
    }

    var concurrency = Math.Clamp(parse.GetValue(concurrencyOption), 1, 32);
    var tries = Math.Clamp(parse.GetValue(retriesOption), 1, 10);

    // One builder, reused: only the input changes per company (the tutorial's prompt, in Chinese).
    var builder = new PromptBuilder(PromptLanguage.Chinese)
        .WithRole("一名资深的行业分析师")
        .AddDefinition("AI原生公司", "核心产品和主要收入都建立在人工智能之上的公司；没有人工智能，它的主要产品就不存在")
        .WithTask("根据上面的定义，判断这家公司有多符合“AI原生公司”，1分表示完全不符合，10分表示完全符合")
        .WithOutputFormat(FormatConstraint.Integer(1, 10))
        .WithoutReasons();
    var prompts = companies.Select(c => builder.WithInput(c).Build()).ToList();
    console.TextPanel($"Prompt (for {companies[0]})", prompts[0].ToString());
    console.Note($"{companies.Count} companies, {concurrency} at a time, up to {tries} tries each for transient errors, model {ctx.Model}.");

    var results = new ScoreResult[companies.Count];
    var log = new ConcurrentQueue<string>();
    var scorer = new Scorer(ctx, tries, log);
    var retries = 0;
    var failed = 0;
    await console.Progress()
        .AutoClear(false)
        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
        .StartAsync(async progress =>
        {
            var task = progress.AddTask("Scoring", maxValue: companies.Count);
            void Describe() => task.Description = $"Scoring [grey]({Volatile.Read(ref retries)} retries, {Volatile.Read(ref failed)} failed)[/]";
            Describe();
            await Parallel.ForEachAsync(
                Enumerable.Range(0, companies.Count),
                new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
                async (i, ct) =>
                {
                    results[i] = await scorer.ScoreAsync(companies[i], prompts[i], () =>
                    {
                        Interlocked.Increment(ref retries);
                        Describe();
                    }, ct);
                    if (!results[i].Succeeded)
                    {
                        Interlocked.Increment(ref failed);
                    }

                    Describe();
                    task.Increment(1);
                });
        });

    foreach (var line in log)
    {
        console.MarkupLine($"[yellow]•[/] {Markup.Escape(line)}");
    }

    var output = parse.GetValue(outputOption)!;
    await CsvWriter.WriteAsync(output, results, cancellationToken);

    var table = new Table().Border(TableBorder.Rounded).Title("[bold]AI-native scores (AI原生公司)[/]")
        .AddColumns("Company", "Score", string.Empty, "Requests", "Status");
    table.Columns[1].RightAligned();
    table.Columns[3].RightAligned();
    foreach (var r in results.OrderByDescending(r => r.Score ?? -1))
    {
        table.AddRow(
            Markup.Escape(r.Company),
            r.Score?.ToString(CultureInfo.InvariantCulture) ?? "-",
            r.Score is { } s ? $"[{(s >= 7 ? "green" : s >= 4 ? "yellow" : "red")}]{new string('█', s)}[/]" : string.Empty,
            r.Requests.ToString(CultureInfo.InvariantCulture),
            r.Succeeded
                ? (r.Retries > 0 ? $"[green]ok[/] [grey](after {r.Retries} {(r.Retries == 1 ? "retry" : "retries")})[/]" : "[green]ok[/]")
                : $"[red]FAILED:[/] {Markup.Escape(r.Error ?? "?")}");
    }

    console.Write(table);
    var scored = results.Where(r => r.Succeeded).ToList();
    var mean = scored.Count > 0 ? scored.Average(r => r.Score!.Value) : 0;
    console.MarkupLine($"[bold]{scored.Count} scored, {results.Length - scored.Count} failed[/]; mean score {mean:0.0}; results written to [bold]{Markup.Escape(Path.GetFullPath(output))}[/]");
    if (ctx.IsOffline)
    {
        console.Note("Offline: the scores are simulated; the server was scripted to be busy once (retried), to answer once "
            + "with words instead of a number (re-asked), and to fail one company every time (reported as FAILED).");
    }

    return scored.Count < results.Length && parse.GetValue(strictOption) ? 3 : 0;
});
