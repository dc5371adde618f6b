using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Samples.Common;

/// <summary>
/// A matrix drawn as a heatmap in the console: each cell's background runs from dark blue (the lowest value) to yellow
/// (the highest), a perceptually even scale like matplotlib's viridis, with the value printed in it. Where the console
/// has no colour (output redirected, or <c>NO_COLOR</c> set) each cell starts with a shade block (░▒▓█) instead, so
/// the picture survives in plain text.
/// </summary>
public static class Heatmap
{
    private static readonly (byte R, byte G, byte B)[] s_viridis =
        [(68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37)];

    private static readonly char[] s_shades = ['·', '░', '▒', '▓', '█'];

    /// <summary>Draws a square or rectangular matrix with row and column labels.</summary>
    /// <param name="console">Where to draw.</param>
    /// <param name="values">The values, row after row (<paramref name="rowLabels"/>.Count × <paramref name="columnLabels"/>.Count).</param>
    /// <param name="rowLabels">The row labels (plain text).</param>
    /// <param name="columnLabels">The column labels (plain text).</param>
    /// <param name="low">The value at the bottom of the colour scale (lower values clamp to it).</param>
    /// <param name="high">The value at the top of the colour scale (higher values clamp to it).</param>
    /// <param name="format">The number format of the cells.</param>
    /// <returns>The heatmap, ready for <c>console.Write</c>.</returns>
    public static IRenderable Create(
        IAnsiConsole console, ReadOnlySpan<float> values, IReadOnlyList<string> rowLabels, IReadOnlyList<string> columnLabels,
        float low, float high, string format = "0.000")
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(rowLabels);
        ArgumentNullException.ThrowIfNull(columnLabels);
        if (values.Length != rowLabels.Count * columnLabels.Count)
        {
            throw new ArgumentException($"The matrix has {values.Length} values; {rowLabels.Count} rows × {columnLabels.Count} columns need {rowLabels.Count * columnLabels.Count}.", nameof(values));
        }

        var colour = HasColour(console);
        var grid = new Grid().AddColumn(new GridColumn().NoWrap());
        foreach (var _ in columnLabels)
        {
            grid.AddColumn(new GridColumn().NoWrap().Centered().Padding(0, 0, 1, 0));
        }

        grid.AddRow([new Text(string.Empty), .. columnLabels.Select(l => new Markup($"[bold]{Markup.Escape(l)}[/]"))]);
        for (var i = 0; i < rowLabels.Count; i++)
        {
            var cells = new List<IRenderable> { new Markup($"[bold]{Markup.Escape(rowLabels[i])}[/]") };
            for (var j = 0; j < columnLabels.Count; j++)
            {
                var value = values[(i * columnLabels.Count) + j];
                cells.Add(Cell(value, Scale(value, low, high), format, colour));
            }

            grid.AddRow([.. cells]);
        }

        return grid;
    }

    /// <summary>A one-line legend of the scale: the low value, the colours (or shades) and the high value.</summary>
    /// <param name="console">Where it will be drawn (decides colour or shades).</param>
    /// <param name="low">The bottom of the scale.</param>
    /// <param name="high">The top of the scale.</param>
    /// <param name="format">The number format.</param>
    /// <returns>The legend.</returns>
    public static IRenderable Legend(IAnsiConsole console, float low, float high, string format = "0.000")
    {
        ArgumentNullException.ThrowIfNull(console);
        var steps = Enumerable.Range(0, 10).Select(k => k / 9f).ToList();
        var bar = HasColour(console)
            ? string.Concat(steps.Select(t => $"[on {Hex(t)}]  [/]"))
            : string.Concat(steps.Select(t => new string(Shade(t), 2)));
        return new Markup($"[grey]scale:[/] {low.ToString(format, CultureInfo.InvariantCulture)} {bar} {high.ToString(format, CultureInfo.InvariantCulture)}");
    }

    /// <summary>True when the console shows colours: ANSI output that is not redirected, and <c>NO_COLOR</c> unset.</summary>
    /// <param name="console">The console.</param>
    /// <returns>Whether to draw in colour.</returns>
    public static bool HasColour(IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        return console.Profile.Capabilities.Ansi
            && console.Profile.Capabilities.ColorSystem != ColorSystem.NoColors
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
    }

    private static IRenderable Cell(float value, float t, string format, bool colour)
    {
        var text = value.ToString($" {format};-{format}", CultureInfo.InvariantCulture);
        return colour
            ? new Markup($"[{(t < 0.6f ? "white" : "black")} on {Hex(t)}] {text} [/]")
            : new Text($"{new string(Shade(t), 2)}{text}");
    }

    private static float Scale(float value, float low, float high)
        => high > low ? Math.Clamp((value - low) / (high - low), 0f, 1f) : 1f;

    private static char Shade(float t) => s_shades[(int)MathF.Round(t * (s_shades.Length - 1))];

    // Linear interpolation between the colour stops.
    private static string Hex(float t)
    {
        var x = t * (s_viridis.Length - 1);
        var k = Math.Min((int)x, s_viridis.Length - 2);
        var f = x - k;
        var (a, b) = (s_viridis[k], s_viridis[k + 1]);
        byte Mix(byte p, byte q) => (byte)Math.Round(p + ((q - p) * f));
        return $"#{Mix(a.R, b.R):x2}{Mix(a.G, b.G):x2}{Mix(a.B, b.B):x2}";
    }
}
