using Spectre.Console;

namespace Samples.Common;

/// <summary>Small console helpers the samples share (headings, prompt panels, notes), built on Spectre.Console.</summary>
public static class ConsoleUi
{
    /// <summary>Writes a section heading.</summary>
    /// <param name="console">The console.</param>
    /// <param name="title">The heading text (plain text, escaped here).</param>
    public static void Section(this IAnsiConsole console, string title)
    {
        ArgumentNullException.ThrowIfNull(console);
        console.WriteLine();
        console.Write(new Rule($"[bold deepskyblue1]{Markup.Escape(title)}[/]").LeftJustified());
    }

    /// <summary>Writes a text in a titled box, escaped (prompts, model replies).</summary>
    /// <param name="console">The console.</param>
    /// <param name="title">The box title.</param>
    /// <param name="text">The text.</param>
    /// <param name="color">The border colour.</param>
    public static void TextPanel(this IAnsiConsole console, string title, string text, Color? color = null)
    {
        ArgumentNullException.ThrowIfNull(console);
        var panel = new Panel(new Text(text.Length == 0 ? "(empty)" : text))
        {
            Header = new PanelHeader(Markup.Escape(title)),
            Border = BoxBorder.Rounded,
            BorderStyle = new Style(color ?? Color.Grey),
            Expand = true,
        };
        console.Write(panel);
    }

    /// <summary>
    /// Writes one status line from markup. On a terminal it wraps like any text; when output is redirected it is written
    /// plain and unwrapped, so a log or a grep sees it as one line.
    /// </summary>
    /// <param name="console">The console.</param>
    /// <param name="markup">The line, as Spectre markup.</param>
    public static void StatusLine(this IAnsiConsole console, string markup)
    {
        ArgumentNullException.ThrowIfNull(console);
        if (System.Console.IsOutputRedirected)
        {
            console.Profile.Out.Writer.WriteLine(Markup.Remove(markup));
            console.Profile.Out.Writer.Flush();
        }
        else
        {
            console.MarkupLine(markup);
        }
    }

    /// <summary>Writes a dim note.</summary>
    /// <param name="console">The console.</param>
    /// <param name="text">The note (plain text).</param>
    public static void Note(this IAnsiConsole console, string text)
    {
        ArgumentNullException.ThrowIfNull(console);
        console.MarkupLine($"[grey]{Markup.Escape(text)}[/]");
    }

    /// <summary>Writes "label: value" with the label in bold.</summary>
    /// <param name="console">The console.</param>
    /// <param name="label">The label.</param>
    /// <param name="value">The value (plain text).</param>
    /// <param name="valueStyle">Markup style of the value, such as <c>green</c>.</param>
    public static void Field(this IAnsiConsole console, string label, string value, string valueStyle = "default")
    {
        ArgumentNullException.ThrowIfNull(console);
        console.MarkupLine($"[bold]{Markup.Escape(label)}:[/] [{valueStyle}]{Markup.Escape(value)}[/]");
    }

    /// <summary>Formats a byte count as B, KB, MB or GB (decimal units, like ollama list).</summary>
    /// <param name="bytes">The count.</param>
    /// <returns>The text.</returns>
    public static string Bytes(long bytes) => bytes switch
    {
        >= 1_000_000_000 => $"{bytes / 1e9:0.0} GB",
        >= 1_000_000 => $"{bytes / 1e6:0} MB",
        >= 1_000 => $"{bytes / 1e3:0} KB",
        _ => $"{bytes} B",
    };
}
