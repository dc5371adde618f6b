using Microsoft.Extensions.Logging;
using Ollama.Net.Diagnostics;
using Ollama.Net.Internal;
using Ollama.Net.Numerics;
using Polly;
using Polly.Retry;

namespace Ollama.Net;

// Bulk embedding: a large input list in batches, with bounded concurrency and a Polly retry per batch, reassembled in
// input order. Each batch goes through the virtual EmbedAsync, so a router (a derived client) spreads them over servers.
public partial class OllamaClient
{
    /// <summary>
    /// Embeds a large list of texts (thousands) as several <c>POST /api/embed</c> calls of
    /// <see cref="EmbedBatchOptions.BatchSize"/> texts, at most <see cref="EmbedBatchOptions.MaxConcurrency"/> at once,
    /// each retried under <see cref="EmbedBatchOptions.Retry"/>. The vectors come back in input order, in one contiguous
    /// buffer, as from <see cref="EmbedAsync(EmbedRequest, CancellationToken)"/>.
    /// </summary>
    /// <remarks>
    /// All or nothing: when a batch still fails after its retries, the other batches are cancelled and the call throws
    /// an <see cref="OllamaException"/> that names the input indexes of that batch (its <see cref="Exception.InnerException"/>
    /// is the batch's own error: <see cref="OllamaModelNotFoundException"/>, <see cref="TimeoutException"/>...). A reply
    /// with the wrong number of vectors, or vectors of another length than the other batches', fails the same way.
    /// <see cref="EmbedResult.PromptEvalCount"/>, <see cref="EmbedResult.TotalDuration"/> and
    /// <see cref="EmbedResult.LoadDuration"/> are summed over the batches (server time, not wall-clock time).
    /// </remarks>
    /// <param name="request">The model, all the inputs and the settings that every batch carries.</param>
    /// <param name="options">Batch size, concurrency and retries; null for the defaults.</param>
    /// <param name="progress">Receives the texts and batches done after each batch; may be null.</param>
    /// <param name="cancellationToken">Cancels the whole job.</param>
    /// <returns>One vector per input, in input order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">The request has no model name or a null input, or an option is out of range.</exception>
    /// <exception cref="OllamaException">A batch failed; the message names its input indexes.</exception>
    public virtual Task<EmbedResult> EmbedInBatchesAsync(
        EmbedRequest request, EmbedBatchOptions? options = null, IProgress<EmbedProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ValidateEmbedRequest(request);
        options = ValidateBatchOptions(options);
        return EmbedInBatchesCoreAsync(request, options, progress, cancellationToken);
    }

    /// <summary>
    /// Embeds a large list of texts in batches, as <see cref="EmbedInBatchesAsync(EmbedRequest, EmbedBatchOptions?, IProgress{EmbedProgress}?, CancellationToken)"/>
    /// does, and adds the vectors to <paramref name="index"/> under <paramref name="keys"/> (key <c>i</c> for input
    /// <c>i</c>). Nothing is added unless every batch succeeded.
    /// </summary>
    /// <typeparam name="TKey">The key type of the index.</typeparam>
    /// <param name="index">The index to fill; its <see cref="EmbeddingIndex{TKey}.Dimensions"/> must match the model's vectors.</param>
    /// <param name="keys">One key per input.</param>
    /// <param name="request">The model, all the inputs and the settings that every batch carries.</param>
    /// <param name="options">Batch size, concurrency and retries; null for the defaults.</param>
    /// <param name="progress">Receives the texts and batches done after each batch; may be null.</param>
    /// <param name="cancellationToken">Cancels the whole job.</param>
    /// <returns>The vectors (also added to the index).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="index"/>, <paramref name="keys"/> or <paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// The keys are not one per input, the request has no model name or a null input, or an option is out of range;
    /// after the calls, the vectors do not fit the index (another length, or a key is null).
    /// </exception>
    /// <exception cref="OllamaException">A batch failed; the message names its input indexes.</exception>
    public virtual async Task<EmbedResult> EmbedInBatchesAsync<TKey>(
        EmbeddingIndex<TKey> index,
        IReadOnlyList<TKey> keys,
        EmbedRequest request,
        EmbedBatchOptions? options = null,
        IProgress<EmbedProgress>? progress = null,
        CancellationToken cancellationToken = default)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(keys);
        ValidateEmbedRequest(request);
        if (keys.Count != request.Input.Count)
        {
            throw new ArgumentException($"There are {keys.Count} keys for {request.Input.Count} inputs; give exactly one key per input.", nameof(keys));
        }

        options = ValidateBatchOptions(options);
        var result = await EmbedInBatchesCoreAsync(request, options, progress, cancellationToken).ConfigureAwait(false);
        if (result.Embeddings.Count > 0 && result.Dimensions != index.Dimensions)
        {
            throw new ArgumentException(
                $"The model {request.Model} returned vectors of {result.Dimensions} dimensions, but the index holds {index.Dimensions}; nothing was added.",
                nameof(index));
        }

        index.AddRange(keys, result.Embeddings);
        return result;
    }

    private static EmbedBatchOptions ValidateBatchOptions(EmbedBatchOptions? options)
    {
        options ??= new EmbedBatchOptions();
        var failure = options switch
        {
            { BatchSize: < 1 } => $"BatchSize must be at least 1, but it is {options.BatchSize}",
            { MaxConcurrency: < 1 } => $"MaxConcurrency must be at least 1, but it is {options.MaxConcurrency}",
            { Retry: { } retry } when Hosting.RetryRulesAttribute.Check(retry) is { } retryFailure => "Retry." + retryFailure,
            _ => null,
        };
        return failure is null ? options : throw new ArgumentException($"EmbedBatchOptions.{failure}.", nameof(options));
    }

    private async Task<EmbedResult> EmbedInBatchesCoreAsync(
        EmbedRequest request, EmbedBatchOptions options, IProgress<EmbedProgress>? progress, CancellationToken cancellationToken)
    {
        string[] inputs = [.. request.Input];
        var size = options.BatchSize;
        var batchCount = (inputs.Length + size - 1) / size;
        if (batchCount <= 1)
        {
            var whole = await RunBatchAsync(CreateBatchRetry(options.Retry, 0, 1, 0, inputs.Length - 1), BatchOf(request, inputs), 0, 1, 0, cancellationToken).ConfigureAwait(false);
            progress?.Report(new EmbedProgress(inputs.Length, inputs.Length, batchCount, batchCount));
            return whole;
        }

        var results = new EmbedResult[batchCount];
        var gate = new object();
        var completed = 0;
        var completedBatches = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, batchCount), parallel, async (batch, token) =>
        {
            var first = batch * size;
            var count = Math.Min(size, inputs.Length - first);
            var retry = CreateBatchRetry(options.Retry, batch, batchCount, first, first + count - 1);
            results[batch] = await RunBatchAsync(retry, BatchOf(request, inputs[first..(first + count)]), batch, batchCount, first, token).ConfigureAwait(false);
            lock (gate)
            {
                completed += count;
                completedBatches++;
                progress?.Report(new EmbedProgress(completed, inputs.Length, completedBatches, batchCount));
            }
        }).ConfigureAwait(false);

        return Concatenate(results, request.Model, size);
    }

    /// <summary>Sends one batch under its retry pipeline; a failure becomes an error naming the batch's input indexes.</summary>
    private async Task<EmbedResult> RunBatchAsync(ResiliencePipeline retry, EmbedRequest batch, int index, int batchCount, int first, CancellationToken cancellationToken)
    {
        var last = first + batch.Input.Count - 1;
        EmbedResult result;
        try
        {
            result = await retry.ExecuteAsync(
                static (state, token) => new ValueTask<EmbedResult>(state.Client.EmbedAsync(state.Batch, token)),
                (Client: this, Batch: batch),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            var ollama = ex as OllamaException;
            throw new OllamaException(
                $"Embedding batch {index + 1} of {batchCount} (inputs {first} to {last}) failed, so the embedding job failed and returned nothing: {ex.Message}",
                ollama?.StatusCode,
                ollama?.ServerMessage,
                ex);
        }

        if (result.Embeddings.Count != batch.Input.Count)
        {
            throw new OllamaException(
                $"Embedding batch {index + 1} of {batchCount} (inputs {first} to {last}) came back with {result.Embeddings.Count} vectors for {batch.Input.Count} inputs, so the embedding job failed and returned nothing.");
        }

        return result;
    }

    private static EmbedRequest BatchOf(EmbedRequest request, string[] inputs) => new()
    {
        Model = request.Model,
        Input = inputs,
        Truncate = request.Truncate,
        Dimensions = request.Dimensions,
        KeepAlive = request.KeepAlive,
        Options = request.Options,
    };

    /// <summary>The retry of one batch: after failures with no status (transport) or a transient status; logged.</summary>
    private ResiliencePipeline CreateBatchRetry(OllamaRetryOptions? options, int batch, int batchCount, int first, int last)
    {
        if (options is not { MaxRetryAttempts: > 0 })
        {
            return ResiliencePipeline.Empty;
        }

        var logger = _instrumentation.Logger;
        return new ResiliencePipelineBuilder { TimeProvider = options.TimeProvider ?? TimeProvider.System }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.Delay,
                MaxDelay = options.MaxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = options.UseJitter,
                ShouldHandle = new PredicateBuilder().Handle<OllamaException>(IsTransientBatchFailure),
                OnRetry = args =>
                {
                    if (logger.IsEnabled(LogLevel.Warning))
                    {
                        OllamaLog.EmbedBatchRetry(logger, args.Outcome.Exception, batch + 1, batchCount, first, last, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds);
                    }

                    return default;
                },
            })
            .Build();
    }

    private static bool IsTransientBatchFailure(OllamaException exception)
        => exception.StatusCode is not { } status || RetryPipeline.IsTransient(status);

    /// <summary>The batches' vectors back to back in input order, in one buffer; all must have one length.</summary>
    private static EmbedResult Concatenate(EmbedResult[] results, string model, int batchSize)
    {
        var dimensions = results[0].Dimensions;
        var total = 0;
        for (var i = 0; i < results.Length; i++)
        {
            if (results[i].Dimensions != dimensions)
            {
                throw new OllamaException(
                    $"Embedding batch {i + 1} of {results.Length} (inputs {i * batchSize} to {i * batchSize + results[i].Embeddings.Count - 1}) came back with vectors of {results[i].Dimensions} dimensions, but batch 1 had {dimensions}; the embedding job returned nothing.");
            }

            total += results[i].Embeddings.Count;
        }

        var data = new float[(long)total * dimensions];
        var offset = 0;
        int? promptTokens = null;
        TimeSpan? totalDuration = null;
        TimeSpan? loadDuration = null;
        foreach (var result in results)
        {
            result.Buffer.Span.CopyTo(data.AsSpan(offset));
            offset += result.Buffer.Length;
            promptTokens = Sum(promptTokens, result.PromptEvalCount);
            totalDuration = Sum(totalDuration, result.TotalDuration);
            loadDuration = Sum(loadDuration, result.LoadDuration);
        }

        return new EmbedResult
        {
            Model = string.IsNullOrEmpty(results[0].Model) ? model : results[0].Model,
            Embeddings = new EmbeddingList(data, total, dimensions),
            PromptEvalCount = promptTokens,
            TotalDuration = totalDuration,
            LoadDuration = loadDuration,
        };
    }

    private static int? Sum(int? a, int? b) => a is null && b is null ? null : (a ?? 0) + (b ?? 0);

    private static TimeSpan? Sum(TimeSpan? a, TimeSpan? b) => a is null && b is null ? null : (a ?? TimeSpan.Zero) + (b ?? TimeSpan.Zero);
}
