using Microsoft.Extensions.Logging;

namespace Ollama.Net.Diagnostics;

/// <summary>
/// The client's log messages (source-generated, no allocation when the level is off). Nothing here ever takes a header,
/// so the API key cannot reach a log; bodies are logged only at Trace and only when
/// <see cref="OllamaClientOptions.LogContent"/> is set.
/// </summary>
internal static partial class OllamaLog
{
    [LoggerMessage(EventId = 1, EventName = "RequestStarted", Level = LogLevel.Debug,
        Message = "Ollama {Method} {Path} started (model {Model}, streaming {Streaming})")]
    public static partial void RequestStarted(ILogger logger, string method, string path, string model, bool streaming);

    [LoggerMessage(EventId = 2, EventName = "RequestCompleted", Level = LogLevel.Debug,
        Message = "Ollama {Method} {Path} completed with status {StatusCode} in {DurationMs:F1} ms (model {Model})")]
    public static partial void RequestCompleted(ILogger logger, string method, string path, int statusCode, double durationMs, string model);

    [LoggerMessage(EventId = 3, EventName = "RequestFailed", Level = LogLevel.Debug,
        Message = "Ollama {Method} {Path} failed with {ErrorType} (status {StatusCode}) after {DurationMs:F1} ms (model {Model})")]
    public static partial void RequestFailed(ILogger logger, Exception exception, string method, string path, string errorType, int statusCode, double durationMs, string model);

    [LoggerMessage(EventId = 4, EventName = "StreamFailed", Level = LogLevel.Warning,
        Message = "Ollama {Method} {Path} stream failed with {ErrorType} after {ChunkCount} chunk(s) and {DurationMs:F1} ms (model {Model})")]
    public static partial void StreamFailed(ILogger logger, Exception exception, string method, string path, string errorType, int chunkCount, double durationMs, string model);

    [LoggerMessage(EventId = 5, EventName = "StreamClosedEarly", Level = LogLevel.Debug,
        Message = "Ollama {Method} {Path} stream was closed by the caller after {ChunkCount} chunk(s) and {DurationMs:F1} ms (model {Model})")]
    public static partial void StreamClosedEarly(ILogger logger, string method, string path, int chunkCount, double durationMs, string model);

    [LoggerMessage(EventId = 6, EventName = "RequestBody", Level = LogLevel.Trace,
        Message = "Ollama {Method} {Path} request body: {Body}")]
    public static partial void RequestBody(ILogger logger, string method, string path, string body);

    [LoggerMessage(EventId = 7, EventName = "ResponseBody", Level = LogLevel.Trace,
        Message = "Ollama {Method} {Path} response body: {Body}")]
    public static partial void ResponseBody(ILogger logger, string method, string path, string body);

    [LoggerMessage(EventId = 8, EventName = "StreamLine", Level = LogLevel.Trace,
        Message = "Ollama {Method} {Path} stream line {Index}: {Line}")]
    public static partial void StreamLine(ILogger logger, string method, string path, int index, string line);

    [LoggerMessage(EventId = 9, EventName = "ApiKeyOverPlainHttp", Level = LogLevel.Warning,
        Message = "An API key is configured for {Endpoint}, which is plain http:// to a host that is not loopback: the key will travel unencrypted. Use https:// (or a loopback address) to protect it")]
    public static partial void ApiKeyOverPlainHttp(ILogger logger, string endpoint);

    [LoggerMessage(EventId = 10, EventName = "RetryScheduled", Level = LogLevel.Warning,
        Message = "Ollama {Method} {Path} attempt {Attempt} failed ({Reason}) before the response started; retrying in {DelayMs:F0} ms")]
    public static partial void RetryScheduled(ILogger logger, string method, string path, int attempt, string reason, double delayMs);

    [LoggerMessage(EventId = 11, EventName = "EmbedBatchRetry", Level = LogLevel.Warning,
        Message = "Ollama embedding batch {Batch} of {BatchCount} (inputs {First} to {Last}) attempt {Attempt} failed; retrying in {DelayMs:F0} ms")]
    public static partial void EmbedBatchRetry(ILogger logger, Exception? exception, int batch, int batchCount, int first, int last, int attempt, double delayMs);
}
