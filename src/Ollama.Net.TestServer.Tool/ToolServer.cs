using Ollama.Net.Testing;
using Ollama.Net.TestServer.Tool.Control;
using Ollama.Net.TestServer.Tool.Scenarios;

namespace Ollama.Net.TestServer.Tool;

/// <summary>
/// A running <see cref="OllamaTestServer"/> set up from <see cref="ToolSettings"/>: the scenario applied, the control
/// API under <c>/_test/</c>, and the request log. Disposing it stops the server and closes the log.
/// </summary>
internal sealed class ToolServer : IAsyncDisposable
{
    private RequestLog? _log;
    private int _firstVisible;

    private ToolServer(ToolSettings settings) => Settings = settings;

    public ToolSettings Settings { get; }

    public Scenario Scenario => Settings.Scenario;

    public OllamaTestServer Server { get; private set; } = null!;

    /// <summary>The address clients use, without the trailing slash (<c>http://127.0.0.1:11434</c>).</summary>
    public string Address => Server.Endpoint.ToString().TrimEnd('/');

    /// <summary>The requests recorded since the last clear or reset (the control API hides older ones).</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            var all = Server.Requests;
            return [.. all.Skip(Volatile.Read(ref _firstVisible))];
        }
    }

    /// <summary>Starts the server: listening, in the scenario's initial state, with the control API and the log.</summary>
    /// <exception cref="IOException">The address cannot be listened on (for example the port is in use).</exception>
    public static async Task<ToolServer> StartAsync(ToolSettings settings, CancellationToken cancellationToken = default)
    {
        var tool = new ToolServer(settings);
        var options = settings.Scenario.CreateOptions(settings.Address, settings.Port);
        var control = new ControlApi(tool);
        options.ConfigurePipeline = (app, server) =>
        {
            // Called before the server listens: no request can see it half set up.
            tool.Server = server;
            settings.Scenario.Apply(server);
            control.Map(app);
        };
        await OllamaTestServer.StartAsync(options, cancellationToken).ConfigureAwait(false);
        if (settings.RequestLog is { } path)
        {
            try
            {
                tool._log = RequestLog.Open(path, tool.Server);
            }
            catch
            {
                await tool.Server.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }

        return tool;
    }

    /// <summary>Hides the requests recorded so far from <see cref="Requests"/> (the request log keeps them).</summary>
    public void ClearRequests() => Volatile.Write(ref _firstVisible, Server.Requests.Count);

    /// <summary>Back to the scenario's initial state: models, replies, faults, sign-in, version, blobs; requests cleared.</summary>
    public void Reset()
    {
        Scenario.Apply(Server);
        ClearRequests();
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync().ConfigureAwait(false);
        if (_log is not null)
        {
            await _log.DisposeAsync().ConfigureAwait(false);
        }
    }
}
