namespace Ollama.Net;

// Fan-out to the servers the caller names rather than to every server.
public partial class OllamaRouter
{
    /// <summary>
    /// Pulls the model on the servers named (some of <see cref="Servers"/>), reporting their combined progress as
    /// <see cref="PullModelAsync(PullModelRequest, IProgress{ModelTransferProgress}?, CancellationToken)"/> does for every server.
    /// </summary>
    /// <param name="servers">The servers to pull on: entries of <see cref="Servers"/>, at least one, each once.</param>
    /// <param name="request">What to pull.</param>
    /// <param name="progress">Receives the combined progress of those servers.</param>
    /// <param name="cancellationToken">Cancels the pulls.</param>
    /// <returns>The final combined progress (<see cref="ModelTransferProgress.IsSuccess"/>).</returns>
    /// <exception cref="ArgumentException"><paramref name="servers"/> is empty, repeats a server or names one of another router.</exception>
    /// <exception cref="OllamaRoutingException">The pull failed on some of the servers; each is named.</exception>
    public Task<ModelTransferProgress> PullModelOnAsync(
        IEnumerable<OllamaServer> servers, PullModelRequest request, IProgress<ModelTransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var targets = Targets(servers);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Model, nameof(request));
        return TransferOnServersAsync(targets, $"Pulling {request.Model}", (client, p, token) => client.PullModelAsync(request, p, token), progress, cancellationToken);
    }

    /// <summary>Creates the model on the servers named, reporting their combined progress.</summary>
    /// <param name="servers">The servers to create on: entries of <see cref="Servers"/>, at least one, each once.</param>
    /// <param name="request">What to create.</param>
    /// <param name="progress">Receives the combined progress of those servers.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>The final combined progress (<see cref="ModelTransferProgress.IsSuccess"/>).</returns>
    /// <exception cref="ArgumentException"><paramref name="servers"/> is empty, repeats a server or names one of another router.</exception>
    /// <exception cref="OllamaRoutingException">The create failed on some of the servers; each is named.</exception>
    public Task<ModelTransferProgress> CreateModelOnAsync(
        IEnumerable<OllamaServer> servers, CreateModelRequest request, IProgress<ModelTransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var targets = Targets(servers);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Model, nameof(request));
        return TransferOnServersAsync(targets, $"Creating {request.Model}", (client, p, token) => client.CreateModelAsync(request, p, token), progress, cancellationToken);
    }

    /// <summary>Copies the model on the servers named.</summary>
    /// <param name="servers">The servers to copy on: entries of <see cref="Servers"/>, at least one, each once.</param>
    /// <param name="source">The model to copy.</param>
    /// <param name="destination">The new name.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>A task that completes when every named server has copied the model.</returns>
    /// <exception cref="ArgumentException"><paramref name="servers"/> is empty, repeats a server or names one of another router.</exception>
    /// <exception cref="OllamaRoutingException">The copy failed on some of the servers; each is named.</exception>
    public Task CopyModelOnAsync(IEnumerable<OllamaServer> servers, string source, string destination, CancellationToken cancellationToken = default)
    {
        var targets = Targets(servers);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        return OnServersAsync(targets, $"Copying {source} to {destination}", (client, token) => Done(client.CopyModelAsync(source, destination, token)), cancellationToken);
    }

    /// <summary>Deletes the model on the servers named.</summary>
    /// <param name="servers">The servers to delete on: entries of <see cref="Servers"/>, at least one, each once.</param>
    /// <param name="model">The model to delete.</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    /// <returns>A task that completes when every named server has deleted the model.</returns>
    /// <exception cref="ArgumentException"><paramref name="servers"/> is empty, repeats a server or names one of another router.</exception>
    /// <exception cref="OllamaRoutingException">The delete failed on some of the servers; each is named.</exception>
    public Task DeleteModelOnAsync(IEnumerable<OllamaServer> servers, string model, CancellationToken cancellationToken = default)
    {
        var targets = Targets(servers);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        return OnServersAsync(targets, $"Deleting {model}", (client, token) => Done(client.DeleteModelAsync(model, token)), cancellationToken);
    }

    private OllamaServer[] Targets(IEnumerable<OllamaServer> servers)
    {
        ArgumentNullException.ThrowIfNull(servers);
        var targets = servers.ToArray();
        if (targets.Length == 0)
        {
            throw new ArgumentException("Name at least one server (an entry of router.Servers).", nameof(servers));
        }

        foreach (var server in targets)
        {
            if (server is null || !_servers.Contains(server))
            {
                throw new ArgumentException("Every server must be an entry of this router's Servers.", nameof(servers));
            }
        }

        if (targets.Distinct().Count() != targets.Length)
        {
            throw new ArgumentException("A server is named more than once.", nameof(servers));
        }

        return targets;
    }
}
