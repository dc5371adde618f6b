namespace Ollama.Net.Testing.Internal;

/// <summary>
/// The model scheduler, modelled on Ollama's <c>server/sched.go</c>. A request for a loaded model (with the same
/// <c>num_ctx</c> and context shift) takes it at once; any other request joins the pending queue (at most
/// <see cref="OllamaTestServerOptions.MaxQueue"/> waiting, else 503), which one loop works through in order: it reuses,
/// reloads, evicts (idle runners first, then by shortest keep-alive, then by model path) or loads, one model at a
/// time. A runner is kept while requests hold it and unloaded when its keep-alive runs out after the last one.
/// Each runner runs <see cref="OllamaTestServerOptions.NumParallel"/> generations at once (the rest wait, unbounded).
/// All time is the server's <see cref="TimeProvider"/>.
/// </summary>
internal sealed class Scheduler : IDisposable
{
    /// <summary>Go's <c>ErrMaxQueue</c>.</summary>
    public const string BusyMessage = "server busy, please try again.  maximum pending requests exceeded";

    /// <summary>Go's "forever": the largest <c>time.Duration</c> (about 292 years).</summary>
    public static readonly TimeSpan Forever = TimeSpan.FromTicks(long.MaxValue / 100);

    /// <summary>The longest due time a <see cref="TimeProvider"/> timer accepts.</summary>
    private static readonly TimeSpan s_maxTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly Lock _lock = new();
    private readonly OllamaTestServerOptions _options;
    private readonly TimeProvider _time;
    private readonly CancellationToken _stopping;
    private readonly Dictionary<string, Runner> _runners = new(StringComparer.Ordinal);
    private readonly Queue<Pending> _pending = new();
    private readonly List<(Func<SchedulerStatistics, bool> Condition, TaskCompletionSource<SchedulerStatistics> Tcs)> _waiters = [];
    private SchedulerStatistics _stats = new();
    private bool _processing;
    private long _loadOrder;

    public Scheduler(OllamaTestServerOptions options, CancellationToken stopping)
    {
        _options = options;
        _time = options.TimeProvider;
        _stopping = stopping;
    }

    public SchedulerStatistics Statistics
    {
        get
        {
            lock (_lock)
            {
                return _stats;
            }
        }
    }

    public TimeProvider Time => _time;

    /// <summary>
    /// Gets a runner for <paramref name="model"/>, loading it if needed (Go's <c>getRunner</c>). Throws the 503 busy
    /// error when the pending queue is full. Dispose the lease when the request ends.
    /// </summary>
    public Task<Lease> AcquireAsync(TestModel model, int numCtx, bool shift, TimeSpan? keepAlive, CancellationToken cancellationToken)
    {
        var pending = new Pending(model, Key(model), numCtx, shift, keepAlive, _time.GetTimestamp(), cancellationToken);
        lock (_lock)
        {
            if (_runners.TryGetValue(pending.Key, out var runner) && !NeedsReload(runner, pending))
            {
                return Task.FromResult(Use(runner, pending, loaded: false));
            }

            // Go: a buffered channel of MaxQueue; the loop holds the one it is working on.
            if (_processing && _pending.Count >= _options.MaxQueue)
            {
                Update(s => s with { RejectedRequests = s.RejectedRequests + 1 });
                throw new HttpError(503, BusyMessage);
            }

            _pending.Enqueue(pending);
            if (!_processing)
            {
                _processing = true;
                _ = Task.Run(ProcessPendingAsync, CancellationToken.None);
            }

            Update(s => s with { PendingRequests = s.PendingRequests + 1 });
        }

        return WaitForLeaseAsync(pending);
    }

    /// <summary>Unloads a model as soon as no request holds it (an empty prompt with <c>keep_alive: 0</c>).</summary>
    public void Expire(TestModel model)
    {
        lock (_lock)
        {
            if (_runners.TryGetValue(Key(model), out var runner))
            {
                runner.ExpiresAt = _time.GetUtcNow();
                Expire(runner);
            }
        }
    }

    /// <summary>What <c>/api/ps</c> lists, sorted as Go sorts it: the latest <c>expires_at</c> (to the second) first.</summary>
    public IReadOnlyList<LoadedModel> Snapshot()
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            return [.. _runners.Values
                .OrderBy(r => r.Order)
                .Select(r => new LoadedModel(r.Model, r.ExpiresAt ?? now + r.SessionDuration, r.NumCtx))
                .OrderByDescending(m => m.ExpiresAt.ToUnixTimeSeconds())];
        }
    }

    public Task<SchedulerStatistics> WaitForAsync(Func<SchedulerStatistics, bool> condition, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (condition(_stats))
            {
                return Task.FromResult(_stats);
            }

            var tcs = new TaskCompletionSource<SchedulerStatistics>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((condition, tcs));
            return tcs.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Waits until <paramref name="due"/> (a <see cref="TimeProvider"/> timestamp) on the server's clock.</summary>
    public Task DelayUntilAsync(long due, CancellationToken cancellationToken)
    {
        var remaining = _time.GetElapsedTime(_time.GetTimestamp(), due);
        return remaining > TimeSpan.Zero ? Task.Delay(remaining, _time, cancellationToken) : Task.CompletedTask;
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var runner in _runners.Values)
            {
                runner.Timer?.Dispose();
            }

            foreach (var pending in _pending)
            {
                pending.Lease.TrySetCanceled();
            }

            _pending.Clear();
            _waiters.ForEach(w => w.Tcs.TrySetCanceled());
            _waiters.Clear();
        }
    }

    /// <summary>The scheduler key: the model's weights (Go keys runners by model path), so copies share a runner.</summary>
    private static string Key(TestModel model) => model.Layers()[0].Digest;

    private static bool NeedsReload(Runner runner, Pending pending) => runner.NumCtx != pending.NumCtx || runner.Shift != pending.Shift;

    private static long Nanoseconds(TimeSpan d) => d >= Forever ? long.MaxValue : d.Ticks * 100;

    private static TimeSpan SessionDuration(TimeSpan keepAlive) => keepAlive < TimeSpan.Zero ? Forever : keepAlive;

    /// <summary>Waits for the loop to grant the lease; one granted after the request went away is given back.</summary>
    private static async Task<Lease> WaitForLeaseAsync(Pending pending)
    {
        try
        {
            return await pending.Lease.Task.WaitAsync(pending.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (pending.Token.IsCancellationRequested)
        {
            _ = pending.Lease.Task.ContinueWith(
                static t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            throw;
        }
    }

    /// <summary>Go's <c>processPending</c>: one request at a time, in order.</summary>
    private async Task ProcessPendingAsync()
    {
        while (true)
        {
            Pending next;
            lock (_lock)
            {
                if (!_pending.TryDequeue(out next!))
                {
                    _processing = false;
                    return;
                }
            }

            Lease? lease = null;
            Exception? error = null;
            try
            {
                lease = await ScheduleAsync(next).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                error = ex;
            }

            // The statistics change before the request resumes, so a client that has its answer sees them.
            lock (_lock)
            {
                Update(s => s with { PendingRequests = s.PendingRequests - 1 });
                if (lease is not null)
                {
                    next.Lease.TrySetResult(lease);
                }
                else if (error is OperationCanceledException)
                {
                    next.Lease.TrySetCanceled();
                }
                else
                {
                    next.Lease.TrySetException(error!);
                }
            }
        }
    }

    private async Task<Lease> ScheduleAsync(Pending pending)
    {
        while (!pending.Token.IsCancellationRequested)
        {
            Runner? victim;
            lock (_lock)
            {
                if (_runners.TryGetValue(pending.Key, out var runner))
                {
                    if (!NeedsReload(runner, pending))
                    {
                        return Use(runner, pending, loaded: false);
                    }

                    victim = runner;
                }
                else if (_options.MaxLoadedModels > 0 && _runners.Count >= _options.MaxLoadedModels)
                {
                    victim = FindRunnerToUnload();
                }
                else
                {
                    break;
                }

                // Go resets the victim to expire immediately and waits for its unload.
                Expire(victim);
            }

            await victim.Unloaded.Task.WaitAsync(_stopping).ConfigureAwait(false);
        }

        return await LoadAsync(pending).ConfigureAwait(false);
    }

    private async Task<Lease> LoadAsync(Pending pending)
    {
        pending.Token.ThrowIfCancellationRequested();
        var started = _time.GetTimestamp();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(pending.Token, _stopping);
        var loading = DelayUntilAsync(started + (long)(_options.ModelLoadTime.TotalSeconds * _time.TimestampFrequency), linked.Token);
        lock (_lock)
        {
            Update(s => s with { ModelLoads = s.ModelLoads + 1, LoadingModel = pending.Model.Name });
        }

        try
        {
            await loading.ConfigureAwait(false);
        }
        finally
        {
            lock (_lock)
            {
                Update(s => s with { LoadingModel = null });
            }
        }

        lock (_lock)
        {
            var parallel = _options.NumParallel <= 0 ? 0 : pending.Model.Has(TestModelCapabilities.Completion) ? _options.NumParallel : 1;
            var runner = new Runner(pending.Model, pending.Key, pending.NumCtx, pending.Shift, parallel, ++_loadOrder)
            {
                SessionDuration = SessionDuration(pending.KeepAlive ?? _options.DefaultKeepAlive),
            };
            _runners[runner.Key] = runner;
            return Use(runner, pending, loaded: true);
        }
    }

    /// <summary>Go's <c>findRunnerToUnload</c>: by keep-alive (shortest first), then model path; an idle one if any.</summary>
    private Runner FindRunnerToUnload()
    {
        var list = _runners.Values
            .OrderBy(r => (ulong)Nanoseconds(r.SessionDuration))
            .ThenBy(r => r.Key, StringComparer.Ordinal)
            .ToList();
        return list.FirstOrDefault(r => r.RefCount == 0) ?? list[0];
    }

    /// <summary>Go's <c>useLoadedRunner</c>: one more request holds the runner; its keep_alive, if given, replaces the runner's.</summary>
    private Lease Use(Runner runner, Pending pending, bool loaded)
    {
        runner.RefCount++;
        StopTimer(runner);
        if (pending.KeepAlive is { } keepAlive)
        {
            runner.SessionDuration = SessionDuration(keepAlive);
        }

        Update(s => s with { ActiveRequests = s.ActiveRequests + 1 });
        return new Lease(this, runner, loaded, _time.GetElapsedTime(pending.Started));
    }

    /// <summary>Go's <c>processCompleted</c> for a finished request: unload now, or start the keep-alive timer.</summary>
    private void Release(Runner runner)
    {
        lock (_lock)
        {
            runner.RefCount--;
            Update(s => s with { ActiveRequests = s.ActiveRequests - 1 });
            if (runner.RefCount > 0 || runner.Unloaded.Task.IsCompleted)
            {
                return;
            }

            if (runner.SessionDuration <= TimeSpan.Zero)
            {
                Unload(runner);
                return;
            }

            runner.ExpiresAt = _time.GetUtcNow() + runner.SessionDuration;
            if (runner.SessionDuration <= s_maxTimer)
            {
                var expiry = new Expiry(runner);
                runner.Expiry = expiry;
                runner.Timer = _time.CreateTimer(OnExpired, expiry, runner.SessionDuration, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void OnExpired(object? state)
    {
        var expiry = (Expiry)state!;
        lock (_lock)
        {
            // A timer that was replaced or stopped may still fire once; only the current one unloads.
            if (expiry.Runner.Expiry == expiry && expiry.Runner.RefCount <= 0)
            {
                Unload(expiry.Runner);
            }
        }
    }

    /// <summary>Sets a runner to expire now: unloaded at once when idle, else when its last request ends.</summary>
    private void Expire(Runner runner)
    {
        StopTimer(runner);
        runner.SessionDuration = TimeSpan.Zero;
        if (runner.RefCount <= 0)
        {
            Unload(runner);
        }
    }

    private static void StopTimer(Runner runner)
    {
        runner.Timer?.Dispose();
        runner.Timer = null;
        runner.Expiry = null;
    }

    private void Unload(Runner runner)
    {
        StopTimer(runner);
        if (_runners.TryGetValue(runner.Key, out var current) && current == runner)
        {
            _runners.Remove(runner.Key);
        }

        if (runner.Unloaded.TrySetResult())
        {
            Update(s => s with { ModelUnloads = s.ModelUnloads + 1 });
        }
    }

    /// <summary>Changes the statistics (under the lock) and completes the waiters whose condition now holds.</summary>
    private void Update(Func<SchedulerStatistics, SchedulerStatistics> change)
    {
        _stats = change(_stats) with { LoadedModels = _runners.Count };
        for (var i = _waiters.Count - 1; i >= 0; i--)
        {
            if (_waiters[i].Condition(_stats))
            {
                _waiters[i].Tcs.TrySetResult(_stats);
                _waiters.RemoveAt(i);
            }
        }
    }

    internal sealed record Expiry(Runner Runner);

    public sealed record LoadedModel(TestModel Model, DateTimeOffset ExpiresAt, int ContextLength);

    private sealed record Pending(
        TestModel Model, string Key, int NumCtx, bool Shift, TimeSpan? KeepAlive, long Started, CancellationToken Token)
    {
        public TaskCompletionSource<Lease> Lease { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>A loaded model (Go's <c>runnerRef</c>).</summary>
    internal sealed class Runner(TestModel model, string key, int numCtx, bool shift, int parallel, long order)
    {
        public TestModel Model { get; } = model;

        public string Key { get; } = key;

        public int NumCtx { get; } = numCtx;

        public bool Shift { get; } = shift;

        public long Order { get; } = order;

        /// <summary>The runner's parallel slots (Go: the runner's semaphore); null when unlimited.</summary>
        public SemaphoreSlim? Slots { get; } = parallel > 0 ? new SemaphoreSlim(parallel, parallel) : null;

        public int RefCount { get; set; }

        public TimeSpan SessionDuration { get; set; }

        /// <summary>Set when the runner goes idle (or is expired); until then <c>/api/ps</c> shows now + keep-alive.</summary>
        public DateTimeOffset? ExpiresAt { get; set; }

        public ITimer? Timer { get; set; }

        public Expiry? Expiry { get; set; }

        public TaskCompletionSource Unloaded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>One request's hold on a runner, and its generation slot.</summary>
    internal sealed class Lease : IDisposable
    {
        private readonly Scheduler _scheduler;
        private readonly Runner _runner;
        private int _state; // 0 holding the runner, 1 holding a slot too, 2 released

        public Lease(Scheduler scheduler, Runner runner, bool loaded, TimeSpan waited)
        {
            _scheduler = scheduler;
            _runner = runner;
            Loaded = loaded;
            Waited = waited;
        }

        /// <summary>Whether this request loaded the model (a cold start).</summary>
        public bool Loaded { get; }

        /// <summary>How long the request waited for its runner (queue, eviction and load time) on the server's clock.</summary>
        public TimeSpan Waited { get; }

        /// <summary>When generation started (after the slot was free), as a <see cref="TimeProvider"/> timestamp.</summary>
        public long GenerationStarted { get; private set; }

        /// <summary>Waits for one of the runner's parallel slots (Go: the runner's semaphore in Completion).</summary>
        public async Task StartGenerationAsync(CancellationToken cancellationToken)
        {
            if (_runner.Slots is { } slots)
            {
                lock (_scheduler._lock)
                {
                    _scheduler.Update(s => s with { QueuedRequests = s.QueuedRequests + 1 });
                }

                try
                {
                    await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    lock (_scheduler._lock)
                    {
                        _scheduler.Update(s => s with { QueuedRequests = s.QueuedRequests - 1 });
                    }
                }
            }

            lock (_scheduler._lock)
            {
                if (_state != 0)
                {
                    _runner.Slots?.Release();
                    throw new ObjectDisposedException(nameof(Lease));
                }

                _state = 1;
                GenerationStarted = _scheduler._time.GetTimestamp();
                _scheduler.Update(s => s with { RunningRequests = s.RunningRequests + 1 });
            }
        }

        /// <summary>Waits until <paramref name="tokens"/> tokens are due at the configured token rate.</summary>
        public Task PaceAsync(int tokens, CancellationToken cancellationToken)
        {
            var rate = _scheduler._options.TokensPerSecond;
            return rate > 0
                ? _scheduler.DelayUntilAsync(GenerationStarted + (long)(tokens / rate * _scheduler._time.TimestampFrequency), cancellationToken)
                : Task.CompletedTask;
        }

        /// <summary>Releases the slot and the runner (idempotent). Called before the last write, so a client that has
        /// the whole response sees the scheduler's state after the request.</summary>
        public void Dispose()
        {
            int previous;
            lock (_scheduler._lock)
            {
                previous = _state;
                _state = 2;
                if (previous == 1)
                {
                    _runner.Slots?.Release();
                    _scheduler.Update(s => s with { RunningRequests = s.RunningRequests - 1 });
                }
            }

            if (previous != 2)
            {
                _scheduler.Release(_runner);
            }
        }
    }
}
