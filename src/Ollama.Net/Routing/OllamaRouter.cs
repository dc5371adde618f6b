using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.CircuitBreaker;

namespace Ollama.Net;

/// <summary>
/// An <see cref="OllamaClient"/> over several Ollama servers. Inference calls (chat, generate, embed, show) go to a
/// server that has the model loaded, else one that has it installed, else any available server; among equals, the one
/// with the fewest calls in flight. Everything built on <see cref="OllamaClient"/> (structured outputs, prompts,
/// <c>AskAsync</c>, <c>ChatSession</c>, the Microsoft.Extensions.AI adapter) works through it unchanged.
/// </summary>
/// <remarks>
/// <para>
/// A server that fails before it answers (connection refused or reset, 502, 503, 504) is left out for
/// <see cref="OllamaRouterOptions.CoolDown"/> (a Polly circuit breaker per server) and the call goes to the next
/// server; <c>server busy</c> and 429 move the call on without a cool-down. A cooled-down server is probed with
/// <c>GET /</c> and comes back when it answers. A stream that breaks after its first chunk throws as on one server: it
/// is never replayed. Each server takes at most <see cref="OllamaServerOptions.MaxConcurrentRequests"/> calls at once;
/// a further call goes to an idle server that has the model, else waits in the router.
/// </para>
/// <para>
/// List and ps return the union over the servers (<see cref="Servers"/> shows which server has what); version, status,
/// web and account calls go to any available server; pull, create, copy, delete and unload run on every server and
/// fail with an <see cref="OllamaRoutingException"/> naming each server that failed. Push and blob uploads belong to
/// one server: call them on <see cref="OllamaServer.Client"/>.
/// </para>
/// </remarks>
public partial class OllamaRouter : OllamaClient
{
    private const double FailureRatio = 0.5;
    private static readonly TimeSpan SamplingDuration = TimeSpan.FromSeconds(5);

    /// <summary>How long one server's refresh (ps and tags, or its probe) may take; a server that hangs does not hold up the router.</summary>
    private static readonly TimeSpan RefreshTimeout = TimeSpan.FromSeconds(5);

    private readonly OllamaServer[] _servers;
    private readonly object _gate = new();
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly TimeSpan _refreshInterval;
    private readonly bool _pullMissingModels;
    private readonly string? _defaultModel;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lazy<Task> _firstRefresh;
    private int _rotation;
    private bool _disposed;

    /// <summary>Creates a router over servers given in any <c>OLLAMA_HOST</c> form, with the default settings.</summary>
    /// <param name="endpoints">The servers, for example <c>"gpu1:11434"</c>, <c>"http://gpu2:11434"</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="endpoints"/> is null.</exception>
    /// <exception cref="ArgumentException">No endpoint is given, or one is empty.</exception>
    /// <exception cref="FormatException">An endpoint cannot be a host.</exception>
    public OllamaRouter(params IEnumerable<string> endpoints)
        : this(FromEndpoints(endpoints))
    {
    }

    /// <summary>Creates a router; each server gets its own client (and <see cref="HttpClient"/>).</summary>
    /// <param name="options">The servers and settings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">There is no server, or a setting is out of range (the message names it).</exception>
    public OllamaRouter(OllamaRouterOptions options)
        : this(options, createHttpClient: null)
    {
    }

    /// <summary>Creates a router whose server clients send through HTTP clients made by <paramref name="createHttpClient"/> (DI).</summary>
    internal OllamaRouter(OllamaRouterOptions options, Func<HttpClient>? createHttpClient)
        : base(BaseOptions(options))
    {
        var clientOptions = options.ClientOptions ?? new OllamaClientOptions();
        _defaultModel = string.IsNullOrWhiteSpace(clientOptions.DefaultModel) ? null : clientOptions.DefaultModel;
        _logger = clientOptions.LoggerFactory?.CreateLogger("Ollama.Net.OllamaRouter") ?? NullLogger.Instance;
        _time = options.TimeProvider ?? TimeProvider.System;
        _refreshInterval = options.RefreshInterval;
        _pullMissingModels = options.PullMissingModels;
        _servers = new OllamaServer[options.Servers.Count];
        for (var i = 0; i < _servers.Length; i++)
        {
            var serverOptions = options.Servers[i];
            var perServer = clientOptions.Clone();
            perServer.Endpoint = serverOptions.Endpoint;
            var client = createHttpClient is null ? new OllamaClient(perServer) : new OllamaClient(createHttpClient(), perServer);
            var circuit = new CircuitBreakerStateProvider();
            _servers[i] = new OllamaServer(i, serverOptions, client, BuildPipeline(serverOptions.Endpoint!, options.CoolDown, circuit), circuit, _gate);
        }

        Servers = _servers;
        _firstRefresh = new Lazy<Task>(StartRefreshing, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The servers, in the order they were configured.</summary>
    public IReadOnlyList<OllamaServer> Servers { get; }

    /// <inheritdoc/>
    public override string? DefaultModel => _defaultModel;

    /// <summary>
    /// Raised (on the calling thread) while the router pulls a model a server did not have, when
    /// <see cref="OllamaRouterOptions.PullMissingModels"/> is on.
    /// </summary>
    public event EventHandler<ModelPullingEventArgs>? ModelPulling;

    /// <summary>Returns the servers' addresses.</summary>
    public override string ToString() => $"OllamaRouter({string.Join(", ", _servers.Select(s => Internal.UriDisplay.Format(s.Endpoint)))})";

    /// <summary>
    /// Reads every available server's loaded and installed models now (the router also does this every
    /// <see cref="OllamaRouterOptions.RefreshInterval"/>) and probes the servers in cool-down.
    /// </summary>
    /// <param name="cancellationToken">Cancels the refresh.</param>
    /// <returns>A task that completes when every server was asked.</returns>
    public Task RefreshAsync(CancellationToken cancellationToken = default)
        => Task.WhenAll(_servers.Select(s => RefreshServerAsync(s, cancellationToken)));

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (disposing)
        {
            _stop.Cancel();
            foreach (var server in _servers)
            {
                server.Client.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private static OllamaRouterOptions FromEndpoints(IEnumerable<string> endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = new OllamaRouterOptions();
        foreach (var endpoint in endpoints)
        {
            if (string.IsNullOrWhiteSpace(endpoint))
            {
                throw new ArgumentException("An endpoint of the router is empty; give each server's address, such as \"gpu1:11434\".", nameof(endpoints));
            }

            options.Servers.Add(new OllamaServerOptions(endpoint));
        }

        return options;
    }

    /// <summary>Validates the options and returns those of the base client (the first server; the router sends nothing through it).</summary>
    private static OllamaClientOptions BaseOptions(OllamaRouterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Servers.Count == 0)
        {
            throw new ArgumentException("The router has no servers. Add at least one to OllamaRouterOptions.Servers (or Ollama:Servers:0:Endpoint in configuration).", nameof(options));
        }

        for (var i = 0; i < options.Servers.Count; i++)
        {
            var server = options.Servers[i];
            if (server is null)
            {
                throw new ArgumentException($"Servers[{i}] of the router options is null.", nameof(options));
            }

            if (server.Endpoint is null || !Internal.UriDisplay.IsHttp(server.Endpoint))
            {
                throw new ArgumentException(
                    $"Servers[{i}].Endpoint must be an absolute http:// or https:// address, but it is \"{Internal.UriDisplay.Format(server.Endpoint)}\".", nameof(options));
            }

            if (server.MaxConcurrentRequests < 1)
            {
                throw new ArgumentException($"Servers[{i}].MaxConcurrentRequests must be at least 1, but it is {server.MaxConcurrentRequests}.", nameof(options));
            }
        }

        if (options.RefreshInterval <= TimeSpan.Zero)
        {
            throw new ArgumentException($"RefreshInterval must be positive, but it is {options.RefreshInterval}.", nameof(options));
        }

        if (options.CoolDown < TimeSpan.FromMilliseconds(500))
        {
            throw new ArgumentException($"CoolDown must be at least 500 ms (the shortest break of Polly's circuit breaker), but it is {options.CoolDown}.", nameof(options));
        }

        var baseOptions = (options.ClientOptions ?? new OllamaClientOptions()).Clone();
        baseOptions.Endpoint = options.Servers[0].Endpoint;
        baseOptions.UseEnvironmentVariables = false;
        return baseOptions;
    }

    /// <summary>
    /// The circuit breaker of one server (Polly): it opens when at least half of the calls of the last 5 seconds (and at
    /// least 2) failed at the server, stays open for the cool-down, then lets one probe through.
    /// </summary>
    private ResiliencePipeline BuildPipeline(Uri endpoint, TimeSpan coolDown, CircuitBreakerStateProvider circuit)
    {
        var display = Internal.UriDisplay.Format(endpoint);
        return new ResiliencePipelineBuilder { TimeProvider = _time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = FailureRatio,
                MinimumThroughput = 2,
                SamplingDuration = SamplingDuration,
                BreakDuration = coolDown,
                StateProvider = circuit,
                ShouldHandle = static args => new ValueTask<bool>(
                    args.Outcome.Exception is { } ex ? IsServerFault(ex) : args.Outcome.Result is false),
                OnOpened = args =>
                {
                    RouterLog.CoolingDown(_logger, display, args.BreakDuration);
                    return default;
                },
                OnClosed = _ =>
                {
                    RouterLog.Back(_logger, display);
                    return default;
                },
            })
            .Build();
    }

    /// <summary>A failure of the server itself, before it answered: connection refused or reset, 502, 503 (not busy), 504.</summary>
    internal static bool IsServerFault(Exception exception) => exception switch
    {
        OllamaException { StatusCode: null, InnerException: HttpRequestException } => true,
        OllamaException { StatusCode: HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout } => true,
        OllamaException { StatusCode: HttpStatusCode.ServiceUnavailable } busy => !IsBusy(busy),
        _ => false,
    };

    /// <summary>Whether a failed attempt may go to the next server: a server fault, an open circuit, busy, or 429.</summary>
    internal static bool CanTryElsewhere(Exception exception)
        => IsServerFault(exception) || exception is BrokenCircuitException || exception is OllamaException { StatusCode: HttpStatusCode.TooManyRequests } || (exception is OllamaException ollama && IsBusy(ollama));

    private static bool IsBusy(OllamaException exception)
        => exception.StatusCode == HttpStatusCode.ServiceUnavailable &&
           exception.ServerMessage?.Contains("server busy", StringComparison.OrdinalIgnoreCase) == true;

    private Task StartRefreshing()
    {
        var first = RefreshAsync(_stop.Token);
        _ = RefreshLoopAsync();
        return first;
    }

    private async Task RefreshLoopAsync()
    {
        using var timer = new PeriodicTimer(_refreshInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                await RefreshAsync(_stop.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed.
        }
    }

    /// <summary>
    /// An available server: reads <c>/api/ps</c> and <c>/api/tags</c> through its circuit breaker. A server in cool-down:
    /// probes it with <c>GET /</c> through the breaker (which refuses at once until the cool-down is over).
    /// </summary>
    private async Task RefreshServerAsync(OllamaServer server, CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(RefreshTimeout);
        var cancellationToken = timeout.Token;
        try
        {
            if (!server.IsAvailable)
            {
                await server.Pipeline.ExecuteAsync(
                    static (client, token) => new ValueTask<bool>(client.IsRunningAsync(token)), server.Client, cancellationToken).ConfigureAwait(false);
                if (!server.IsAvailable)
                {
                    return;
                }
            }

            await RefreshLoadedAsync(server, cancellationToken).ConfigureAwait(false);
            var tags = await server.Pipeline.ExecuteAsync(
                static (client, token) => new ValueTask<ListModelsResult>(client.ListModelsAsync(token)), server.Client, cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                server.SetInstalled(tags.Models.Select(m => ModelKey(m.Name)));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellation.IsCancellationRequested)
        {
            RouterLog.RefreshFailed(_logger, ex, Internal.UriDisplay.Format(server.Endpoint));
        }
    }

    private async Task RefreshLoadedAsync(OllamaServer server, CancellationToken cancellationToken)
    {
        var ps = await server.Pipeline.ExecuteAsync(
            static (client, token) => new ValueTask<ListRunningModelsResult>(client.ListRunningModelsAsync(token)), server.Client, cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            server.SetLoaded(ps.Models.Select(m => ModelKey(m.Name)));
        }
    }

    /// <summary>
    /// The name a model is known by across servers: trimmed, lower case, with <c>:latest</c> when it has no tag
    /// (<c>Qwen2.5</c> and <c>qwen2.5:latest</c> are one model).
    /// </summary>
    internal static string ModelKey(string model)
    {
        var name = model.Trim();
        var slash = name.LastIndexOf('/');
        if (name.IndexOf(':', slash + 1) < 0)
        {
            name += ":latest";
        }

        return name.ToLowerInvariant();
    }
}
