using System.Text;
using Ollama.Net;
using Samples.Common;
using Spectre.Console;

namespace Chat;

/// <summary>
/// The read-send-print loop over a <see cref="ChatSession"/>: commands, streaming with thinking, Ctrl+C to stop an
/// answer. The session keeps the history and the prompt inside the context window; the loop shows when it trims.
/// </summary>
internal sealed class ChatRepl
{
    private static readonly Style ThinkingStyle = new(foreground: Color.Grey, decoration: Decoration.Dim | Decoration.Italic);
    private readonly SampleContext _ctx;
    private readonly ChatSession _session;
    private readonly IAnsiConsole _console;
    private readonly bool _echoInput = Console.IsInputRedirected;
    private CancellationTokenSource? _answer;

    public ChatRepl(SampleContext ctx, string? system)
    {
        _ctx = ctx;
        _console = ctx.Console;
        _session = new ChatSession(ctx.Client, ctx.Model, system);
        _session.HistoryTrimmed += (_, trim) => _console.MarkupLine(
            $"[grey](context: removed the {trim.Removed.Count} oldest messages to stay within {trim.Budget} of {trim.ContextLength} tokens)[/]");
        _session.PromptTruncated += (_, truncation) => _console.MarkupLine($"[yellow]{Markup.Escape(truncation.ToString())}[/]");
    }

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        _console.MarkupLine($"Chatting with [bold]{Markup.Escape(_ctx.Model)}[/]. Type [bold]/?[/] for help, [bold]/bye[/] or Ctrl+D to leave.");
        Console.CancelKeyPress += OnCancelKeyPress;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var input = ReadInput();
                if (input is null)
                {
                    _console.WriteLine();
                    break;
                }

                if (input.Length == 0)
                {
                    continue;
                }

                if (input.StartsWith('/'))
                {
                    if (!RunCommand(input))
                    {
                        break;
                    }

                    continue;
                }

                await SendAsync(input, cancellationToken);
            }
        }
        finally
        {
            Console.CancelKeyPress -= OnCancelKeyPress;
        }

        _console.MarkupLine("[grey]Bye.[/]");
        return 0;
    }

    // One user turn: null at end of input. """ starts a multi-line message that ends with """.
    private string? ReadInput()
    {
        _console.Markup("[bold]>>> [/]");
        var line = Console.ReadLine();
        if (line is null)
        {
            return null;
        }

        if (_echoInput)
        {
            _console.WriteLine(line);
        }

        line = line.Trim();
        if (!line.StartsWith("\"\"\"", StringComparison.Ordinal))
        {
            return line;
        }

        var text = new StringBuilder(line[3..]);
        while (!text.ToString().TrimEnd().EndsWith("\"\"\"", StringComparison.Ordinal))
        {
            _console.Markup("[grey]... [/]");
            var more = Console.ReadLine();
            if (more is null)
            {
                break;
            }

            if (_echoInput)
            {
                _console.WriteLine(more);
            }

            text.Append('\n').Append(more);
        }

        var all = text.ToString().TrimEnd();
        return (all.EndsWith("\"\"\"", StringComparison.Ordinal) ? all[..^3] : all).Trim();
    }

    // False to leave.
    private bool RunCommand(string input)
    {
        var parts = input.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        switch (parts[0].ToLowerInvariant())
        {
            case "/bye" or "/exit":
                return false;
            case "/clear":
                _session.Clear();
                _console.MarkupLine("[grey]Cleared session context.[/]");
                return true;
            case "/undo":
                _console.MarkupLine(_session.Undo() ? "[grey]Removed the last exchange.[/]" : "[grey]Nothing to undo.[/]");
                return true;
            case "/set" when parts.Length >= 3 && parts[1].Equals("system", StringComparison.OrdinalIgnoreCase):
                _session.SystemPrompt = parts[2].Trim('"');
                _console.MarkupLine("[grey]Set system message.[/]");
                return true;
            case "/set" when parts.Length == 2 && parts[1].Equals("think", StringComparison.OrdinalIgnoreCase):
                _session.Think = ThinkValue.Enabled;
                _console.MarkupLine("[grey]Set 'think' mode.[/]");
                return true;
            case "/set" when parts.Length == 2 && parts[1].Equals("nothink", StringComparison.OrdinalIgnoreCase):
                _session.Think = ThinkValue.Disabled;
                _console.MarkupLine("[grey]Set 'nothink' mode.[/]");
                return true;
            case "/save" when parts.Length >= 2:
                return Try(() =>
                {
                    File.WriteAllText(parts[1], _session.SaveHistory());
                    _console.MarkupLine($"[grey]Saved {_session.History.Count} messages to {Markup.Escape(parts[1])}.[/]");
                });
            case "/load" when parts.Length >= 2:
                return Try(() =>
                {
                    _session.RestoreHistory(File.ReadAllText(parts[1]));
                    _console.MarkupLine($"[grey]Loaded {_session.History.Count} messages from {Markup.Escape(parts[1])}.[/]");
                });
            case "/show":
                var table = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumns("", "");
                table.AddRow("model", Markup.Escape(_ctx.Model));
                table.AddRow("system", Markup.Escape(_session.SystemPrompt ?? "(none)"));
                table.AddRow("think", _session.Think?.ToString() ?? "model default");
                table.AddRow("history", $"{_session.History.Count} messages");
                table.AddRow("context", $"about {_session.EstimatePromptTokens()} of {_session.ContextLength?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} tokens");
                _console.Write(table);
                return true;
            case "/?" or "/help":
                _console.MarkupLine(""""
                    [bold]Available commands:[/]
                      /set system <text>   set the system message
                      /set think           ask the model to think (thinking models)
                      /set nothink         ask the model not to think
                      /show                show the model, system message, history size and context use
                      /undo                forget the last exchange
                      /clear               forget the conversation so far
                      /save <file>         save the conversation as JSON
                      /load <file>         load a saved conversation
                      /bye                 leave (or Ctrl+D)
                      /?                   this help
                    Use [bold]"""[/] to begin and end a multi-line message. Ctrl+C stops an answer.
                    """");
                return true;
            default:
                _console.MarkupLine($"[yellow]Unknown command '{Markup.Escape(parts[0])}'. Type /? for help.[/]");
                return true;
        }
    }

    // Runs a file command; a bad path or file is reported, not fatal.
    private bool Try(Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            _console.MarkupLine($"[red]Error:[/] {Markup.Escape(ex.Message)}");
        }

        return true;
    }

    // One exchange, streamed. On Ctrl+C or an error the session leaves its history as it was before the message.
    private async Task SendAsync(string input, CancellationToken cancellationToken)
    {
        var thinking = false;
        using var answer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _answer = answer;
        try
        {
            await foreach (var update in _session.SendStreamingAsync(input, answer.Token))
            {
                if (!string.IsNullOrEmpty(update.Thinking))
                {
                    if (!thinking)
                    {
                        thinking = true;
                        _console.Write(new Text("Thinking...\n", ThinkingStyle));
                    }

                    _console.Write(new Text(update.Thinking, ThinkingStyle));
                }

                if (update.Content.Length > 0)
                {
                    if (thinking)
                    {
                        thinking = false;
                        _console.Write(new Text("\n...done thinking.\n\n", ThinkingStyle));
                    }

                    _console.Write(new Text(update.Content));
                }

                if (update.Chunk is { Done: true } done)
                {
                    _console.WriteLine();
                    _console.MarkupLine($"[grey]{done.EvalCount} tokens, {done.TokensPerSecond:0.0} tokens/s[/]");
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _console.WriteLine();
            _console.MarkupLine("[yellow]Stopped.[/]");
        }
        catch (OllamaModelNotFoundException)
        {
            throw;
        }
        catch (OllamaException ex)
        {
            _console.WriteLine();
            _console.MarkupLine($"[red]Error:[/] {Markup.Escape(ex.ServerMessage ?? ex.Message)}");
        }
        finally
        {
            _answer = null;
        }
    }

    // Ctrl+C while an answer streams stops that answer; at the prompt it ends the program as usual.
    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (_answer is { } answer)
        {
            e.Cancel = true;
            answer.Cancel();
        }
    }
}
