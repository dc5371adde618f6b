using System.Globalization;
using ScottPlot;

namespace Charts;

/// <summary>Draws one chart of the config with ScottPlot and saves it as a PNG.</summary>
internal static class ChartRenderer
{
    private const int Width = 900;
    private const int Height = 520;

    /// <summary>Renders the chart; returns how many values it drew.</summary>
    public static int Render(ChartSpec chart, IReadOnlyList<Dictionary<string, string>> rows, string output)
    {
        var plot = new Plot();
        plot.Title(chart.Title);
        plot.XLabel(chart.XLabel ?? string.Empty);
        plot.YLabel(chart.YLabel ?? string.Empty);
        var points = chart.Type switch
        {
            "lines" => Lines(plot, chart, rows),
            "relative-bars" => RelativeBars(plot, chart, rows),
            _ => throw new InvalidDataException($"unknown chart type \"{chart.Type}\" (lines or relative-bars)"),
        };
        if (points == 0)
        {
            throw new InvalidDataException($"no rows matched the series labels ({string.Join(", ", chart.Labels.Keys)}) in column {chart.Series}");
        }

        plot.SavePng(output, Width, Height);
        return points;
    }

    // Time against a numeric parameter, one line per series, both axes logarithmic (log10 of the data, labelled back).
    private static int Lines(Plot plot, ChartSpec chart, IReadOnlyList<Dictionary<string, string>> rows)
    {
        var x = chart.X ?? throw new InvalidDataException("a lines chart needs \"x\", the column of the x axis");
        var scale = chart.Unit switch
        {
            "ns" => 1.0,
            "us" or "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            _ => throw new InvalidDataException($"unknown unit \"{chart.Unit}\" (ns, us, ms, s)"),
        };
        var points = 0;
        var palette = new ScottPlot.Palettes.Category10();
        var index = 0;
        foreach (var (prefix, label) in chart.Labels)
        {
            var series = rows
                .Where(r => Get(r, chart.Series).StartsWith(prefix, StringComparison.Ordinal))
                .Select(r => (X: Number(Get(r, x), x), Y: BenchmarkCsv.Nanoseconds(Get(r, chart.Value)) / scale))
                .Where(p => p.Y is > 0)
                .OrderBy(p => p.X)
                .ToList();
            if (series.Count == 0)
            {
                continue;
            }

            var line = plot.Add.Scatter(series.Select(p => Math.Log10(p.X)).ToArray(), series.Select(p => Math.Log10(p.Y!.Value)).ToArray());
            line.LegendText = label;
            line.Color = palette.GetColor(index++);
            line.LineWidth = 2;
            line.MarkerSize = 7;
            points += series.Count;
        }

        plot.Axes.Bottom.TickGenerator = LogTicks();
        plot.Axes.Left.TickGenerator = LogTicks();
        plot.ShowLegend(Alignment.UpperLeft);
        return points;
    }

    // Throughput (1 / time) of each series relative to the baseline series, per group; the baseline is 1.
    private static int RelativeBars(Plot plot, ChartSpec chart, IReadOnlyList<Dictionary<string, string>> rows)
    {
        var baseline = chart.Baseline ?? throw new InvalidDataException("a relative-bars chart needs \"baseline\", the prefix of the baseline series");
        var seriesLabels = chart.Labels.ToList();
        var groups = rows
            .GroupBy(r => string.Join(" | ", new[] { Get(r, "Report") }.Concat(chart.Group.Where(r.ContainsKey).Select(g => r[g]))))
            .ToList();
        var palette = new ScottPlot.Palettes.Category10();
        var ticks = new List<Tick>();
        var points = 0;
        var position = 0.0;
        foreach (var group in groups)
        {
            var time = (string prefix) => group.Where(r => Get(r, chart.Series).StartsWith(prefix, StringComparison.Ordinal))
                .Select(r => BenchmarkCsv.Nanoseconds(Get(r, chart.Value))).FirstOrDefault(t => t is > 0);
            if (time(baseline) is not { } baseTime)
            {
                continue;
            }

            var first = position;
            for (var s = 0; s < seriesLabels.Count; s++)
            {
                if (time(seriesLabels[s].Key) is not { } t)
                {
                    continue;
                }

                var relative = baseTime / t;
                var bar = plot.Add.Bar(new Bar
                {
                    Position = position,
                    Value = relative,
                    FillColor = palette.GetColor(s),
                    Label = relative.ToString("0.0#", CultureInfo.InvariantCulture) + "×",
                    LineWidth = 0,
                });
                bar.ValueLabelStyle.FontSize = 13;
                position += 1;
                points++;
            }

            var name = chart.GroupLabels.TryGetValue(group.Key, out var shown) ? shown : group.Key;
            ticks.Add(new Tick((first + position - 1) / 2, name.Replace(" | ", "\n", StringComparison.Ordinal)));
            position += 0.8;
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.Axes.Margins(bottom: 0, top: 0.15);
        var baselineLine = plot.Add.HorizontalLine(1);
        baselineLine.LinePattern = LinePattern.Dashed;
        baselineLine.Color = Colors.Gray;
        for (var s = 0; s < seriesLabels.Count; s++)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = seriesLabels[s].Value, FillColor = palette.GetColor(s) });
        }

        plot.ShowLegend(Alignment.UpperLeft);
        return points;
    }

    private static ScottPlot.TickGenerators.NumericAutomatic LogTicks() => new()
    {
        MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
        IntegerTicksOnly = true,
        LabelFormatter = v => Math.Pow(10, v).ToString("#,##0.###", CultureInfo.InvariantCulture),
    };

    private static string Get(Dictionary<string, string> row, string column)
        => row.TryGetValue(column, out var value) ? value : throw new InvalidDataException($"the report has no column \"{column}\" (columns: {string.Join(", ", row.Keys)})");

    private static double Number(string text, string column)
        => double.TryParse(text, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new InvalidDataException($"column \"{column}\" holds \"{text}\", not a number");
}
