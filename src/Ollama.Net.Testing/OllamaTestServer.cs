using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Collections.ObjectModel;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Ollama.Net.Testing.Internal;

namespace Ollama.Net.Testing;

/// <summary>
/// A real HTTP server on <c>127.0.0.1</c> (or <see cref="OllamaTestServerOptions.ListenAddress"/>) that speaks the Ollama
/// REST protocol: all native <c>/api</c> routes, streaming NDJSON, Ollama's status codes and error bodies. Your test
/// scripts its models and replies, injects faults, and reads back every request it received. Dispose it to stop it.
/// </summary>
/// <example>
/// <code>
/// await using var server = await OllamaTestServer.StartAsync();
/// server.Models.Add(new TestModel("qwen2.5:0.5b"));
/// server.Replies.Enqueue("qwen2.5:0.5b", new ScriptedReply { Content = "Hello!", ChunkSize = 2 });
/// using var http = new HttpClient { BaseAddress = server.Endpoint };
/// // ... call /api/chat, then assert on server.Requests
/// </code>
/// </example>
public sealed class OllamaTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly OllamaTestServerOptions _options;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();
    private readonly List<(int Count, TaskCompletionSource<IReadOnlyList<RecordedRequest>> Tcs)> _requestWaiters = [];
    private readonly List<(int Count, TaskCompletionSource Tcs)> _connectionWaiters = [];
    private readonly Scheduler _scheduler;
    private readonly Cors _cors;
    private readonly ConcurrentDictionary<string, CuttableTransport> _transports = new(StringComparer.Ordinal);
    private readonly bool _checkHost;
    private ImmutableList<RecordedRequest> _requests = [];
    private int _openConnections;
    private int _totalConnections;
    private volatile bool _signedIn;
    private int _disposed;

    private OllamaTestServer(WebApplication app, OllamaTestServerOptions options, Cors cors)
    {
        _app = app;
        _options = options;
        _cors = cors;
        _scheduler = new Scheduler(options, _stopping.Token);
        _signedIn = options.SignedIn;
        _checkHost = !options.AllowAnyHost && IPAddress.IsLoopback(options.ListenAddress);
        Version = options.Version;
        Models.AddRange(options.Models);
        Registry.AddRange(options.Registry);
        Replies = new ReplyScript(options.ReplyGenerator);
    }

    /// <summary>The base address, e.g. <c>http://127.0.0.1:53124/</c>. Give it to your client.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The installed models (<c>/api/tags</c>). Add to it to make a model usable.</summary>
    public TestModelCollection Models { get; } = new();

    /// <summary>Models that <c>/api/pull</c> can fetch besides the installed ones.</summary>
    public TestModelCollection Registry { get; } = new();

    /// <summary>Scripted answers for chat and generate.</summary>
    public ReplyScript Replies { get; }

    /// <summary>Faults to inject, one-shot or persistent, per request or per route.</summary>
    public FaultScript Faults { get; } = new();

    /// <summary>The blob store behind <c>/api/blobs/:digest</c> and <c>/api/create</c> <c>files</c>.</summary>
    public TestBlobStore Blobs { get; } = new();

    /// <summary>Every request received so far, in arrival order (an immutable snapshot).</summary>
    public IReadOnlyList<RecordedRequest> Requests => Volatile.Read(ref _requests);

    /// <summary>The number of client connections open right now.</summary>
    public int OpenConnections => Volatile.Read(ref _openConnections);

    /// <summary>The number of client connections accepted since the server started.</summary>
    public int TotalConnections => Volatile.Read(ref _totalConnections);

    /// <summary>The names of the models currently loaded, in the order <c>/api/ps</c> lists them.</summary>
    public IReadOnlyList<string> LoadedModels => [.. _scheduler.Snapshot().Select(m => m.Model.Name)];

    /// <summary>
    /// The model scheduler's counters (model loads and unloads, 503 rejections) and current state (pending, queued and
    /// running requests, the model being loaded), as an immutable snapshot. A benchmark reads
    /// <see cref="SchedulerStatistics.ModelLoads"/> to count the loads a workload caused.
    /// </summary>
    public SchedulerStatistics Statistics => _scheduler.Statistics;

    /// <summary>What <c>/api/version</c> reports.</summary>
    public string Version { get; set; }

    /// <summary>
    /// Whether a user is signed in: <c>/api/me</c> works, <c>/api/signout</c> succeeds once, and <c>/api/push</c> is not
    /// refused by the registry (<c>unauthorized: access denied</c> inside its stream).
    /// </summary>
    public bool SignedIn
    {
        get => _signedIn;
        set => _signedIn = value;
    }

    internal OllamaTestServerOptions Options => _options;

    internal Scheduler Scheduler => _scheduler;

    /// <summary>The digests of the layers <c>/api/create</c> made (so a second create reports "using existing layer").</summary>
    internal ConcurrentDictionary<string, byte> CreatedLayers { get; } = new(StringComparer.Ordinal);

    internal CancellationToken Stopping => _stopping.Token;

    /// <summary>Starts a server, by default on a free loopback port.</summary>
    /// <param name="options">Settings; null for an empty server that echoes prompts.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The running server.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public static async Task<OllamaTestServer> StartAsync(OllamaTestServerOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new OllamaTestServerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ProgressSteps, 1, nameof(options.ProgressSteps));
        ArgumentOutOfRangeException.ThrowIfNegative(options.Port, nameof(options.Port));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ChunkDelay, TimeSpan.Zero, nameof(options.ChunkDelay));
        ArgumentNullException.ThrowIfNull(options.Version, nameof(options.Version));
        ArgumentNullException.ThrowIfNull(options.TimeProvider, nameof(options.TimeProvider));
        ArgumentNullException.ThrowIfNull(options.ListenAddress, nameof(options.ListenAddress));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ModelLoadTime, TimeSpan.Zero, nameof(options.ModelLoadTime));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxLoadedModels, nameof(options.MaxLoadedModels));
        ArgumentOutOfRangeException.ThrowIfNegative(options.NumParallel, nameof(options.NumParallel));
        ArgumentOutOfRangeException.ThrowIfNegative(options.MaxQueue, nameof(options.MaxQueue));
        if (!double.IsFinite(options.TokensPerSecond) || options.TokensPerSecond < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options.TokensPerSecond), options.TokensPerSecond, "The token rate must be zero (unlimited) or a positive number.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.DefaultContextLength, 1, nameof(options.DefaultContextLength));
        var cors = Cors.Create(options.AllowedOrigins);

        OllamaTestServer? server = null;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = null;
            k.Limits.MinRequestBodyDataRate = null;
            k.Limits.MinResponseDataRate = null;
            k.Listen(options.ListenAddress, options.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.Use(next => async connection =>
                {
                    server!.OnConnectionOpened();
                    var transport = new CuttableTransport(connection.Transport);
                    connection.Transport = transport;
                    server._transports[connection.ConnectionId] = transport;
                    try
                    {
                        await next(connection).ConfigureAwait(false);
                    }
                    finally
                    {
                        server._transports.TryRemove(connection.ConnectionId, out _);
                        await transport.DisposeAsync().ConfigureAwait(false);
                        server.OnConnectionClosed();
                    }
                });
            });
        });

        var app = builder.Build();
        server = new OllamaTestServer(app, options, cors);
        options.ConfigurePipeline?.Invoke(app, server);
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var address = app.Services.GetService(typeof(IServer)) is IServer s
            ? s.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            : null;
        server.Endpoint = new Uri((address ?? throw new InvalidOperationException("Kestrel reported no address.")).TrimEnd('/') + "/");
        return server;
    }

    /// <summary>Waits until the server has received at least <paramref name="count"/> requests in total.</summary>
    /// <param name="count">The total number of requests to wait for.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The requests received (at least <paramref name="count"/>).</returns>
    public Task<IReadOnlyList<RecordedRequest>> WaitForRequestsAsync(int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_lock)
        {
            if (_requests.Count >= count)
            {
                return Task.FromResult<IReadOnlyList<RecordedRequest>>(_requests);
            }

            var tcs = new TaskCompletionSource<IReadOnlyList<RecordedRequest>>(TaskCreationOptions.RunContinuationsAsynchronously);
            _requestWaiters.Add((count, tcs));
            return tcs.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Waits until exactly <paramref name="count"/> client connections are open (e.g. 0 in a leak test).</summary>
    /// <param name="count">The number of open connections to wait for.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the count is reached.</returns>
    public Task WaitForOpenConnectionsAsync(int count, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_lock)
        {
            if (_openConnections == count)
            {
                return Task.CompletedTask;
            }

            var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _connectionWaiters.Add((count, tcs));
            return tcs.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Waits until the scheduler reaches a state, for example until a model is being loaded before a test advances
    /// <see cref="OllamaTestServerOptions.TimeProvider"/>, or until a number of requests wait for a slot.
    /// </summary>
    /// <param name="condition">The state to wait for; called under the scheduler's lock, so keep it a quick test.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The first snapshot that satisfies <paramref name="condition"/>.</returns>
    /// <example>
    /// <code>
    /// var reply = http.PostAsync("/api/generate", body);          // starts a load that takes ModelLoadTime
    /// await server.WaitForStatisticsAsync(s => s.LoadingModel is not null);
    /// time.Advance(TimeSpan.FromSeconds(10));                      // a FakeTimeProvider: the load completes
    /// </code>
    /// </example>
    public Task<SchedulerStatistics> WaitForStatisticsAsync(Func<SchedulerStatistics, bool> condition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return _scheduler.WaitForAsync(condition, cancellationToken);
    }

    /// <summary>Stops the server, ending any hanging responses and closing connections.</summary>
    /// <returns>A task that completes when the server has stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await _app.StopAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Connections that did not close in time were aborted.
            }
        }

        await _app.DisposeAsync().ConfigureAwait(false);
        _scheduler.Dispose();
        _stopping.Dispose();
    }

    /// <summary>Returns the endpoint.</summary>
    /// <returns><see cref="Endpoint"/> as text.</returns>
    public override string ToString() => Endpoint?.ToString() ?? "(not started)";

    private void OnConnectionOpened()
    {
        Interlocked.Increment(ref _totalConnections);
        ConnectionCountChanged(Interlocked.Increment(ref _openConnections));
    }

    private void OnConnectionClosed() => ConnectionCountChanged(Interlocked.Decrement(ref _openConnections));

    private void ConnectionCountChanged(int _)
    {
        List<TaskCompletionSource>? ready = null;
        lock (_lock)
        {
            var now = _openConnections;
            for (var i = _connectionWaiters.Count - 1; i >= 0; i--)
            {
                if (_connectionWaiters[i].Count == now)
                {
                    (ready ??= []).Add(_connectionWaiters[i].Tcs);
                    _connectionWaiters.RemoveAt(i);
                }
            }
        }

        ready?.ForEach(t => t.TrySetResult());
    }

    private RecordedRequest Record(HttpContext context, byte[] body)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var h in context.Request.Headers)
        {
            headers[h.Key] = h.Value.ToString();
        }

        RecordedRequest record;
        List<TaskCompletionSource<IReadOnlyList<RecordedRequest>>>? ready = null;
        ImmutableList<RecordedRequest> snapshot;
        lock (_lock)
        {
            record = new RecordedRequest(
                _requests.Count, context.Request.Method, context.Request.Path.Value ?? "/",
                context.Request.QueryString.Value ?? string.Empty, new ReadOnlyDictionary<string, string>(headers), body,
                DateTimeOffset.UtcNow);
            snapshot = _requests = _requests.Add(record);
            for (var i = _requestWaiters.Count - 1; i >= 0; i--)
            {
                if (_requestWaiters[i].Count <= snapshot.Count)
                {
                    (ready ??= []).Add(_requestWaiters[i].Tcs);
                    _requestWaiters.RemoveAt(i);
                }
            }
        }

        ready?.ForEach(t => t.TrySetResult(snapshot));
        return record;
    }

    private async Task HandleAsync(HttpContext context)
    {
        byte[] body;
        try
        {
            body = await ReadBodyAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or Microsoft.AspNetCore.Http.BadHttpRequestException)
        {
            return;
        }

        var record = Record(context, body);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        using var abortRegistration = context.RequestAborted.Register(static r => ((RecordedRequest)r!).OnRequestAborted(), record);
        Func<Task>? cut = _transports.TryGetValue(context.Connection.Id, out var transport) ? transport.CutAsync : null;
        var writer = new ResponseWriter(context, record, null, _options.ChunkDelay, cut, linked.Token);

        // Ollama's middleware, before any route: CORS, then the Host check.
        if ((_cors.Apply(context) ?? (_checkHost ? HostCheck.Apply(context) : null)) is { } early)
        {
            await TrySendAsync(writer, early).ConfigureAwait(false);
            record.Finish(writer.SentStatus);
            return;
        }

        writer.AddFault(Faults.Take(record));
        var exchange = new Exchange(this, context, record, writer, linked.Token);
        try
        {
            if (writer.Fault is { StatusCode: { } status } fault)
            {
                await writer.SendAsync(status, fault.ContentType, fault.Body).ConfigureAwait(false);
            }
            else
            {
                await Router.DispatchAsync(exchange).ConfigureAwait(false);
            }
        }
        catch (HttpError error)
        {
            await TryFailAsync(writer, error.Status, error.Message, error.SigninUrl, error.Streamed).ConfigureAwait(false);
        }
        catch (Exception) when (linked.IsCancellationRequested || context.RequestAborted.IsCancellationRequested)
        {
            // The client went away or the server is stopping.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            await TryFailAsync(writer, 500, ex.Message, null).ConfigureAwait(false);
        }
        finally
        {
            record.Finish(writer.SentStatus);
        }
    }

    private static async Task TrySendAsync(ResponseWriter writer, int status)
    {
        try
        {
            await writer.SendAsync(status, null, ReadOnlyMemory<byte>.Empty).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            // The client went away.
        }
    }

    private static async Task TryFailAsync(ResponseWriter writer, int status, string message, string? signinUrl, bool streamed = false)
    {
        try
        {
            await writer.FailAsync(status, message, signinUrl, streamed).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            // Nothing more can be sent.
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken token)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, token).ConfigureAwait(false);
        return buffer.ToArray();
    }
}
