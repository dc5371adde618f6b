using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Ollama.Net.Testing;
using Ollama.Net.TestServer.Tool.Scenarios;

namespace Ollama.Net.TestServer.Tool.Tests;

/// <summary>The command line in process: options to settings, errors to stderr and exit code 1, the check and schema commands.</summary>
public class CliTests
{
    private static ToolSettings Settings(params string[] args)
    {
        var cli = new Cli(TextWriter.Null, TextWriter.Null);
        var parse = cli.Root.Parse(args);
        Assert.Empty(parse.Errors);
        return cli.Settings(parse);
    }

    private static async Task<(int ExitCode, string Output, string Error)> InvokeAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var cli = new Cli(output, error);
        var code = await cli.Root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null });
        return (code, output.ToString(), error.ToString());
    }

    private static string TempFile(string content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"scenario-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void Without_options_it_serves_the_offline_preset_on_ollamas_address()
    {
        var settings = Settings();

        Assert.Equal(IPAddress.Loopback, settings.Address);
        Assert.Equal(11434, settings.Port);
        Assert.Equal(Scenario.OfflinePreset, settings.Scenario.Preset);
        Assert.Empty(settings.Scenario.Models);
        Assert.Null(settings.RequestLog);
    }

    [Fact]
    public void Every_option_reaches_the_settings()
    {
        var settings = Settings(
            "--host", "0.0.0.0", "--port", "0", "--preset", "empty", "--generator", "simulated",
            "--model", "qwen3:0.6b,capabilities=completion+thinking,context_length=40960,layer_sizes=1+2", "-m", "all-minilm",
            "--fault", "path=/api/chat,cut_after_chunks=3,once=true", "--fault", "status=418,body=teapot",
            "--model-load-time", "2s", "--max-loaded-models", "2", "--num-parallel", "1", "--max-queue", "8",
            "--tokens-per-second", "50", "--keep-alive", "-1s", "--context-length", "2048", "--chunk-delay", "15ms",
            "--origin", "http://app.example", "--request-log", "requests.ndjson");

        Assert.Equal(IPAddress.Any, settings.Address);
        Assert.Equal(0, settings.Port);
        Assert.Equal("requests.ndjson", settings.RequestLog);
        var s = settings.Scenario;
        Assert.Equal((Scenario.EmptyPreset, Scenario.SimulatedGenerator), (s.Preset, s.Generator));
        Assert.Equal(["qwen3:0.6b", "all-minilm:latest"], s.Models.Select(m => m.Name));
        Assert.Equal(TestModelCapabilities.Completion | TestModelCapabilities.Thinking, s.Models[0].Capabilities);
        Assert.Equal(40960, s.Models[0].ContextLength);
        Assert.Equal([1L, 2L], s.Models[0].LayerSizes);
        Assert.Equal(("/api/chat", true, "cut after 3 chunk(s)"), (s.Faults[0].Path, s.Faults[0].Once, s.Faults[0].Fault.ToString()));
        Assert.Equal((false, "respond 418"), (s.Faults[1].Once, s.Faults[1].Fault.ToString()));
        Assert.Equal((TimeSpan.FromSeconds(2), 2, 1, 8), (s.ModelLoadTime, s.MaxLoadedModels, s.NumParallel, s.MaxQueue));
        Assert.Equal((50.0, TimeSpan.FromSeconds(-1), 2048, TimeSpan.FromMilliseconds(15)), (s.TokensPerSecond, s.KeepAlive, s.ContextLength, s.ChunkDelay));
        Assert.Equal(["http://app.example"], s.Origins);
    }

    [Theory]
    [InlineData("localhost", "127.0.0.1")]
    [InlineData("::1", "::1")]
    [InlineData("[::1]", "::1")]
    [InlineData("192.168.1.20", "192.168.1.20")]
    public void Host_takes_addresses_and_localhost(string host, string address) =>
        Assert.Equal(IPAddress.Parse(address), Settings("--host", host).Address);

    [Fact]
    public void Options_override_the_scenario_file_and_add_to_its_lists()
    {
        var path = TempFile("""{"preset": "empty", "models": [{"name": "a"}], "scheduler": {"max_queue": 8, "num_parallel": 2}}""");

        var s = Settings("--scenario", path, "--max-queue", "4", "--model", "b").Scenario;

        Assert.Equal(["a:latest", "b:latest"], s.Models.Select(m => m.Name));
        Assert.Equal((4, 2), (s.MaxQueue, s.NumParallel));
        Assert.Equal(Scenario.EmptyPreset, s.Preset);
    }

    [Theory]
    [InlineData("--host", "ollama.example", "ollama-test-server: --host: expected an IP address (127.0.0.1, 0.0.0.0, ::1) or localhost, not 'ollama.example'")]
    [InlineData("--model", "m,size=big", "ollama-test-server: --model 'm,size=big': size: expected an integer, not \"big\"")]
    [InlineData("--model", "m,sise=1", "ollama-test-server: --model 'm,sise=1': sise: unknown field; did you mean 'size'?")]
    [InlineData("--model", "m,parameters={}", "ollama-test-server: --model 'm,parameters={}': parameters: cannot be given on the command line; use a scenario file or the control API")]
    [InlineData("--model", "m,capabilities=completion+tool", "ollama-test-server: --model 'm,capabilities=completion+tool': capabilities[1]: unknown capability 'tool'; expected one of completion, tools, insert, vision, embedding, thinking, audio, image")]
    [InlineData("--model", "m,m2", "ollama-test-server: --model 'm,m2': expected key=value pairs separated by commas, not 'm2' (only the first item may be a bare name)")]
    [InlineData("--fault", "cut_after_chunks", "ollama-test-server: --fault 'cut_after_chunks': expected key=value pairs separated by commas, not 'cut_after_chunks'")]
    [InlineData("--fault", "busy=true,busy=false", "ollama-test-server: --fault 'busy=true,busy=false': busy: this field is given twice")]
    [InlineData("--fault", "path=/api/chat,once=yes", "ollama-test-server: --fault 'path=/api/chat,once=yes': once: expected true or false, not \"yes\"")]
    [InlineData("--keep-alive", "10", "ollama-test-server: --keep-alive: expected a duration such as 500ms, 2s or 1m30s, not '10'")]
    [InlineData("--chunk-delay", "-1s", "ollama-test-server: --chunk-delay: must not be negative, not '-1s'")]
    [InlineData("--max-queue", "-1", "ollama-test-server: --max-queue: must be at least 0, not -1")]
    [InlineData("--tokens-per-second", "-5", "ollama-test-server: --tokens-per-second: must be 0 (unlimited) or more")]
    public async Task A_bad_value_is_named_on_stderr_with_exit_code_1(string option, string value, string message)
    {
        var (code, output, error) = await InvokeAsync(option, value, "--port", "0");

        Assert.Equal(1, code);
        Assert.Equal(message, error.TrimEnd());
        Assert.Empty(output);
    }

    [Theory]
    [InlineData("--port", "70000", "--port must be from 0 to 65535.")]
    [InlineData("--preset", "full", "Argument 'full' not recognized. Must be one of:")]
    [InlineData("--generator", "random", "Argument 'random' not recognized. Must be one of:")]
    public async Task The_parser_refuses_values_out_of_range(string option, string value, string message)
    {
        var (code, _, error) = await InvokeAsync(option, value);

        Assert.Equal(1, code);
        Assert.Contains(message, error);
    }

    [Fact]
    public async Task A_scenario_error_stops_the_start_with_file_line_and_field()
    {
        var path = TempFile("{\n  \"models\": [{\"name\": \"m\", \"size\": \"big\"}]\n}");

        var (code, _, error) = await InvokeAsync("--scenario", path, "--port", "0");

        Assert.Equal(1, code);
        Assert.Equal($"ollama-test-server: {path}:2:36: models[0].size: expected an integer, not \"big\"", error.TrimEnd());
    }

    [Fact]
    public async Task Check_says_ok_for_a_valid_file_and_names_the_error_of_a_bad_one()
    {
        var good = TempFile("""{"preset": "empty", "models": [{"name": "m"}], "replies": [{"content": "x"}]}""");
        var bad = TempFile("""{"preset": "empty", "faults": [{}]}""");

        var ok = await InvokeAsync("check", good);
        var failed = await InvokeAsync("check", bad);

        Assert.Equal(0, ok.ExitCode);
        Assert.Equal($"{good}: ok (1 model(s) (m:latest), 1 scripted reply(ies), 0 fault(s), echo answers otherwise)", ok.Output.TrimEnd());
        Assert.Equal(1, failed.ExitCode);
        Assert.StartsWith($"ollama-test-server: {bad}:1:32: faults[0]: the fault does nothing", failed.Error);
    }

    [Fact]
    public async Task Schema_prints_the_shipped_schema()
    {
        var (code, output, _) = await InvokeAsync("schema");

        Assert.Equal(0, code);
        Assert.Equal(File.ReadAllText(Path.Combine(Repository.ToolProject, "ollama-test-server.schema.json")), output);
    }

    [Fact]
    public async Task Serve_prints_the_address_then_stops_cleanly_when_cancelled()
    {
        var output = new LineWriter("Listening on ");
        var cli = new Cli(output, TextWriter.Null);
        using var stop = new CancellationTokenSource();
        var serving = cli.ServeAsync(new ToolSettings { Port = 0, Scenario = new Scenario { Preset = Scenario.EmptyPreset } }, stop.Token);
        var address = await output.Line.WaitAsync(ToolProcess.Bound);

        using var http = new HttpClient();
        var version = await http.GetStringAsync(address + "/api/version");
        await stop.CancelAsync();

        Assert.Equal(0, await serving.WaitAsync(ToolProcess.Bound));
        Assert.Equal("""{"version":"0.32.15"}""", version);
        Assert.Matches(@"^ollama-test-server \S+ \(Ollama 0\.32\.15\): 0 model\(s\), 0 scripted reply\(ies\), 0 fault\(s\), echo answers otherwise\n", output.ToString());
        Assert.EndsWith("Stopping.\n", output.ToString());
    }

    [Fact]
    public async Task A_port_in_use_is_exit_code_1_with_the_reason()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var error = new StringWriter();

        var code = await new Cli(TextWriter.Null, error).ServeAsync(new ToolSettings { Port = port }, CancellationToken.None);

        Assert.Equal(1, code);
        Assert.StartsWith($"ollama-test-server: cannot serve on 127.0.0.1:{port}: ", error.ToString());
        Assert.Contains("address already in use", error.ToString(), StringComparison.OrdinalIgnoreCase);
    }
}
