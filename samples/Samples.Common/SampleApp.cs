using System.CommandLine;
using System.Text;
using Ollama.Net;
using Spectre.Console;

namespace Samples.Common;

/// <summary>
/// The command line every sample shares: <c>--host</c>, <c>--model</c> and <c>--offline</c> (recursive, so they also
/// work after a subcommand), connect-or-fall-back-offline, the missing-model check with its <c>ollama pull</c> hint, and
/// one place that turns errors into one clear line and an exit code.
/// </summary>
/// <example>
/// <code>
/// var app = new SampleApp("Tools", "A calculator tool.", "qwen2.5:0.5b", OfflineScenarios.Tools);
/// return await app.RunAsync(args, async (ctx, parse, ct) => { ...; return 0; });
/// </code>
/// </example>
public sealed class SampleApp
{
    private readonly string _name;
    private readonly ModelKind _kind;
    private readonly OfflineScenario _scenario;

    /// <summary>Creates the command line of a sample.</summary>
    /// <param name="name">The sample's name, shown in the title.</param>
    /// <param name="description">One sentence for <c>--help</c>.</param>
    /// <param name="defaultModel">The model used without <c>--model</c>.</param>
    /// <param name="scenario">How the simulated server is scripted offline.</param>
    /// <param name="kind">The kind of model the sample needs.</param>
    public SampleApp(string name, string description, string defaultModel, OfflineScenario scenario, ModelKind kind = ModelKind.Chat)
    {
        _name = name;
        _kind = kind;
        _scenario = scenario;
        HostOption = new Option<string?>("--host")
        {
            Description = $"The Ollama server address (default: ${OllamaEndpoint.HostEnvironmentVariable}, else {OllamaEndpoint.Default.AbsoluteUri.TrimEnd('/')}).",
            HelpName = "url",
            Recursive = true,
        };
        ModelOption = new Option<string>("--model", "-m")
        {
            Description = "The model to use.",
            HelpName = "name",
            DefaultValueFactory = _ => defaultModel,
            Recursive = true,
        };
        OfflineOption = new Option<bool>("--offline")
        {
            Description = "Do not look for a real server: run against the built-in simulated server (answers are simulated).",
            Recursive = true,
        };
        Command = new RootCommand(description) { HostOption, ModelOption, OfflineOption };
    }

    /// <summary>The root command; add the sample's own options and subcommands to it.</summary>
    public RootCommand Command { get; }

    /// <summary><c>--host</c>.</summary>
    public Option<string?> HostOption { get; }

    /// <summary><c>--model</c> / <c>-m</c>.</summary>
    public Option<string> ModelOption { get; }

    /// <summary><c>--offline</c>.</summary>
    public Option<bool> OfflineOption { get; }

    /// <summary>Makes <paramref name="command"/> connect and then run <paramref name="body"/>.</summary>
    /// <param name="command">The root command or a subcommand.</param>
    /// <param name="body">The sample's work; returns the exit code.</param>
    /// <param name="requiresModel">Whether the model must be installed first (else the pull command is printed).</param>
    public void SetAction(Command command, Func<SampleContext, ParseResult, CancellationToken, Task<int>> body, bool requiresModel = true)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(body);
        command.SetAction((parse, ct) => RunBodyAsync(parse, body, requiresModel && _kind != ModelKind.None, ct));
    }

    /// <summary>Parses the arguments and runs the root command with <paramref name="body"/>.</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="body">The sample's work; returns the exit code.</param>
    /// <param name="handleCtrlC">
    /// False to leave Ctrl+C to the sample (the chat sample uses it to stop one answer, not the program).
    /// </param>
    /// <returns>The exit code.</returns>
    public Task<int> RunAsync(string[] args, Func<SampleContext, ParseResult, CancellationToken, Task<int>> body, bool handleCtrlC = true)
    {
        SetAction(Command, body);
        return RunAsync(args, handleCtrlC);
    }

    /// <summary>Parses the arguments and runs whichever command they name (after <see cref="SetAction"/> calls).</summary>
    /// <param name="args">The command-line arguments.</param>
    /// <param name="handleCtrlC">False to leave Ctrl+C to the sample.</param>
    /// <returns>The exit code.</returns>
    public Task<int> RunAsync(string[] args, bool handleCtrlC = true)
    {
        Console.OutputEncoding = Encoding.UTF8;
        if (!Console.IsInputRedirected)
        {
            Console.InputEncoding = Encoding.UTF8;
        }

        var configuration = new InvocationConfiguration();
        if (!handleCtrlC)
        {
            configuration.ProcessTerminationTimeout = null;
        }

        return Command.Parse(args).InvokeAsync(configuration);
    }

    private async Task<int> RunBodyAsync(
        ParseResult parse, Func<SampleContext, ParseResult, CancellationToken, Task<int>> body, bool requiresModel, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Console;
        var settings = new SampleSettings(parse.GetValue(HostOption), parse.GetValue(ModelOption)!, parse.GetValue(OfflineOption));
        console.Write(new Rule($"[bold]Ollama.Net sample: {Markup.Escape(_name)}[/]").LeftJustified());
        var endpoint = settings.Host ?? "the server";
        try
        {
            await using var context = await SampleConnector.ConnectAsync(settings, _kind, _scenario, console, cancellationToken);
            if (context is null)
            {
                return 2;
            }

            endpoint = context.EndpointText;

            if (requiresModel && !await SampleConnector.EnsureModelAsync(context, context.Model, cancellationToken))
            {
                return 1;
            }

            return await body(context, parse, cancellationToken);
        }
        catch (OllamaModelNotFoundException ex)
        {
            SampleConnector.PrintPullCommand(console, ex.ModelName ?? settings.Model, endpoint);
            return 1;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.MarkupLine("[yellow]Cancelled.[/]");
            return 130;
        }
        catch (OllamaException ex)
        {
            console.MarkupLine($"[red]Ollama error:[/] {Markup.Escape(ex.Message)}");
            return 1;
        }
    }
}
