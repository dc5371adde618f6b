using System.Runtime.CompilerServices;

namespace Ollama.Net;

// Choosing a server, and sending a call there with failover.
public partial class OllamaRouter
{
    /// <summary>
    /// Sends a call for a model to the best server, and to the next one when a server fails before answering. The server
    /// is held (its slot and its in-flight count) until the call ends.
    /// </summary>
    /// <remarks>A call that does not load the model (show) is routed by it but does not count as using it.</remarks>
    private async Task<T> RouteAsync<T>(
        string? model, Func<OllamaClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken, bool loadsModel = true)
    {
        var (server, result) = await SendAsync(
            model, static (client, call, token) => new ValueTask<T>(call(client, token)), call, loadsModel, cancellationToken).ConfigureAwait(false);
        Release(server, loadsModel ? KeyOf(model) : null, succeeded: true);
        return result;
    }

    /// <summary>
    /// Streams from the best server. Failover happens only until the first chunk: once a chunk was yielded, an error
    /// is thrown to the caller as on a single server.
    /// </summary>
    private async IAsyncEnumerable<T> RouteStreamAsync<T>(
        string model, Func<OllamaClient, CancellationToken, IAsyncEnumerable<T>> call, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (server, stream) = await SendAsync(model, static (client, call, token) => OpenAsync(call(client, token), token), call, loadsModel: true, cancellationToken).ConfigureAwait(false);
        var succeeded = false;
        try
        {
            if (stream is null)
            {
                succeeded = true;
                yield break;
            }

            yield return stream.Current;
            while (await stream.MoveNextAsync().ConfigureAwait(false))
            {
                yield return stream.Current;
            }

            succeeded = true;
        }
        finally
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }

            Release(server, KeyOf(model), succeeded);
        }
    }

    /// <summary>Starts a stream and reads its first chunk (null when it has none).</summary>
    private static async ValueTask<IAsyncEnumerator<T>?> OpenAsync<T>(IAsyncEnumerable<T> stream, CancellationToken cancellationToken)
    {
        var enumerator = stream.GetAsyncEnumerator(cancellationToken);
        try
        {
            if (await enumerator.MoveNextAsync().ConfigureAwait(false))
            {
                return enumerator;
            }
        }
        catch
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await enumerator.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    /// <summary>
    /// The one send path of routed calls: picks a server, waits for one of its slots, runs the attempt through its
    /// circuit breaker, and on a failure before the answer tries the next server. On success the server is still held:
    /// the caller releases it. A missing model is pulled first when <see cref="OllamaRouterOptions.PullMissingModels"/>
    /// is on.
    /// </summary>
    private async Task<(OllamaServer Server, T Result)> SendAsync<T, TState>(
        string? model, Func<OllamaClient, TState, CancellationToken, ValueTask<T>> attempt, TState state, bool loadsModel, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _firstRefresh.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        var key = KeyOf(model);
        var used = loadsModel ? key : null;
        List<OllamaServer>? tried = null;
        List<(OllamaServer, Exception)>? failures = null;
        var pulled = false;
        while (true)
        {
            var server = Acquire(key, used, tried);
            if (server is null)
            {
                if (failures is [(_, OllamaException only)])
                {
                    // One server was tried: its own error (status, server text, type) is the clearest.
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(only);
                }

                throw OllamaRoutingException.Create(NoServerMessage(model, failures), failures ?? []);
            }

            var held = false;
            try
            {
                await server.Limiter.WaitAsync(cancellationToken).ConfigureAwait(false);
                held = true;
                var result = await server.Pipeline.ExecuteAsync(
                    static (s, token) => s.attempt(s.client, s.state, token), (attempt, client: server.Client, state), cancellationToken).ConfigureAwait(false);
                return (server, result);
            }
            catch (Exception ex) when (CanTryElsewhere(ex))
            {
                Release(server, used, succeeded: false, held);
                RouterLog.Failover(_logger, ex, Internal.UriDisplay.Format(server.Endpoint), model ?? "(none)");
                (tried ??= []).Add(server);
                (failures ??= []).Add((server, ex));
            }
            catch (OllamaModelNotFoundException ex) when (key is not null && OthersHave(key, server, tried))
            {
                // The router's picture was out of date: another server has the model.
                Release(server, used, succeeded: false, held);
                lock (_gate)
                {
                    server.Forget(key);
                }

                (tried ??= []).Add(server);
                (failures ??= []).Add((server, ex));
            }
            catch (OllamaModelNotFoundException) when (key is not null && _pullMissingModels && !pulled)
            {
                Release(server, used, succeeded: false, held);
                pulled = true;
                await PullMissingAsync(server, model!, cancellationToken).ConfigureAwait(false);
                lock (_gate)
                {
                    server.MarkInstalled(key);
                }
            }
            catch
            {
                Release(server, used, succeeded: false, held);
                throw;
            }
        }
    }

    private static string? KeyOf(string? model) => model is null ? null : ModelKey(model);

    private static string NoServerMessage(string? model, List<(OllamaServer, Exception)>? failures)
        => failures is null
            ? "No Ollama server is available: every server is cooling down after failures. They are probed with GET / and come back when they answer."
            : $"The call{(model is null ? "" : $" for model {model}")} failed on every available Ollama server.";

    /// <summary>
    /// Picks the server for a model and counts the call on it: loaded there, else installed there, else any; among equals
    /// the fewest calls in flight (ties in turn). When the pick has no free slot but another server that has the model
    /// is idle, the idle one takes the call.
    /// </summary>
    private OllamaServer? Acquire(string? key, string? used, List<OllamaServer>? tried)
    {
        lock (_gate)
        {
            OllamaServer? best = null;
            var bestTier = int.MaxValue;
            var start = _rotation++ & int.MaxValue;
            for (var i = 0; i < _servers.Length; i++)
            {
                var server = _servers[(start + i) % _servers.Length];
                if (!server.IsAvailable || tried?.Contains(server) == true)
                {
                    continue;
                }

                var tier = Tier(server, key);
                if (best is null || tier < bestTier || (tier == bestTier && server.InFlight < best.InFlight))
                {
                    best = server;
                    bestTier = tier;
                }
            }

            if (best is not null && best.InFlight >= best.MaxConcurrentRequests)
            {
                foreach (var server in _servers)
                {
                    if (server.InFlight == 0 && server.IsAvailable && tried?.Contains(server) != true && Tier(server, key) <= 1)
                    {
                        best = server;
                        break;
                    }
                }
            }

            best?.Begin(used);
            return best;
        }
    }

    /// <summary>0: the model is loaded (or loading) there; 1: installed; 2: neither. Under the lock.</summary>
    private static int Tier(OllamaServer server, string? key)
        => key is null || server.IsLoaded(key) ? 0 : server.Has(key) ? 1 : 2;

    private bool OthersHave(string key, OllamaServer server, List<OllamaServer>? tried)
    {
        lock (_gate)
        {
            return _servers.Any(s => s != server && s.IsAvailable && tried?.Contains(s) != true && s.Has(key));
        }
    }

    /// <summary>Ends a call on a server: frees its slot and counts it out; a call that loaded a model refreshes that server's ps.</summary>
    private void Release(OllamaServer server, string? key, bool succeeded, bool held = true)
    {
        if (held)
        {
            server.Limiter.Release();
        }

        bool loaded;
        lock (_gate)
        {
            loaded = key is null || server.WasLoaded(key);
            server.End(key, succeeded);
        }

        if (succeeded && !loaded && !_disposed)
        {
            // This call made the server load a model, which may have unloaded another: read the truth now.
            _ = RefreshLoadedQuietlyAsync(server);
        }
    }

    private async Task RefreshLoadedQuietlyAsync(OllamaServer server)
    {
        try
        {
            await RefreshLoadedAsync(server, _stop.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            RouterLog.RefreshFailed(_logger, ex, Internal.UriDisplay.Format(server.Endpoint));
        }
    }

    private async Task PullMissingAsync(OllamaServer server, string model, CancellationToken cancellationToken)
    {
        var endpoint = Internal.UriDisplay.Format(server.Endpoint);
        var progress = new InlineProgress<ModelTransferProgress>(p =>
        {
            RouterLog.Pulling(_logger, endpoint, model, p);
            ModelPulling?.Invoke(this, new ModelPullingEventArgs(server, model, p));
        });
        await server.Client.PullModelAsync(model, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An <see cref="IProgress{T}"/> that reports on the calling thread.</summary>
    private sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
