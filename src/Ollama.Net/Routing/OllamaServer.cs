using Polly;
using Polly.CircuitBreaker;

namespace Ollama.Net;

/// <summary>
/// One server behind an <see cref="OllamaRouter"/>: its client (for calls that name a server, such as push and blob
/// uploads), its health and what the router knows it holds. The state is a snapshot, refreshed in the background.
/// </summary>
public sealed class OllamaServer
{
    private readonly CircuitBreakerStateProvider _circuit;

    // Guarded by the router's lock.
    private readonly Dictionary<string, int> _active = new(StringComparer.Ordinal);
    private HashSet<string> _loaded = new(StringComparer.Ordinal);
    private HashSet<string> _installed = new(StringComparer.Ordinal);

    internal OllamaServer(int index, OllamaServerOptions options, OllamaClient client, ResiliencePipeline pipeline, CircuitBreakerStateProvider circuit, object gate)
    {
        Gate = gate;
        Index = index;
        Endpoint = options.Endpoint!;
        MaxConcurrentRequests = options.MaxConcurrentRequests;
        Client = client;
        Pipeline = pipeline;
        _circuit = circuit;
        Limiter = new SemaphoreSlim(options.MaxConcurrentRequests, options.MaxConcurrentRequests);
    }

    /// <summary>The server's base address.</summary>
    public Uri Endpoint { get; }

    /// <summary>
    /// The client for this server alone: for push and blob calls, and anything that must reach this server. It shares
    /// the router's settings; the router disposes it.
    /// </summary>
    public OllamaClient Client { get; }

    /// <summary>How many calls the router sends to this server at once; more wait in the router's queue.</summary>
    public int MaxConcurrentRequests { get; }

    /// <summary>
    /// True when the server takes calls; false while it cools down after failures (its circuit breaker is open) until a
    /// probe with <c>GET /</c> succeeds.
    /// </summary>
    public bool IsAvailable => _circuit.CircuitState == CircuitState.Closed;

    /// <summary>The calls routed to this server that have not finished (running or waiting for a slot).</summary>
    public int InFlight { get; internal set; }

    /// <summary>
    /// The models the router believes are loaded (from <c>/api/ps</c> and its own traffic), as full names
    /// (<c>name:tag</c>, lower case).
    /// </summary>
    public IReadOnlyCollection<string> LoadedModels
    {
        get
        {
            lock (Gate)
            {
                return [.. _loaded.Union(_active.Keys)];
            }
        }
    }

    /// <summary>The models installed on the server (from <c>/api/tags</c> and its own traffic), as full names, lower case.</summary>
    public IReadOnlyCollection<string> Models
    {
        get
        {
            lock (Gate)
            {
                return [.. _installed];
            }
        }
    }

    internal int Index { get; }

    internal ResiliencePipeline Pipeline { get; }

    internal SemaphoreSlim Limiter { get; }

    /// <summary>The router's lock, which guards the model sets and counters.</summary>
    internal object Gate { get; }

    /// <summary>Whether the model is loaded or being loaded (a call for it is in flight). Under the lock.</summary>
    internal bool IsLoaded(string key) => _loaded.Contains(key) || _active.ContainsKey(key);

    /// <summary>Whether the model was loaded before the calls in flight (ps or an earlier call said so). Under the lock.</summary>
    internal bool WasLoaded(string key) => _loaded.Contains(key);

    /// <summary>The model was just pulled. Under the lock.</summary>
    internal void MarkInstalled(string key) => _installed.Add(key);

    /// <summary>Whether the model is installed. Under the lock.</summary>
    internal bool Has(string key) => _installed.Contains(key);

    /// <summary>A call for the model starts. Under the lock.</summary>
    internal void Begin(string? key)
    {
        InFlight++;
        if (key is not null)
        {
            _active[key] = _active.GetValueOrDefault(key) + 1;
        }
    }

    /// <summary>A call for the model ended; when it succeeded, the model is installed and loaded. Under the lock.</summary>
    internal void End(string? key, bool succeeded)
    {
        InFlight--;
        if (key is null)
        {
            return;
        }

        if (_active.TryGetValue(key, out var count) && count > 1)
        {
            _active[key] = count - 1;
        }
        else
        {
            _active.Remove(key);
        }

        if (succeeded)
        {
            _loaded.Add(key);
            _installed.Add(key);
        }
    }

    /// <summary>The server said it does not have the model. Under the lock.</summary>
    internal void Forget(string key)
    {
        _loaded.Remove(key);
        _installed.Remove(key);
    }

    /// <summary>Replaces the loaded models with what <c>/api/ps</c> reported. Under the lock.</summary>
    internal void SetLoaded(IEnumerable<string> keys) => _loaded = new HashSet<string>(keys, StringComparer.Ordinal);

    /// <summary>Replaces the installed models with what <c>/api/tags</c> reported. Under the lock.</summary>
    internal void SetInstalled(IEnumerable<string> keys) => _installed = new HashSet<string>(keys, StringComparer.Ordinal);

    /// <summary>Returns the address and state.</summary>
    public override string ToString()
        => $"{Internal.UriDisplay.Format(Endpoint)} ({(IsAvailable ? "available" : "cooling down")}, {InFlight} in flight)";
}
