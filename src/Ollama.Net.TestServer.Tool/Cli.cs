using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Reflection;
using Ollama.Net.TestServer.Tool.Control;
using Ollama.Net.TestServer.Tool.Scenarios;

namespace Ollama.Net.TestServer.Tool;

/// <summary>
/// The command line: <c>ollama-test-server [options]</c> serves until Ctrl+C or SIGTERM; <c>ollama-test-server check
/// FILE</c> checks a scenario file; <c>ollama-test-server schema</c> prints the scenario file's JSON schema.
/// </summary>
internal sealed class Cli
{
    private readonly Option<string> _host = new("--host")
    {
        Description = "The address to listen on: 127.0.0.1 (default), localhost, ::1, or 0.0.0.0 to be reachable from other machines and containers.",
        DefaultValueFactory = _ => "127.0.0.1",
    };

    private readonly Option<int> _port = new("--port", "-p")
    {
        Description = "The port to listen on; 0 picks a free one (the address line says which).",
        DefaultValueFactory = _ => ToolSettings.DefaultPort,
    };

    private readonly Option<string?> _scenario = new("--scenario", "-s")
    {
        Description = "A scenario file (JSON): models, scripted replies, faults, scheduler settings. `ollama-test-server schema` prints its schema.",
        HelpName = "file",
    };

    private readonly Option<string?> _preset = new("--preset")
    {
        Description = "offline (default): the simulated models qwen2.5:0.5b, qwen3:0.6b and all-minilm, llama3.2:1b and nomic-embed-text to pull; empty: no models.",
    };

    private readonly Option<string?> _generator = new("--generator")
    {
        Description = "What answers when no reply is queued: simulated (plausible text; the offline preset's default) or echo (the prompt; the empty preset's).",
    };

    private readonly Option<string[]> _models = new("--model", "-m")
    {
        Description = "Installs a model (repeatable): a name, then key=value fields of a scenario model, e.g. qwen3:0.6b,capabilities=completion+tools+thinking,context_length=40960.",
        HelpName = "spec",
    };

    private readonly Option<string[]> _faults = new("--fault")
    {
        Description = "Injects a fault (repeatable): key=value fields of a scenario fault, e.g. path=/api/chat,cut_after_chunks=3 or busy=true,once=true.",
        HelpName = "spec",
    };

    private readonly Option<string?> _modelLoadTime = new("--model-load-time") { Description = "How long loading a model takes (e.g. 2s); 0 (default) loads at once.", HelpName = "duration" };

    private readonly Option<int?> _maxLoadedModels = new("--max-loaded-models") { Description = "OLLAMA_MAX_LOADED_MODELS; 0 (default) is no limit.", HelpName = "n" };

    private readonly Option<int?> _numParallel = new("--num-parallel") { Description = "OLLAMA_NUM_PARALLEL: requests each model serves at once; 0 (default) is no limit.", HelpName = "n" };

    private readonly Option<int?> _maxQueue = new("--max-queue") { Description = "OLLAMA_MAX_QUEUE: requests that may wait for the scheduler before 503 (default 512).", HelpName = "n" };

    private readonly Option<double?> _tokensPerSecond = new("--tokens-per-second") { Description = "Paces streamed chunks (one token each); 0 (default) is unlimited.", HelpName = "rate" };

    private readonly Option<string?> _keepAlive = new("--keep-alive") { Description = "OLLAMA_KEEP_ALIVE: how long an idle model stays loaded (default 5m; negative is forever).", HelpName = "duration" };

    private readonly Option<int?> _contextLength = new("--context-length") { Description = "OLLAMA_CONTEXT_LENGTH: num_ctx when a request sets none (default 4096).", HelpName = "n" };

    private readonly Option<string?> _chunkDelay = new("--chunk-delay") { Description = "A pause before every streamed chunk, to make demos look live (e.g. 15ms).", HelpName = "duration" };

    private readonly Option<string[]> _origins = new("--origin") { Description = "Allows a CORS origin besides Ollama's defaults (OLLAMA_ORIGINS; repeatable), e.g. http://app.example or *.", HelpName = "origin" };

    private readonly Option<string?> _requestLog = new("--request-log") { Description = "Writes every request to this file as NDJSON, one line per request when its response ends.", HelpName = "file" };

    private readonly Argument<string> _checkFile = new("file") { Description = "The scenario file to check." };

    private readonly TextWriter _output;
    private readonly TextWriter _error;

    public Cli(TextWriter output, TextWriter error)
    {
        _output = output;
        _error = error;
        _preset.AcceptOnlyFromAmong(Scenario.OfflinePreset, Scenario.EmptyPreset);
        _generator.AcceptOnlyFromAmong(Scenario.SimulatedGenerator, Scenario.EchoGenerator);
        _port.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 65535)
            {
                r.AddError("--port must be from 0 to 65535.");
            }
        });

        Root = new RootCommand(
            "ollama-test-server: a fake Ollama server for tests in any language. It speaks Ollama's REST API with simulated or " +
            $"scripted models, injects faults, and takes scripting calls under {ControlApi.Prefix}/. Stop it with Ctrl+C or SIGTERM.")
        {
            _host, _port, _scenario, _preset, _generator, _models, _faults, _modelLoadTime, _maxLoadedModels, _numParallel,
            _maxQueue, _tokensPerSecond, _keepAlive, _contextLength, _chunkDelay, _origins, _requestLog,
        };
        Root.SetAction((parse, stop) => Guard(() => ServeAsync(Settings(parse), stop)));

        var check = new Command("check", "Checks a scenario file and prints what it sets up, or its first error (with line and field).") { _checkFile };
        check.SetAction(parse => Guard(() =>
        {
            var scenario = ScenarioLoader.LoadFile(parse.GetValue(_checkFile)!);
            _output.WriteLine($"{parse.GetValue(_checkFile)}: ok ({Describe(scenario)})");
            return Task.FromResult(0);
        }));
        Root.Subcommands.Add(check);

        var schema = new Command("schema", "Prints the JSON schema of scenario files (also in the package: ollama-test-server.schema.json).");
        schema.SetAction(_ =>
        {
            _output.Write(Schema());
            return 0;
        });
        Root.Subcommands.Add(schema);
    }

    public RootCommand Root { get; }

    /// <summary>The tool's version (the package version).</summary>
    public static string ToolVersion { get; } =
        typeof(Cli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>The scenario file's JSON schema, as shipped.</summary>
    public static string Schema()
    {
        using var stream = typeof(Cli).Assembly.GetManifestResourceStream("ollama-test-server.schema.json")
            ?? throw new InvalidOperationException("The schema resource is missing from the tool.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The settings the serving command's options give: the scenario file, then the options over it.</summary>
    /// <exception cref="ScenarioException">A value is not valid.</exception>
    public ToolSettings Settings(ParseResult parse)
    {
        var path = parse.GetValue(_scenario);
        var scenario = path is null ? new Scenario() : ScenarioLoader.LoadFile(path);
        scenario.Preset = parse.GetValue(_preset) ?? scenario.Preset;
        scenario.Generator = parse.GetValue(_generator) ?? scenario.Generator;
        scenario.Models.AddRange((parse.GetValue(_models) ?? []).Select(ScenarioLoader.ModelSpec));
        scenario.Faults.AddRange((parse.GetValue(_faults) ?? []).Select(ScenarioLoader.FaultSpec));
        scenario.Origins.AddRange(parse.GetValue(_origins) ?? []);
        scenario.ModelLoadTime = Duration(parse, _modelLoadTime) ?? scenario.ModelLoadTime;
        scenario.MaxLoadedModels = AtLeast(parse, _maxLoadedModels, 0) ?? scenario.MaxLoadedModels;
        scenario.NumParallel = AtLeast(parse, _numParallel, 0) ?? scenario.NumParallel;
        scenario.MaxQueue = AtLeast(parse, _maxQueue, 0) ?? scenario.MaxQueue;
        scenario.ContextLength = AtLeast(parse, _contextLength, 1) ?? scenario.ContextLength;
        scenario.KeepAlive = Duration(parse, _keepAlive, allowNegative: true) ?? scenario.KeepAlive;
        scenario.ChunkDelay = Duration(parse, _chunkDelay) ?? scenario.ChunkDelay;
        if (parse.GetValue(_tokensPerSecond) is { } rate)
        {
            scenario.TokensPerSecond = double.IsFinite(rate) && rate >= 0 ? rate : throw new ScenarioException("--tokens-per-second", null, string.Empty, "must be 0 (unlimited) or more");
        }

        return new ToolSettings
        {
            Address = ParseHost(parse.GetValue(_host)!),
            Port = parse.GetValue(_port),
            Scenario = scenario,
            RequestLog = parse.GetValue(_requestLog),
        };
    }

    /// <summary>Serves until <paramref name="stop"/> is cancelled, then stops cleanly and returns 0.</summary>
    public async Task<int> ServeAsync(ToolSettings settings, CancellationToken stop)
    {
        ToolServer tool;
        try
        {
            tool = await ToolServer.StartAsync(settings, stop).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException)
        {
            var where = new IPEndPoint(settings.Address, settings.Port);
            await _error.WriteLineAsync($"ollama-test-server: cannot serve on {where}: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
        catch (OperationCanceledException)
        {
            return 0;
        }

        await using (tool.ConfigureAwait(false))
        {
            await _output.WriteLineAsync($"ollama-test-server {ToolVersion} (Ollama {tool.Server.Version}): {Describe(settings.Scenario)}").ConfigureAwait(false);
            await _output.WriteLineAsync($"Listening on {tool.Address}").ConfigureAwait(false);
            await _output.WriteLineAsync($"Control API: {tool.Address}{ControlApi.Prefix}/ (state, replies, models, registry, faults, requests, reset). Ctrl+C stops.").ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                await _output.WriteLineAsync("Stopping.").ConfigureAwait(false);
            }
        }

        return 0;
    }

    private static string Describe(Scenario scenario)
    {
        var offline = scenario.Preset == Scenario.OfflinePreset;
        var models = (offline ? Testing.PresetModels.Installed : []).Concat(scenario.Models).Select(m => m.Name).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var generator = scenario.Generator ?? (offline ? Scenario.SimulatedGenerator : Scenario.EchoGenerator);
        return string.Create(CultureInfo.InvariantCulture,
            $"{models.Count} model(s){(models.Count > 0 ? " (" + string.Join(", ", models) + ")" : string.Empty)}, {scenario.Replies.Count} scripted reply(ies), " +
            $"{scenario.Faults.Count} fault(s), {generator} answers otherwise");
    }

    private static IPAddress ParseHost(string host)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return IPAddress.Loopback;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var address)
            ? address
            : throw new ScenarioException("--host", null, string.Empty, $"expected an IP address (127.0.0.1, 0.0.0.0, ::1) or localhost, not '{host}'");
    }

    private static TimeSpan? Duration(ParseResult parse, Option<string?> option, bool allowNegative = false) =>
        parse.GetValue(option) is { } text ? ScenarioLoader.DurationOption(text, option.Name, allowNegative) : null;

    private static int? AtLeast(ParseResult parse, Option<int?> option, int minimum) =>
        parse.GetValue(option) is { } n && n < minimum
            ? throw new ScenarioException(option.Name, null, string.Empty, $"must be at least {minimum.ToString(CultureInfo.InvariantCulture)}, not {n.ToString(CultureInfo.InvariantCulture)}")
            : parse.GetValue(option);

    /// <summary>Runs a command, turning a scenario error into its message on stderr and exit code 1.</summary>
    private async Task<int> Guard(Func<Task<int>> run)
    {
        try
        {
            return await run().ConfigureAwait(false);
        }
        catch (ScenarioException ex)
        {
            await _error.WriteLineAsync("ollama-test-server: " + ex.Message).ConfigureAwait(false);
            return 1;
        }
    }
}
