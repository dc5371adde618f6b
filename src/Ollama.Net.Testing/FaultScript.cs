namespace Ollama.Net.Testing;

/// <summary>
/// The faults an <see cref="OllamaTestServer"/> injects, reached through <see cref="OllamaTestServer.Faults"/>.
/// <see cref="Next(Fault)"/> faults are one-shot: each is used by the first matching request, in the order they were
/// added. <see cref="Always(Fault)"/> faults stay until their handle is disposed or <see cref="Clear"/> is called.
/// A request gets the first matching one-shot fault, else the first matching persistent one.
/// </summary>
public sealed class FaultScript
{
    private readonly Lock _lock = new();
    private readonly List<Rule> _oneShot = [];
    private readonly List<Rule> _persistent = [];

    internal FaultScript()
    {
    }

    /// <summary>The number of one-shot faults not used yet.</summary>
    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _oneShot.Count;
            }
        }
    }

    /// <summary>Applies <paramref name="fault"/> to the next request, whatever its route.</summary>
    /// <param name="fault">The fault.</param>
    /// <returns>This script, so calls can be chained.</returns>
    public FaultScript Next(Fault fault) => Next(static _ => true, fault);

    /// <summary>Applies <paramref name="fault"/> to the next request for <paramref name="path"/> (e.g. <c>/api/chat</c>).</summary>
    /// <param name="path">The exact request path (case-insensitive).</param>
    /// <param name="fault">The fault.</param>
    /// <returns>This script, so calls can be chained.</returns>
    public FaultScript Next(string path, Fault fault) => Next(PathMatch(path), fault);

    /// <summary>Applies <paramref name="fault"/> to the next request that <paramref name="match"/> accepts.</summary>
    /// <param name="match">Decides per request; it can look at the method, path, headers and body.</param>
    /// <param name="fault">The fault.</param>
    /// <returns>This script, so calls can be chained.</returns>
    public FaultScript Next(Func<RecordedRequest, bool> match, Fault fault)
    {
        ArgumentNullException.ThrowIfNull(match);
        ArgumentNullException.ThrowIfNull(fault);
        lock (_lock)
        {
            _oneShot.Add(new Rule(match, fault));
        }

        return this;
    }

    /// <summary>Applies <paramref name="fault"/> to every request until the returned handle is disposed.</summary>
    /// <param name="fault">The fault.</param>
    /// <returns>A handle; dispose it to remove the fault.</returns>
    public IDisposable Always(Fault fault) => Always(static _ => true, fault);

    /// <summary>Applies <paramref name="fault"/> to every request for <paramref name="path"/> until the handle is disposed.</summary>
    /// <param name="path">The exact request path (case-insensitive).</param>
    /// <param name="fault">The fault.</param>
    /// <returns>A handle; dispose it to remove the fault.</returns>
    public IDisposable Always(string path, Fault fault) => Always(PathMatch(path), fault);

    /// <summary>Applies <paramref name="fault"/> to every request <paramref name="match"/> accepts until the handle is disposed.</summary>
    /// <param name="match">Decides per request.</param>
    /// <param name="fault">The fault.</param>
    /// <returns>A handle; dispose it to remove the fault.</returns>
    public IDisposable Always(Func<RecordedRequest, bool> match, Fault fault)
    {
        ArgumentNullException.ThrowIfNull(match);
        ArgumentNullException.ThrowIfNull(fault);
        var rule = new Rule(match, fault);
        lock (_lock)
        {
            _persistent.Add(rule);
        }

        return new Handle(this, rule);
    }

    /// <summary>Removes every fault, one-shot and persistent.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _oneShot.Clear();
            _persistent.Clear();
        }
    }

    internal Fault? Take(RecordedRequest request)
    {
        lock (_lock)
        {
            for (var i = 0; i < _oneShot.Count; i++)
            {
                if (_oneShot[i].Match(request))
                {
                    var f = _oneShot[i].Fault;
                    _oneShot.RemoveAt(i);
                    return f;
                }
            }

            foreach (var rule in _persistent)
            {
                if (rule.Match(request))
                {
                    return rule.Fault;
                }
            }
        }

        return null;
    }

    private static Func<RecordedRequest, bool> PathMatch(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return r => string.Equals(r.Path, path, StringComparison.OrdinalIgnoreCase);
    }

    private sealed record Rule(Func<RecordedRequest, bool> Match, Fault Fault);

    private sealed class Handle(FaultScript owner, Rule rule) : IDisposable
    {
        public void Dispose()
        {
            lock (owner._lock)
            {
                owner._persistent.Remove(rule);
            }
        }
    }
}
