using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Ollama.Net;

// Calls about the servers rather than one model: unions, any server, every server, one named server.
public partial class OllamaRouter
{
    private const string OneServerOnly =
        "Push and blob calls go to one server: call them on router.Servers[i].Client (for example router.Servers[0].Client.{0}).";

    /// <summary>
    /// Lists the models installed on the available servers: the union by name (the first server's entry when several
    /// have one). Which server has what is then in each <see cref="OllamaServer.Models"/> of <see cref="Servers"/>.
    /// </summary>
    /// <inheritdoc/>
    public override async Task<ListModelsResult> ListModelsAsync(CancellationToken cancellationToken = default)
    {
        var lists = await OnAvailableServersAsync("Listing models", (client, token) => client.ListModelsAsync(token), cancellationToken).ConfigureAwait(false);
        var union = new ListModelsResult();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (server, list) in lists)
        {
            lock (_gate)
            {
                server.SetInstalled(list.Models.Select(m => ModelKey(m.Name)));
            }

            foreach (var model in list.Models.Where(m => seen.Add(ModelKey(m.Name))))
            {
                union.Models.Add(model);
            }
        }

        return union;
    }

    /// <summary>
    /// Lists the models loaded on the available servers (a model loaded on two servers is listed twice). Which server
    /// has what loaded is then in each <see cref="OllamaServer.LoadedModels"/> of <see cref="Servers"/>.
    /// </summary>
    /// <inheritdoc/>
    public override async Task<ListRunningModelsResult> ListRunningModelsAsync(CancellationToken cancellationToken = default)
    {
        var lists = await OnAvailableServersAsync("Listing running models", (client, token) => client.ListRunningModelsAsync(token), cancellationToken).ConfigureAwait(false);
        var union = new ListRunningModelsResult();
        foreach (var (server, list) in lists)
        {
            lock (_gate)
            {
                server.SetLoaded(list.Models.Select(m => ModelKey(m.Name)));
            }

            foreach (var model in list.Models)
            {
                union.Models.Add(model);
            }
        }

        return union;
    }

    /// <summary>True when any server answers <c>GET /</c>.</summary>
    /// <inheritdoc/>
    public override async Task<bool> IsRunningAsync(CancellationToken cancellationToken = default)
    {
        var answers = await Task.WhenAll(_servers.Select(s => s.Client.IsRunningAsync(cancellationToken))).ConfigureAwait(false);
        return answers.Any(a => a);
    }

    /// <summary>Asks any available server.</summary>
    /// <inheritdoc/>
    public override Task<ServerVersion> GetVersionAsync(CancellationToken cancellationToken = default)
        => RouteAsync(null, (client, token) => client.GetVersionAsync(token), cancellationToken);

    /// <summary>Asks any available server.</summary>
    /// <inheritdoc/>
    public override Task<ServerStatus> GetStatusAsync(CancellationToken cancellationToken = default)
        => RouteAsync(null, (client, token) => client.GetStatusAsync(token), cancellationToken);

    /// <summary>Asks any available server.</summary>
    /// <inheritdoc/>
    public override Task<ModelRecommendationsResult> GetModelRecommendationsAsync(CancellationToken cancellationToken = default)
        => RouteAsync(null, (client, token) => client.GetModelRecommendationsAsync(token), cancellationToken);

    /// <summary>Sent through any available server.</summary>
    /// <inheritdoc/>
    public override Task<WebSearchResult> WebSearchAsync(string query, int? maxResults = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        return RouteAsync(null, (client, token) => client.WebSearchAsync(query, maxResults, token), cancellationToken);
    }

    /// <summary>Sent through any available server.</summary>
    /// <inheritdoc/>
    public override Task<WebFetchResult> WebFetchAsync(string url, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        return RouteAsync(null, (client, token) => client.WebFetchAsync(url, token), cancellationToken);
    }

    /// <summary>Asks any available server.</summary>
    /// <inheritdoc/>
    public override Task<UserAccount> GetCurrentUserAsync(CancellationToken cancellationToken = default)
        => RouteAsync(null, (client, token) => client.GetCurrentUserAsync(token), cancellationToken);

    /// <summary>Signs out on every server.</summary>
    /// <inheritdoc/>
    public override Task SignOutAsync(CancellationToken cancellationToken = default)
        => OnEveryServerAsync("Signing out", (client, token) => Done(client.SignOutAsync(token)), cancellationToken);

    /// <summary>Pulls the model on every server, reporting their combined progress.</summary>
    /// <inheritdoc/>
    public override Task<ModelTransferProgress> PullModelAsync(
        PullModelRequest request, IProgress<ModelTransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Model, nameof(request));
        return TransferOnEveryServerAsync($"Pulling {request.Model}", (client, p, token) => client.PullModelAsync(request, p, token), progress, cancellationToken);
    }

    /// <summary>Pulls the model on every server, yielding the progress lines of all of them and one <c>success</c> at the end.</summary>
    /// <inheritdoc/>
    public override IAsyncEnumerable<ProgressUpdate> PullModelStreamingAsync(PullModelRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Model, nameof(request));
        return MergeEveryServerAsync($"Pulling {request.Model}", (client, token) => client.PullModelStreamingAsync(request, token), cancellationToken);
    }

    /// <summary>Creates the model on every server, reporting their combined progress.</summary>
    /// <inheritdoc/>
    public override Task<ModelTransferProgress> CreateModelAsync(
        CreateModelRequest request, IProgress<ModelTransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Model, nameof(request));
        return TransferOnEveryServerAsync($"Creating {request.Model}", (client, p, token) => client.CreateModelAsync(request, p, token), progress, cancellationToken);
    }

    /// <summary>Creates the model on every server, yielding the progress lines of all of them and one <c>success</c> at the end.</summary>
    /// <inheritdoc/>
    public override IAsyncEnumerable<ProgressUpdate> CreateModelStreamingAsync(CreateModelRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Model, nameof(request));
        return MergeEveryServerAsync($"Creating {request.Model}", (client, token) => client.CreateModelStreamingAsync(request, token), cancellationToken);
    }

    /// <summary>Uploads the files to every server and creates the model there, reporting the combined progress.</summary>
    /// <inheritdoc/>
    public override Task<ModelTransferProgress> CreateModelFromFilesAsync(
        string model, IEnumerable<string> filePaths, IProgress<ModelTransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentNullException.ThrowIfNull(filePaths);
        var paths = filePaths.ToList();
        return TransferOnEveryServerAsync($"Creating {model}", (client, p, token) => client.CreateModelFromFilesAsync(model, paths, p, token), progress, cancellationToken);
    }

    /// <summary>Uploads the files to every server and creates the model there, reporting the combined progress.</summary>
    /// <inheritdoc/>
    public override Task<ModelTransferProgress> CreateModelFromFilesAsync(
        CreateModelRequest request,
        IDictionary<string, string> files,
        IDictionary<string, string>? adapters = null,
        IProgress<ModelTransferProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(files);
        return TransferOnEveryServerAsync(
            $"Creating {request.Model}", (client, p, token) => client.CreateModelFromFilesAsync(request, files, adapters, p, token), progress, cancellationToken);
    }

    /// <summary>Copies the model on every server.</summary>
    /// <inheritdoc/>
    public override Task CopyModelAsync(string source, string destination, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        return OnEveryServerAsync($"Copying {source} to {destination}", (client, token) => Done(client.CopyModelAsync(source, destination, token)), cancellationToken);
    }

    /// <summary>Deletes the model on every server.</summary>
    /// <inheritdoc/>
    public override Task DeleteModelAsync(string model, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        return OnEveryServerAsync($"Deleting {model}", (client, token) => Done(client.DeleteModelAsync(model, token)), cancellationToken);
    }

    /// <summary>Unloads the model on every server.</summary>
    /// <inheritdoc/>
    public override Task UnloadModelAsync(string model, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        return OnEveryServerAsync($"Unloading {model}", (client, token) => Done(client.UnloadModelAsync(model, token)), cancellationToken);
    }

    /// <summary>Not routed: a push names one server (<c>router.Servers[i].Client.PushModelAsync</c>).</summary>
    /// <inheritdoc/>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override Task<ModelTransferProgress> PushModelAsync(
        PushModelRequest request, IProgress<ModelTransferProgress>? progress = null, CancellationToken cancellationToken = default)
        => throw new NotSupportedException(string.Format(System.Globalization.CultureInfo.InvariantCulture, OneServerOnly, "PushModelAsync"));

    /// <summary>Not routed: a push names one server (<c>router.Servers[i].Client.PushModelStreamingAsync</c>).</summary>
    /// <inheritdoc/>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override IAsyncEnumerable<ProgressUpdate> PushModelStreamingAsync(PushModelRequest request, CancellationToken cancellationToken = default)
        => throw new NotSupportedException(string.Format(System.Globalization.CultureInfo.InvariantCulture, OneServerOnly, "PushModelStreamingAsync"));

    /// <summary>Not routed: a blob lives on one server (<c>router.Servers[i].Client.BlobExistsAsync</c>).</summary>
    /// <inheritdoc/>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override Task<bool> BlobExistsAsync(string digest, CancellationToken cancellationToken = default)
        => throw new NotSupportedException(string.Format(System.Globalization.CultureInfo.InvariantCulture, OneServerOnly, "BlobExistsAsync"));

    /// <summary>Not routed: a blob lives on one server (<c>router.Servers[i].Client.UploadBlobAsync</c>).</summary>
    /// <inheritdoc/>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override Task UploadBlobAsync(string digest, Stream content, CancellationToken cancellationToken = default)
        => throw new NotSupportedException(string.Format(System.Globalization.CultureInfo.InvariantCulture, OneServerOnly, "UploadBlobAsync"));

    /// <summary>Not routed: a blob lives on one server (<c>router.Servers[i].Client.UploadBlobFromFileAsync</c>).</summary>
    /// <inheritdoc/>
    /// <exception cref="NotSupportedException">Always.</exception>
    public override Task<string> UploadBlobFromFileAsync(string path, IProgress<ModelTransferProgress>? progress = null, CancellationToken cancellationToken = default)
        => throw new NotSupportedException(string.Format(System.Globalization.CultureInfo.InvariantCulture, OneServerOnly, "UploadBlobFromFileAsync"));

    private static async Task<bool> Done(Task task)
    {
        await task.ConfigureAwait(false);
        return true;
    }

    /// <summary>Runs a call on every available server (through its breaker); fails only when none answers.</summary>
    private async Task<List<(OllamaServer Server, T Result)>> OnAvailableServersAsync<T>(
        string what, Func<OllamaClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var outcomes = await RunEverywhereAsync(_servers.Where(s => s.IsAvailable).ToArray(), call, cancellationToken).ConfigureAwait(false);
        var answers = outcomes.Where(o => o.Error is null).Select(o => (o.Server, o.Result!)).ToList();
        if (answers.Count == 0)
        {
            throw OllamaRoutingException.Create(
                outcomes.Count == 0 ? NoServerMessage(null, null) : $"{what} failed on every available server.",
                [.. outcomes.Select(o => (o.Server, o.Error!))]);
        }

        return answers;
    }

    /// <summary>Runs a call on every server; throws an <see cref="OllamaRoutingException"/> naming each server that failed.</summary>
    private Task<List<T>> OnEveryServerAsync<T>(string what, Func<OllamaClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
        => OnServersAsync(_servers, what, call, cancellationToken);

    /// <summary>Runs a call on the given servers; throws an <see cref="OllamaRoutingException"/> naming each server that failed.</summary>
    private async Task<List<T>> OnServersAsync<T>(
        OllamaServer[] targets, string what, Func<OllamaClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var outcomes = await RunEverywhereAsync(targets, call, cancellationToken).ConfigureAwait(false);
        var failures = outcomes.Where(o => o.Error is not null).Select(o => (o.Server, o.Error!)).ToList();
        if (failures.Count > 0)
        {
            throw OllamaRoutingException.Create($"{what} failed on {failures.Count} of {targets.Length} server(s):", failures);
        }

        return [.. outcomes.Select(o => o.Result!)];
    }

    private static async Task<List<(OllamaServer Server, T? Result, Exception? Error)>> RunEverywhereAsync<T>(
        IReadOnlyList<OllamaServer> servers, Func<OllamaClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var outcomes = await Task.WhenAll(servers.Select(async server =>
        {
            try
            {
                var result = await server.Pipeline.ExecuteAsync(
                    static (s, token) => new ValueTask<T>(s.call(s.Client, token)), (call, server.Client), cancellationToken).ConfigureAwait(false);
                return (server, result, (Exception?)null);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                return (server, default(T), ex);
            }
        })).ConfigureAwait(false);
        return [.. outcomes];
    }

    /// <summary>
    /// Runs a transfer (pull, create) on every server with one combined progress: the layers of every server (so the
    /// bytes add up), the latest status line, and <c>success</c> only when every server succeeded.
    /// </summary>
    private Task<ModelTransferProgress> TransferOnEveryServerAsync(
        string what,
        Func<OllamaClient, IProgress<ModelTransferProgress>, CancellationToken, Task<ModelTransferProgress>> transfer,
        IProgress<ModelTransferProgress>? progress,
        CancellationToken cancellationToken)
        => TransferOnServersAsync(_servers, what, transfer, progress, cancellationToken);

    private async Task<ModelTransferProgress> TransferOnServersAsync(
        OllamaServer[] targets,
        string what,
        Func<OllamaClient, IProgress<ModelTransferProgress>, CancellationToken, Task<ModelTransferProgress>> transfer,
        IProgress<ModelTransferProgress>? progress,
        CancellationToken cancellationToken)
    {
        var latest = new ModelTransferProgress[targets.Length];
        Array.Fill(latest, ModelTransferProgress.Empty);
        var sync = new object();
        ModelTransferProgress Combine(ProgressUpdate? last)
            => new(last, [.. latest.SelectMany(p => p.Layers)]);

        var results = await OnServersAsync(
            targets,
            what,
            (client, token) =>
            {
                var index = Array.FindIndex(targets, s => ReferenceEquals(s.Client, client));
                return transfer(client, new InlineProgress<ModelTransferProgress>(p =>
                {
                    lock (sync)
                    {
                        latest[index] = p;
                        progress?.Report(Combine(p.IsSuccess ? new ProgressUpdate { Status = $"success on {Internal.UriDisplay.Format(client.Endpoint)}" } : p.LastUpdate));
                    }
                }), token);
            },
            cancellationToken).ConfigureAwait(false);

        lock (sync)
        {
            for (var i = 0; i < latest.Length; i++)
            {
                latest[i] = results[i];
            }

            var final = Combine(results[^1].LastUpdate);
            progress?.Report(final);
            return final;
        }
    }

    /// <summary>
    /// Runs a progress stream on every server and yields their lines as they come (each server's own <c>success</c>
    /// line held back), then one <c>success</c> when all succeeded, or throws naming each server that failed.
    /// </summary>
    private async IAsyncEnumerable<ProgressUpdate> MergeEveryServerAsync(
        string what, Func<OllamaClient, CancellationToken, IAsyncEnumerable<ProgressUpdate>> stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<ProgressUpdate>(new UnboundedChannelOptions { SingleReader = true });
        var run = OnEveryServerAsync(
            what,
            async (client, token) =>
            {
                ProgressUpdate? last = null;
                await foreach (var update in stream(client, token).ConfigureAwait(false))
                {
                    last = update;
                    if (!update.IsSuccess)
                    {
                        await channel.Writer.WriteAsync(update, token).ConfigureAwait(false);
                    }
                }

                return last;
            },
            cancellationToken);
        _ = run.ContinueWith(static (_, writer) => ((ChannelWriter<ProgressUpdate>)writer!).TryComplete(), channel.Writer, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        await foreach (var update in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return update;
        }

        var finals = await run.ConfigureAwait(false);
        yield return finals.LastOrDefault(f => f?.IsSuccess == true) ?? new ProgressUpdate { Status = "success" };
    }
}
