using System.Text.Json.Serialization.Metadata;
using Ollama.Net.Serialization;

namespace Ollama.Net;

// Pull and push: NDJSON progress streams that end with {"status":"success"}, and their aggregated forms.
public partial class OllamaClient
{
    /// <summary>
    /// Downloads a model from its registry (<c>POST /api/pull</c>) and waits until it is installed, reporting overall
    /// progress (bytes over all layers, layers done, current status) as it goes.
    /// </summary>
    /// <param name="model">The model name, such as <c>llama3.2</c> or <c>hf.co/org/repo:Q4_K_M</c>.</param>
    /// <param name="progress">Receives the aggregated progress after each line of the stream; may be null.</param>
    /// <param name="cancellationToken">Cancels the call (the server keeps the layers done so far and resumes later).</param>
    /// <returns>The final progress (<see cref="ModelTransferProgress.IsSuccess"/>), with the bytes and layers transferred.</returns>
    /// <exception cref="ArgumentException"><paramref name="model"/> is null, empty or white space.</exception>
    /// <exception cref="OllamaException">The server reported an error (also in the middle of the stream, such as
    /// <c>pull model manifest: file does not exist</c>), the stream ended before <c>success</c>, or the server could not
    /// be reached.</exception>
    public virtual Task<ModelTransferProgress> PullModelAsync(
        string model, IProgress<ModelTransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ValidateModel(model, nameof(model), "pull call");
        return PullModelAsync(new PullModelRequest(model), progress, cancellationToken);
    }

    /// <summary>
    /// Downloads a model from its registry (<c>POST /api/pull</c>) with the request's settings (<see cref="ModelTransferRequest.Insecure"/>),
    /// reporting aggregated progress, and waits until it is installed.
    /// </summary>
    /// <param name="request">The model name and settings.</param>
    /// <param name="progress">Receives the aggregated progress after each line of the stream; may be null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The final progress (<see cref="ModelTransferProgress.IsSuccess"/>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">The request has no model name.</exception>
    /// <exception cref="OllamaException">The server reported an error, the stream ended before <c>success</c>, or the server could not be reached.</exception>
    public virtual Task<ModelTransferProgress> PullModelAsync(
        PullModelRequest request, IProgress<ModelTransferProgress>? progress = null, CancellationToken cancellationToken = default)
        => FoldProgressAsync(PullModelStreamingAsync(request, cancellationToken), new ProgressAggregator(), progress);

    /// <summary>
    /// Downloads a model (<c>POST /api/pull</c>) and yields each progress line: <c>pulling manifest</c>, then per layer
    /// <c>pulling &lt;digest prefix&gt;</c> with its digest, total and completed bytes, then <c>verifying sha256 digest</c>,
    /// <c>writing manifest</c> and finally <c>success</c>. Fold the lines with <see cref="ProgressAggregator"/> for a
    /// progress bar.
    /// </summary>
    /// <param name="model">The model name (validated before the enumeration starts).</param>
    /// <param name="cancellationToken">Cancels the call; ends the enumeration with <see cref="OperationCanceledException"/>.</param>
    /// <returns>The progress lines, ending with <c>success</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="model"/> is null, empty or white space (thrown at once).</exception>
    /// <exception cref="OllamaException">While enumerating: an error from the server (before or in the middle of the
    /// stream), a stream that ended before <c>success</c>, or a server that could not be reached.</exception>
    public virtual IAsyncEnumerable<ProgressUpdate> PullModelStreamingAsync(string model, CancellationToken cancellationToken = default)
    {
        ValidateModel(model, nameof(model), "pull call");
        return PullModelStreamingAsync(new PullModelRequest(model), cancellationToken);
    }

    /// <summary>Downloads a model (<c>POST /api/pull</c>) and yields each progress line, ending with <c>success</c>.</summary>
    /// <param name="request">The model name and settings (validated before the enumeration starts).</param>
    /// <param name="cancellationToken">Cancels the call; ends the enumeration with <see cref="OperationCanceledException"/>.</param>
    /// <returns>The progress lines, ending with <c>success</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null (thrown at once).</exception>
    /// <exception cref="ArgumentException">The request has no model name (thrown at once).</exception>
    /// <exception cref="OllamaException">While enumerating: an error from the server, a stream that ended before
    /// <c>success</c>, or a server that could not be reached.</exception>
    public virtual IAsyncEnumerable<ProgressUpdate> PullModelStreamingAsync(PullModelRequest request, CancellationToken cancellationToken = default)
        => TransferStream("api/pull", "pull request", request, OllamaJsonContext.Default.PullModelRequest, cancellationToken);

    /// <summary>
    /// Uploads a model to its registry (<c>POST /api/push</c>) and waits until it is there, reporting aggregated progress.
    /// </summary>
    /// <param name="model">The model name with its namespace, such as <c>me/mymodel:latest</c>.</param>
    /// <param name="progress">Receives the aggregated progress after each line of the stream; may be null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The final progress (<see cref="ModelTransferProgress.IsSuccess"/>).</returns>
    /// <exception cref="ArgumentException"><paramref name="model"/> is null, empty or white space.</exception>
    /// <exception cref="OllamaUnauthorizedException">The server's key is not connected to an ollama.com account.</exception>
    /// <exception cref="OllamaException">The server reported an error, the stream ended before <c>success</c>, or the server could not be reached.</exception>
    public virtual Task<ModelTransferProgress> PushModelAsync(
        string model, IProgress<ModelTransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ValidateModel(model, nameof(model), "push call");
        return PushModelAsync(new PushModelRequest(model), progress, cancellationToken);
    }

    /// <summary>
    /// Uploads a model to its registry (<c>POST /api/push</c>) with the request's settings (<see cref="ModelTransferRequest.Insecure"/>),
    /// reporting aggregated progress.
    /// </summary>
    /// <param name="request">The model name and settings.</param>
    /// <param name="progress">Receives the aggregated progress after each line of the stream; may be null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The final progress (<see cref="ModelTransferProgress.IsSuccess"/>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">The request has no model name.</exception>
    /// <exception cref="OllamaUnauthorizedException">The server's key is not connected to an ollama.com account.</exception>
    /// <exception cref="OllamaException">The server reported an error, the stream ended before <c>success</c>, or the server could not be reached.</exception>
    public virtual Task<ModelTransferProgress> PushModelAsync(
        PushModelRequest request, IProgress<ModelTransferProgress>? progress = null, CancellationToken cancellationToken = default)
        => FoldProgressAsync(PushModelStreamingAsync(request, cancellationToken), new ProgressAggregator(), progress);

    /// <summary>
    /// Uploads a model (<c>POST /api/push</c>) and yields each progress line: <c>retrieving manifest</c>, per layer
    /// <c>pushing &lt;digest prefix&gt;</c> with digest, total and completed bytes, <c>pushing manifest</c>, <c>success</c>.
    /// </summary>
    /// <param name="model">The model name with its namespace (validated before the enumeration starts).</param>
    /// <param name="cancellationToken">Cancels the call; ends the enumeration with <see cref="OperationCanceledException"/>.</param>
    /// <returns>The progress lines, ending with <c>success</c>.</returns>
    /// <exception cref="ArgumentException"><paramref name="model"/> is null, empty or white space (thrown at once).</exception>
    /// <exception cref="OllamaException">While enumerating: an error from the server, a stream that ended before
    /// <c>success</c>, or a server that could not be reached.</exception>
    public virtual IAsyncEnumerable<ProgressUpdate> PushModelStreamingAsync(string model, CancellationToken cancellationToken = default)
    {
        ValidateModel(model, nameof(model), "push call");
        return PushModelStreamingAsync(new PushModelRequest(model), cancellationToken);
    }

    /// <summary>Uploads a model (<c>POST /api/push</c>) and yields each progress line, ending with <c>success</c>.</summary>
    /// <param name="request">The model name and settings (validated before the enumeration starts).</param>
    /// <param name="cancellationToken">Cancels the call; ends the enumeration with <see cref="OperationCanceledException"/>.</param>
    /// <returns>The progress lines, ending with <c>success</c>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null (thrown at once).</exception>
    /// <exception cref="ArgumentException">The request has no model name (thrown at once).</exception>
    /// <exception cref="OllamaException">While enumerating: an error from the server, a stream that ended before
    /// <c>success</c>, or a server that could not be reached.</exception>
    public virtual IAsyncEnumerable<ProgressUpdate> PushModelStreamingAsync(PushModelRequest request, CancellationToken cancellationToken = default)
        => TransferStream("api/push", "push request", request, OllamaJsonContext.Default.PushModelRequest, cancellationToken);

    /// <summary>Reads a progress stream to its <c>success</c> line, folding it into <paramref name="aggregator"/>.</summary>
    private static async Task<ModelTransferProgress> FoldProgressAsync(
        IAsyncEnumerable<ProgressUpdate> updates, ProgressAggregator aggregator, IProgress<ModelTransferProgress>? progress)
    {
        var current = aggregator.Current;
        await foreach (var update in updates.ConfigureAwait(false))
        {
            current = aggregator.Add(update);
            progress?.Report(current);
        }

        return current;
    }

    /// <summary>Validates a pull or push request at once and returns its progress stream.</summary>
    private IAsyncEnumerable<ProgressUpdate> TransferStream<TRequest>(
        string path, string what, TRequest request, JsonTypeInfo<TRequest> typeInfo, CancellationToken cancellationToken)
        where TRequest : ModelTransferRequest
    {
        ArgumentNullException.ThrowIfNull(request);
        ValidateModel(request.Model, nameof(request), what);
        return ProgressStream(path, request, typeInfo, cancellationToken);
    }

    /// <summary>A progress stream (pull, push, create): NDJSON <see cref="ProgressUpdate"/> lines up to <c>success</c>.</summary>
    private IAsyncEnumerable<ProgressUpdate> ProgressStream<TRequest>(
        string path, TRequest request, JsonTypeInfo<TRequest> typeInfo, CancellationToken cancellationToken)
        => StreamJsonAsync(
            HttpMethod.Post, path, request, typeInfo, OllamaJsonContext.Default.ProgressUpdate, static update => update.IsSuccess, cancellationToken);
}
