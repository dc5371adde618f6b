using System.Globalization;
using Ollama.Net;
using Ollama.Net.Prompts;
using Samples.Common;
using Spectre.Console;

namespace PromptEngineering;

/// <summary>Sends the examples and prints, for each, the prompt, the reply and the parsed answer; keeps a summary.</summary>
internal sealed class Showcase(SampleContext ctx, CancellationToken cancellationToken)
{
    private readonly Table _summary = new Table().Border(TableBorder.Rounded).Title("[bold]Summary[/]")
        .AddColumns("Example", "Parsed answer", "Attempts", "Check");

    /// <summary>Sends a prompt, re-asks until the reply parses, and prints every step.</summary>
    public async Task AskAsync<T>(string title, Prompt prompt, FormatConstraint<T> format, Func<T, string>? show = null, object? expected = null)
    {
        ctx.Console.TextPanel($"Prompt sent: {title}", prompt.ToString());
        var result = await ctx.Console.Status().StartAsync($"Asking {ctx.Model}…",
            _ => ctx.Client.AskAsync(prompt, ctx.Model, format, cancellationToken: cancellationToken));

        foreach (var attempt in result.Attempts)
        {
            ctx.Console.TextPanel($"Reply (attempt {attempt.Number})", attempt.RawText, attempt.IsSuccess ? Color.Green : Color.Red);
            if (!attempt.IsSuccess)
            {
                ctx.Console.MarkupLine($"[red]Did not parse:[/] {Markup.Escape(attempt.Error ?? "?")} [grey]→ re-asking with a correction[/]");
            }
        }

        string text;
        string check;
        if (result.TryGetValue(out var value))
        {
            text = show is null ? Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty : show(value);
            check = expected is null ? "-" : Equals(value, expected) ? "[green]✓ correct[/]" : $"[red]✗ expected {Markup.Escape(Convert.ToString(expected, CultureInfo.InvariantCulture) ?? string.Empty)}[/]";
            ctx.Console.MarkupLine($"[bold]Parsed answer:[/] [green]{Markup.Escape(text)}[/] {(expected is null ? string.Empty : check)}");
        }
        else
        {
            text = "(no answer)";
            check = "[red]✗ did not parse[/]";
            ctx.Console.MarkupLine($"[bold]Parsed answer:[/] [red]none after {result.Attempts.Count} attempts: {Markup.Escape(result.LastResult.Error ?? "?")}[/]");
        }

        _summary.AddRow(Markup.Escape(title), Markup.Escape(Shorten(text)), result.Attempts.Count.ToString(CultureInfo.InvariantCulture), check);
    }

    /// <summary>Sends a prompt for a free-text answer and prints it.</summary>
    public async Task ChatAsync(string title, Prompt prompt)
    {
        ctx.Console.TextPanel($"Prompt sent: {title}", prompt.ToString());
        var reply = await ctx.Console.Status().StartAsync($"Asking {ctx.Model}…",
            _ => ctx.Client.ChatAsync(prompt.ToChatRequest(ctx.Model), cancellationToken));
        var text = reply.Message.Content.Trim();
        ctx.Console.TextPanel("Reply", text, Color.Green);
        ctx.Console.MarkupLine($"[bold]Answer:[/] free text, {text.Length} characters");
        _summary.AddRow(Markup.Escape(title), Markup.Escape(Shorten(text)), "1", "-");
    }

    public void PrintSummary()
    {
        ctx.Console.WriteLine();
        ctx.Console.Write(_summary);
        if (ctx.IsOffline)
        {
            ctx.Console.Note("Offline: these replies are simulated, scripted to show what each technique changes (including a wrong "
                + "direct answer and a reply that needs a re-ask). Run against a real Ollama to see a real model.");
        }
    }

    private static string Shorten(string text)
    {
        text = text.ReplaceLineEndings(" ");
        return text.Length <= 32 ? text : text[..31] + "…";
    }
}
