// Charts: draws the PNG charts of docs/benchmarks.md from BenchmarkDotNet CSV reports, so they are regenerated, never
// drawn by hand. What to draw is in a small JSON config (charts.json beside this file): for each chart, the report
// files, which column is the x axis or the group, which column names the series, which column holds the time, and the
// labels. Point it at other results or another config:
//
//   dotnet run --project eng/Charts [-- --config eng/Charts/charts.json] [--results BenchmarkDotNet.Artifacts/results] [--out docs/images]
//
// Chart types: "lines" (time against a numeric parameter, one line per series, log-log) and "relative-bars" (throughput
// of each series relative to a baseline series, per group). Times are read with their units (ns, us, μs, ms, s).
using System.Text.Json;
using Charts;

var configPath = Argument("--config") ?? Path.Combine(AppContext.BaseDirectory, "charts.json");
var resultsDir = Argument("--results") ?? Path.Combine("BenchmarkDotNet.Artifacts", "results");
var outDir = Argument("--out");

var options = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, ReadCommentHandling = JsonCommentHandling.Skip };
ChartSpec[] charts;
try
{
    charts = JsonSerializer.Deserialize<ChartSpec[]>(File.ReadAllText(configPath), options)
        ?? throw new InvalidDataException("the config is empty");
}
catch (Exception ex) when (ex is IOException or JsonException or InvalidDataException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"charts: cannot read the config {configPath}: {ex.Message}");
    return 2;
}

var failures = 0;
foreach (var chart in charts)
{
    var output = outDir is null ? chart.Output : Path.Combine(outDir, Path.GetFileName(chart.Output));
    try
    {
        var rows = chart.Reports.SelectMany(report => BenchmarkCsv.Read(Path.Combine(resultsDir, report))).ToList();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        var points = ChartRenderer.Render(chart, rows, output);
        Console.WriteLine($"charts: wrote {output} ({points} points from {chart.Reports.Count} report(s))");
    }
    catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
    {
        Console.Error.WriteLine($"charts: {chart.Title}: {ex.Message}");
        failures++;
    }
}

return failures == 0 ? 0 : 1;

string? Argument(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

namespace Charts
{
    /// <summary>One chart of the config.</summary>
    internal sealed record ChartSpec
    {
        /// <summary>The PNG to write (relative to the working directory).</summary>
        public required string Output { get; init; }

        public required string Title { get; init; }

        /// <summary><c>lines</c> or <c>relative-bars</c>.</summary>
        public required string Type { get; init; }

        /// <summary>The CSV report files, relative to the results folder.</summary>
        public required IReadOnlyList<string> Reports { get; init; }

        /// <summary>The column that names the series (usually <c>Method</c>).</summary>
        public string Series { get; init; } = "Method";

        /// <summary>The column with the time (usually <c>Mean</c>).</summary>
        public string Value { get; init; } = "Mean";

        /// <summary>lines: the numeric column of the x axis (a benchmark parameter, such as <c>Rows</c>).</summary>
        public string? X { get; init; }

        /// <summary>relative-bars: the columns whose values name a group besides the report's class name (a report without one skips it).</summary>
        public IReadOnlyList<string> Group { get; init; } = [];

        /// <summary>relative-bars: the prefix of the baseline series' name (its throughput is 1).</summary>
        public string? Baseline { get; init; }

        /// <summary>The series to draw, in order: a prefix of the series column's value → its label (series not listed are left out).</summary>
        public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

        /// <summary>relative-bars: a group's key (the report's class name, then the group columns' values, joined by " | ") → its label.</summary>
        public IReadOnlyDictionary<string, string> GroupLabels { get; init; } = new Dictionary<string, string>();

        public string? XLabel { get; init; }

        public string? YLabel { get; init; }

        /// <summary>lines: the unit of the y axis (ns, us, ms, s).</summary>
        public string Unit { get; init; } = "ms";
    }
}
