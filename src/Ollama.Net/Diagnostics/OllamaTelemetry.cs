using System.Diagnostics;
using System.Diagnostics.Metrics;
using Ollama.Net.Internal;

namespace Ollama.Net;

/// <summary>
/// The names under which <see cref="OllamaClient"/> publishes traces and metrics, following the OpenTelemetry
/// generative-AI semantic conventions. Subscribe with <c>tracing.AddSource(OllamaTelemetry.ActivitySourceName)</c> and
/// <c>metrics.AddMeter(OllamaTelemetry.MeterName)</c>.
/// </summary>
/// <remarks>
/// <para>
/// Chat, generate and embed calls (streaming or not) each produce one <see cref="ActivityKind.Client"/> activity named
/// <c>{gen_ai.operation.name} {gen_ai.request.model}</c>, for example <c>chat llama3.2</c>. Its tags:
/// <c>gen_ai.operation.name</c> (<c>chat</c>, <c>text_completion</c> or <c>embeddings</c>), <c>gen_ai.provider.name</c>
/// (<c>ollama</c>), <c>gen_ai.request.model</c>, the request settings that were set (<c>gen_ai.request.temperature</c>,
/// <c>top_p</c>, <c>top_k</c>, <c>max_tokens</c>, <c>seed</c>, <c>frequency_penalty</c>, <c>presence_penalty</c>,
/// <c>stop_sequences</c>, <c>gen_ai.output.type</c>, <c>gen_ai.embeddings.dimension.count</c>), <c>server.address</c>,
/// <c>server.port</c>, <c>gen_ai.request.stream</c>, and from the response <c>gen_ai.response.model</c>,
/// <c>gen_ai.response.finish_reasons</c>, <c>gen_ai.usage.input_tokens</c>, <c>gen_ai.usage.output_tokens</c> and, for
/// streams, <c>gen_ai.response.time_to_first_chunk</c> (seconds). A failed call sets the status to
/// <see cref="ActivityStatusCode.Error"/> and <c>error.type</c>: the HTTP status code (<c>"404"</c>) when the server
/// answered with one, else the exception's type name. Prompts and answers are recorded only when
/// <see cref="OllamaClientOptions.EnableSensitiveTelemetryData"/> is set.
/// </para>
/// <para>
/// Metrics: <see cref="OperationDurationMetric"/> (seconds, every call; <c>error.type</c> on failures),
/// <see cref="TokenUsageMetric"/> (tokens, with <c>gen_ai.token.type</c> <c>input</c> or <c>output</c>),
/// <see cref="TimeToFirstChunkMetric"/> (seconds from sending the request to the first stream chunk, streams only) and
/// <see cref="TimePerOutputChunkMetric"/> (seconds between consecutive chunks, streams only). All carry
/// <c>gen_ai.operation.name</c>, <c>gen_ai.provider.name</c>, <c>gen_ai.request.model</c>, <c>gen_ai.response.model</c>
/// (when known), <c>server.address</c> and <c>server.port</c>.
/// </para>
/// <para>
/// When an <c>IChatClient</c> pipeline also calls <c>UseOpenTelemetry()</c>, its span becomes the parent of this one;
/// subscribe to both sources, or to one of them, as you prefer.
/// </para>
/// </remarks>
public static class OllamaTelemetry
{
    /// <summary>The name of the <see cref="ActivitySource"/>: <c>Ollama.Net</c>.</summary>
    public const string ActivitySourceName = "Ollama.Net";

    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/>: <c>Ollama.Net</c>.</summary>
    public const string MeterName = "Ollama.Net";

    /// <summary>The provider name reported in <c>gen_ai.provider.name</c>: <c>ollama</c>.</summary>
    public const string ProviderName = "ollama";

    /// <summary>Histogram of call durations in seconds: <c>gen_ai.client.operation.duration</c>.</summary>
    public const string OperationDurationMetric = "gen_ai.client.operation.duration";

    /// <summary>Histogram of token counts per call and token type: <c>gen_ai.client.token.usage</c>.</summary>
    public const string TokenUsageMetric = "gen_ai.client.token.usage";

    /// <summary>Histogram of the time to the first chunk of a stream, in seconds: <c>gen_ai.client.operation.time_to_first_chunk</c>.</summary>
    public const string TimeToFirstChunkMetric = "gen_ai.client.operation.time_to_first_chunk";

    /// <summary>Histogram of the time between consecutive stream chunks, in seconds: <c>gen_ai.client.operation.time_per_output_chunk</c>.</summary>
    public const string TimePerOutputChunkMetric = "gen_ai.client.operation.time_per_output_chunk";

    private static readonly double[] DurationBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

    private static readonly long[] TokenBuckets = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

    private static readonly double[] ChunkBuckets = [0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5];

    internal static ActivitySource Source { get; } = new(ActivitySourceName, UserAgent.LibraryVersion);

    internal static Meter Meter { get; } = new(MeterName, UserAgent.LibraryVersion);

    internal static Histogram<double> OperationDuration { get; } = Meter.CreateHistogram(
        OperationDurationMetric, "s", "GenAI operation duration.", tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    internal static Histogram<long> TokenUsage { get; } = Meter.CreateHistogram(
        TokenUsageMetric, "{token}", "Measures number of input and output tokens used.", tags: null, new InstrumentAdvice<long> { HistogramBucketBoundaries = TokenBuckets });

    internal static Histogram<double> TimeToFirstChunk { get; } = Meter.CreateHistogram(
        TimeToFirstChunkMetric, "s", "Time to receive the first chunk of a streamed response.", tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

    internal static Histogram<double> TimePerOutputChunk { get; } = Meter.CreateHistogram(
        TimePerOutputChunkMetric, "s", "Time between consecutive chunks of a streamed response.", tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = ChunkBuckets });
}
