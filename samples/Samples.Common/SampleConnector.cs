using System.Text.Json.Nodes;
using Ollama.Net;
using Ollama.Net.Testing;
using Spectre.Console;

namespace Samples.Common;

/// <summary>
/// Connects a sample: to the Ollama at <c>--host</c> (default <c>OLLAMA_HOST</c>, else http://127.0.0.1:11434) when one
/// answers, else, saying so in one line, to a simulated <see cref="OllamaTestServer"/> on loopback.
/// </summary>
public static class SampleConnector
{
    /// <summary>How long a server gets to answer <c>/api/version</c> before it counts as absent.</summary>
    public static TimeSpan ProbeTimeout { get; } = TimeSpan.FromSeconds(5);

    /// <summary>Connects, or falls back to offline mode.</summary>
    /// <param name="settings">Host, model and the offline switch.</param>
    /// <param name="kind">The kind of model the sample needs (registers an unknown offline model with the right capabilities).</param>
    /// <param name="scenario">How the simulated server is scripted.</param>
    /// <param name="console">Where to say what happened.</param>
    /// <param name="cancellationToken">Cancels the connection.</param>
    /// <returns>The context, or null when the host is not a valid address (the reason was printed).</returns>
    public static async Task<SampleContext?> ConnectAsync(
        SampleSettings settings, ModelKind kind, OfflineScenario scenario, IAnsiConsole console, CancellationToken cancellationToken)
    {
        if (settings.Offline)
        {
            var offline = await StartOfflineAsync(settings.Model, kind, scenario, console, cancellationToken);
            console.StatusLine($"[yellow]Offline mode (--offline): using a simulated Ollama server at {Markup.Escape(offline.EndpointText)}; answers are simulated, not from a real model.[/]");
            return offline;
        }

        Uri endpoint;
        try
        {
            endpoint = settings.Host is null ? OllamaEndpoint.FromEnvironment() : OllamaEndpoint.Parse(settings.Host);
        }
        catch (FormatException ex)
        {
            var source = settings.Host is null ? $"{OllamaEndpoint.HostEnvironmentVariable} is not usable" : "--host is not usable";
            console.MarkupLine($"[red]{source}: {Markup.Escape(ex.Message)}[/]");
            return null;
        }

        var client = new OllamaClient(new OllamaClientOptions { Endpoint = endpoint });
        var reason = await ProbeAsync(client, console, cancellationToken);
        if (reason is null)
        {
            return new SampleContext(client, settings.Model, console, server: null);
        }

        var address = client.Endpoint.AbsoluteUri.TrimEnd('/');
        client.Dispose();
        var context = await StartOfflineAsync(settings.Model, kind, scenario, console, cancellationToken);
        console.StatusLine($"[yellow]No Ollama server answered at {Markup.Escape(address)} ({Markup.Escape(reason)}); running offline against a simulated server: answers are simulated.[/]");
        return context;
    }

    /// <summary>Checks that a model is installed on a real server; when it is not, prints the pull command to run.</summary>
    /// <param name="context">The connected sample.</param>
    /// <param name="model">The model name.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>True when the model is there (always true offline).</returns>
    public static async Task<bool> EnsureModelAsync(SampleContext context, string model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.IsOffline)
        {
            return true;
        }

        try
        {
            await context.Client.ShowModelAsync(model, cancellationToken);
            return true;
        }
        catch (OllamaModelNotFoundException)
        {
            PrintPullCommand(context.Console, model, context.EndpointText);
            return false;
        }
    }

    /// <summary>Checks that the sample's model has a capability (from <c>/api/show</c>); when it lacks it, says so and what to use.</summary>
    /// <param name="context">The connected sample.</param>
    /// <param name="capability">The capability the sample needs, such as vision or insert.</param>
    /// <param name="what">What the model cannot do without it, such as "cannot see images".</param>
    /// <param name="suggestion">Which models to use instead (markup).</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>True when the model has the capability.</returns>
    public static async Task<bool> EnsureCapabilityAsync(
        SampleContext context, ModelCapability capability, string what, string suggestion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var info = await context.Client.ShowModelAsync(context.Model, cancellationToken);
        if (info.HasCapability(capability))
        {
            return true;
        }

        context.Console.MarkupLine($"[red]{Markup.Escape(context.Model)} {Markup.Escape(what)}[/] (no \"{capability}\" capability; it has: {Markup.Escape(string.Join(", ", info.Capabilities ?? []))}).");
        context.Console.MarkupLine(suggestion);
        return false;
    }

    /// <summary>Prints that a model is missing and the exact command that installs it.</summary>
    /// <param name="console">Where to print.</param>
    /// <param name="model">The missing model.</param>
    /// <param name="endpoint">The server it is missing on.</param>
    public static void PrintPullCommand(IAnsiConsole console, string model, string endpoint)
    {
        ArgumentNullException.ThrowIfNull(console);
        console.MarkupLine($"[red]The model '{Markup.Escape(model)}' is not installed on the Ollama server at {Markup.Escape(endpoint)}.[/] Install it with:");
        console.MarkupLine($"  [bold]ollama pull {Markup.Escape(model)}[/]");
    }

    // Null when the server answered like an Ollama; else a short reason.
    private static async Task<string?> ProbeAsync(OllamaClient client, IAnsiConsole console, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            var version = await client.GetVersionAsync(timeout.Token);
            console.StatusLine($"[green]Connected to Ollama {Markup.Escape(version.Version)} at {Markup.Escape(client.Endpoint.AbsoluteUri.TrimEnd('/'))}[/]");
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {ProbeTimeout.TotalSeconds:0} s";
        }
        catch (OllamaException ex)
        {
            return ex.StatusCode is { } status
                ? $"it answered {(int)status} {status}: not an Ollama server?"
                : Shorten(Innermost(ex).Message);
        }
    }

    private static async Task<SampleContext> StartOfflineAsync(
        string model, ModelKind kind, OfflineScenario scenario, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var options = OllamaTestServerOptions.Offline();
        scenario.Configure(options);
        var server = await OllamaTestServer.StartAsync(options, cancellationToken);
        try
        {
            RegisterModel(server, model, kind, console);
            scenario.Script(server, model);
            var client = new OllamaClient(new OllamaClientOptions { Endpoint = server.Endpoint, UseEnvironmentVariables = false });
            return new SampleContext(client, model, console, server);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The simulated vision model: sees images (the test server refuses images for models without the capability).</summary>
    public static TestModel VisionModel => PresetModels.Qwen25 with
    {
        Name = "gemma3:4b",
        Capabilities = TestModelCapabilities.Completion | TestModelCapabilities.Vision,
        Family = "gemma3",
        ParameterSize = "4.3B",
        ContextLength = 131072,
        EmbeddingLength = 2560,
        Size = 3_338_801_804,
        System = null,
        License = "Gemma Terms of Use",
        Parameters = new JsonObject { ["stop"] = new JsonArray("<end_of_turn>"), ["top_k"] = 64, ["top_p"] = 0.95 },
    };

    /// <summary>The simulated code model: fills in the middle (the test server refuses a suffix without the insert capability).</summary>
    public static TestModel CodeModel => PresetModels.Qwen25 with
    {
        Name = "qwen2.5-coder:1.5b",
        Capabilities = TestModelCapabilities.Completion | TestModelCapabilities.Insert | TestModelCapabilities.Tools,
        ParameterSize = "1.5B",
        EmbeddingLength = 1536,
        Size = 986_062_089,
        Template = "{{- if .Suffix }}<|fim_prefix|>{{ .Prompt }}<|fim_suffix|>{{ .Suffix }}<|fim_middle|>{{ else }}<|im_start|>user\n{{ .Prompt }}<|im_end|>\n<|im_start|>assistant\n{{ end }}",
    };

    // An offline run with --model X, where X is not in the preset, gets X as a simulated copy of a preset model.
    private static void RegisterModel(OllamaTestServer server, string model, ModelKind kind, IAnsiConsole console)
    {
        if (kind == ModelKind.None || server.Models.Contains(model))
        {
            return;
        }

        var template = kind switch
        {
            ModelKind.Embedding => PresetModels.AllMiniLm,
            ModelKind.Thinking => PresetModels.Qwen3,
            ModelKind.Vision => VisionModel,
            ModelKind.Code => CodeModel,
            _ => PresetModels.Qwen25,
        };
        try
        {
            server.Models.Add(template with { Name = model });
            if (template.Name == model)
            {
                return;
            }

            console.MarkupLine($"[grey]Offline: '{Markup.Escape(model)}' is simulated like {Markup.Escape(template.Name)}.[/]");
        }
        catch (ArgumentException ex)
        {
            console.MarkupLine($"[red]{Markup.Escape(ex.Message)}[/]");
        }
    }

    private static Exception Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex;
    }

    private static string Shorten(string text)
    {
        text = text.ReplaceLineEndings(" ").Trim().TrimEnd('.');
        return text.Length <= 100 ? text : text[..100] + "…";
    }
}
