namespace Ollama.Net.Testing;

/// <summary>
/// A snapshot of an <see cref="OllamaTestServer"/>'s model scheduler: counters since the server started and what is
/// happening right now. Read it from <see cref="OllamaTestServer.Statistics"/>, or wait for a state with
/// <see cref="OllamaTestServer.WaitForStatisticsAsync"/>.
/// </summary>
/// <remarks>
/// A request for a model that is loaded (with the same <c>num_ctx</c> and <c>shift</c>) holds it at once; any other
/// request is pending until the scheduler has loaded, reloaded or made room for its model. A request that holds a
/// model then waits for one of its <see cref="OllamaTestServerOptions.NumParallel"/> slots to generate.
/// </remarks>
public sealed record SchedulerStatistics
{
    /// <summary>Model loads started since the server started (each cold start, reload and load after an eviction).</summary>
    public int ModelLoads { get; init; }

    /// <summary>Models unloaded since the server started (keep-alive expiry, <c>keep_alive: 0</c>, eviction, reload).</summary>
    public int ModelUnloads { get; init; }

    /// <summary>Requests refused with 503 <c>server busy</c> because <see cref="OllamaTestServerOptions.MaxQueue"/> were pending.</summary>
    public int RejectedRequests { get; init; }

    /// <summary>The number of models loaded now (what <c>/api/ps</c> lists).</summary>
    public int LoadedModels { get; init; }

    /// <summary>The model being loaded now, or null.</summary>
    public string? LoadingModel { get; init; }

    /// <summary>Requests waiting for the scheduler now (for a load, a reload or an eviction), including the one it works on.</summary>
    public int PendingRequests { get; init; }

    /// <summary>Requests holding a loaded model now (whether waiting for a slot, generating or answering a load).</summary>
    public int ActiveRequests { get; init; }

    /// <summary>Requests holding a model and waiting for one of its parallel slots now.</summary>
    public int QueuedRequests { get; init; }

    /// <summary>Requests generating now (holding a parallel slot).</summary>
    public int RunningRequests { get; init; }
}
