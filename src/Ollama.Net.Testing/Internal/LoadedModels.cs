namespace Ollama.Net.Testing.Internal;

/// <summary>The models "loaded in memory" that <c>/api/ps</c> lists.</summary>
internal sealed class LoadedModels
{
    /// <summary>Go's "forever": now plus the largest <c>time.Duration</c> (about 292 years).</summary>
    private static readonly TimeSpan s_forever = TimeSpan.FromTicks(long.MaxValue / 100);

    private static readonly TimeSpan s_defaultKeepAlive = TimeSpan.FromMinutes(5);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public sealed record Entry(TestModel Model, DateTimeOffset ExpiresAt, int ContextLength);

    /// <summary>Marks a model as loaded; returns whether it was loaded already (warm).</summary>
    public bool Touch(TestModel model, TimeSpan? keepAlive, int contextLength)
    {
        var now = DateTimeOffset.Now;
        var ttl = keepAlive ?? s_defaultKeepAlive;
        var expires = ttl < TimeSpan.Zero ? now + s_forever : now + ttl;
        var key = model.Name.ToLowerInvariant();
        lock (_lock)
        {
            var warm = _entries.TryGetValue(key, out var old) && old.ExpiresAt > now;
            _entries[key] = new Entry(model, expires, contextLength);
            return warm;
        }
    }

    public void Unload(string name)
    {
        lock (_lock)
        {
            _entries.Remove(name.ToLowerInvariant());
        }
    }

    public IReadOnlyList<Entry> Snapshot()
    {
        var now = DateTimeOffset.Now;
        lock (_lock)
        {
            foreach (var key in _entries.Where(e => e.Value.ExpiresAt <= now).Select(e => e.Key).ToList())
            {
                _entries.Remove(key);
            }

            return [.. _entries.Values.OrderByDescending(e => e.ExpiresAt)];
        }
    }

    public IReadOnlyList<string> Names() => [.. Snapshot().Select(e => e.Model.Name)];
}
