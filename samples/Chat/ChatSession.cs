using System.Text;
using Ollama.Net;
using Samples.Common;
using Spectre.Console;

namespace Chat;

/// <summary>The read-send-print loop: commands, history, streaming with thinking, Ctrl+C to stop an answer.</summary>
internal sealed class ChatSession(SampleContext ctx, string? system)
{
    private static readonly Style ThinkingStyle = new(foreground: Color.Grey, decoration: Decoration.Dim | Decoration.Italic);
    private readonly List<Message> _history = [];
    private readonly IAnsiConsole _console = ctx.Console;
    private readonly bool _echoInput = Console.IsInputRedirected;
    private string? _system = system;
    private ThinkValue? _think;
    private CancellationTokenSource? _answer;

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        _console.MarkupLine($"Chatting with [bold]{Markup.Escape(ctx.Model)}[/]. Type [bold]/?[/] for help, [bold]/bye[/] or Ctrl+D to leave.");
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
                _history.Clear();
                _console.MarkupLine("[grey]Cleared session context.[/]");
                return true;
            case "/set" when parts.Length >= 3 && parts[1].Equals("system", StringComparison.OrdinalIgnoreCase):
                _system = parts[2].Trim('"');
                _console.MarkupLine("[grey]Set system message.[/]");
                return true;
            case "/set" when parts.Length == 2 && parts[1].Equals("think", StringComparison.OrdinalIgnoreCase):
                _think = ThinkValue.Enabled;
                _console.MarkupLine("[grey]Set 'think' mode.[/]");
                return true;
            case "/set" when parts.Length == 2 && parts[1].Equals("nothink", StringComparison.OrdinalIgnoreCase):
                _think = ThinkValue.Disabled;
                _console.MarkupLine("[grey]Set 'nothink' mode.[/]");
                return true;
            case "/show":
                var table = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumns("", "");
                table.AddRow("model", Markup.Escape(ctx.Model));
                table.AddRow("system", Markup.Escape(_system ?? "(none)"));
                table.AddRow("think", _think?.ToString() ?? "model default");
                table.AddRow("history", $"{_history.Count} messages");
                _console.Write(table);
                return true;
            case "/?" or "/help":
                _console.MarkupLine(""""
                    [bold]Available commands:[/]
                      /set system <text>   set the system message
                      /set think           ask the model to think (thinking models)
                      /set nothink         ask the model not to think
                      /show                show the model, system message and history size
                      /clear               forget the conversation so far
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

    private async Task SendAsync(string input, CancellationToken cancellationToken)
    {
        _history.Add(Message.User(input));
        var request = new ChatRequest(ctx.Model, _system is null ? _history : [Message.System(_system), .. _history]) { Think = _think };
        var content = new StringBuilder();
        var thinking = false;
        using var answer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _answer = answer;
        try
        {
            await foreach (var update in ctx.Client.ChatStreamingAsync(request, answer.Token))
            {
                if (!string.IsNullOrEmpty(update.Message.Thinking))
                {
                    if (!thinking)
                    {
                        thinking = true;
                        _console.Write(new Text("Thinking...\n", ThinkingStyle));
                    }

                    _console.Write(new Text(update.Message.Thinking, ThinkingStyle));
                }

                if (update.Message.Content.Length > 0)
                {
                    if (thinking)
                    {
                        thinking = false;
                        _console.Write(new Text("\n...done thinking.\n\n", ThinkingStyle));
                    }

                    content.Append(update.Message.Content);
                    _console.Write(new Text(update.Message.Content));
                }

                if (update.Done)
                {
                    _console.WriteLine();
                    _console.MarkupLine($"[grey]{update.EvalCount} tokens, {update.TokensPerSecond:0.0} tokens/s[/]");
                }
            }

            _history.Add(Message.Assistant(content.ToString()));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            _console.WriteLine();
            _console.MarkupLine("[yellow]Stopped.[/]");
            _history.RemoveAt(_history.Count - 1);
        }
        catch (OllamaModelNotFoundException)
        {
            throw;
        }
        catch (OllamaException ex)
        {
            _console.WriteLine();
            _console.MarkupLine($"[red]Error:[/] {Markup.Escape(ex.ServerMessage ?? ex.Message)}");
            _history.RemoveAt(_history.Count - 1);
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
