namespace Ollama.Net;

/// <summary>How <see cref="OllamaClient.EmbedInBatchesAsync(EmbedRequest, EmbedBatchOptions?, IProgress{EmbedProgress}?, CancellationToken)"/> splits and sends a large embedding job.</summary>
public sealed class EmbedBatchOptions
{
    /// <summary>The default <see cref="BatchSize"/>: 64 texts per request.</summary>
    public const int DefaultBatchSize = 64;

    /// <summary>The default <see cref="MaxConcurrency"/>: 2 requests at once.</summary>
    public const int DefaultMaxConcurrency = 2;

    /// <summary>How many texts one <c>POST /api/embed</c> carries (default 64; at least 1).</summary>
    public int BatchSize { get; set; } = DefaultBatchSize;

    /// <summary>
    /// How many batches are in flight at once (default 2; at least 1). Ollama embeds <c>OLLAMA_NUM_PARALLEL</c> requests
    /// of a model at once and queues the rest; through an <c>OllamaRouter</c>, concurrent batches spread over servers.
    /// </summary>
    public int MaxConcurrency { get; set; } = DefaultMaxConcurrency;

    /// <summary>
    /// How a failed batch is sent again (default: 3 retries, from 1 second): after a failure with no HTTP status (the
    /// connection failed or broke, the body was cut) or with 429 or 5xx (but 501 and 505). Embedding has no side
    /// effects, so a batch is retried even when its response broke while being read. Null sends each batch once. These
    /// retries come on top of <see cref="OllamaClientOptions.Retry"/>, which retries each request before its response.
    /// </summary>
    public OllamaRetryOptions? Retry { get; set; } = new();
}
