using System.Net;
using Ollama.Net.Testing;

namespace Ollama.Net.TestServer.Tool.Scenarios;

/// <summary>
/// A checked scenario, ready to start a server with: what the scenario file and the command line said, converted to
/// the test server's types. <see cref="Apply"/> puts the server in the scenario's initial state (at start and on
/// <c>POST /_test/reset</c>).
/// </summary>
internal sealed class Scenario
{
    public const string OfflinePreset = "offline";
    public const string EmptyPreset = "empty";
    public const string SimulatedGenerator = "simulated";
    public const string EchoGenerator = "echo";

    /// <summary><see cref="OfflinePreset"/> (default) or <see cref="EmptyPreset"/>.</summary>
    public string Preset { get; set; } = OfflinePreset;

    /// <summary><see cref="SimulatedGenerator"/> or <see cref="EchoGenerator"/>; null follows the preset.</summary>
    public string? Generator { get; set; }

    public string? Version { get; set; }

    public List<TestModel> Models { get; } = [];

    public List<TestModel> Registry { get; } = [];

    public List<(string? Model, ScriptedReply Reply)> Replies { get; } = [];

    public List<FaultRule> Faults { get; } = [];

    public TimeSpan? ModelLoadTime { get; set; }

    public int? MaxLoadedModels { get; set; }

    public int? NumParallel { get; set; }

    public int? MaxQueue { get; set; }

    public double? TokensPerSecond { get; set; }

    public TimeSpan? KeepAlive { get; set; }

    public int? ContextLength { get; set; }

    public List<string> Origins { get; } = [];

    public TimeSpan? ChunkDelay { get; set; }

    public bool? SignedIn { get; set; }

    /// <summary>The reply generator the scenario asks for.</summary>
    public Func<ReplyContext, ScriptedReply> ReplyGenerator =>
        (Generator ?? (Preset == OfflinePreset ? SimulatedGenerator : EchoGenerator)) == SimulatedGenerator
            ? ScriptedReply.Simulated
            : ScriptedReply.Echo;

    /// <summary>Server options with the scenario's fixed settings (the state comes with <see cref="Apply"/>).</summary>
    public OllamaTestServerOptions CreateOptions(IPAddress address, int port)
    {
        var options = new OllamaTestServerOptions { ListenAddress = address, Port = port };
        options.ModelLoadTime = ModelLoadTime ?? options.ModelLoadTime;
        options.MaxLoadedModels = MaxLoadedModels ?? options.MaxLoadedModels;
        options.NumParallel = NumParallel ?? options.NumParallel;
        options.MaxQueue = MaxQueue ?? options.MaxQueue;
        options.TokensPerSecond = TokensPerSecond ?? options.TokensPerSecond;
        options.DefaultKeepAlive = KeepAlive ?? options.DefaultKeepAlive;
        options.DefaultContextLength = ContextLength ?? options.DefaultContextLength;
        options.ChunkDelay = ChunkDelay ?? options.ChunkDelay;
        foreach (var origin in Origins)
        {
            options.AllowedOrigins.Add(origin);
        }

        return options;
    }

    /// <summary>
    /// Puts the server in the scenario's initial state: its models and registry, queued replies and generator, faults,
    /// sign-in and version; the blob store emptied.
    /// </summary>
    public void Apply(OllamaTestServer server)
    {
        var defaults = new OllamaTestServerOptions();
        var offline = Preset == OfflinePreset;
        server.Models.Clear();
        server.Models.AddRange(offline ? PresetModels.Installed : []).AddRange(Models);
        server.Registry.Clear();
        server.Registry.AddRange(offline ? PresetModels.Pullable : []).AddRange(Registry);
        server.Replies.Clear();
        server.Replies.Generator = ReplyGenerator;
        foreach (var (model, reply) in Replies)
        {
            if (model is null)
            {
                server.Replies.Enqueue(reply);
            }
            else
            {
                server.Replies.Enqueue(model, reply);
            }
        }

        server.Faults.Clear();
        Faults.ForEach(f => f.Register(server.Faults));
        server.SignedIn = SignedIn ?? defaults.SignedIn;
        server.Version = Version ?? defaults.Version;
        foreach (var digest in server.Blobs.Digests)
        {
            server.Blobs.Remove(digest);
        }
    }
}
