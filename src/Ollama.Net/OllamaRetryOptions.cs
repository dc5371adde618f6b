namespace Ollama.Net;

/// <summary>
/// When and how <see cref="OllamaClient"/> retries a call that failed before its response started (set
/// <see cref="OllamaClientOptions.Retry"/>), and how the handler of <c>AddOllamaResilienceHandler</c> retries.
/// </summary>
/// <remarks>
/// <para>
/// A call is retried only when nothing of its response has reached the caller: the connection was refused or reset,
/// or the server answered 429, 503 (<c>server busy</c>) or another 5xx (but 501 and 505, which would fail again) before
/// any body was read. A response that started (a 2xx whose headers arrived) is never sent again, so a stream that
/// breaks after a chunk fails as usual; other 4xx (a missing model, a bad request) are never retried. Requests that
/// carry a stream (blob uploads) are not retried either, as their body cannot be sent twice.
/// </para>
/// <para>
/// The waits grow exponentially from <see cref="Delay"/> with jitter, at most <see cref="MaxDelay"/>; a
/// <c>Retry-After</c> header sets the wait instead, and one longer than <see cref="MaxDelay"/> fails the call at once
/// with the server's error. The retries run on Polly (<c>Polly.Core</c>); each is logged at
/// <see cref="Microsoft.Extensions.Logging.LogLevel.Warning"/> and recorded on the call's activity as a <c>retry</c>
/// event (with <c>http.request.resend_count</c>). <see cref="OllamaClientOptions.RequestTimeout"/> and the caller's
/// token bound all attempts together.
/// </para>
/// </remarks>
public sealed class OllamaRetryOptions
{
    /// <summary>The default <see cref="MaxRetryAttempts"/>: 3.</summary>
    public const int DefaultMaxRetryAttempts = 3;

    /// <summary>How many times a failed call is sent again (default 3; 0 turns retries off; at most 100).</summary>
    public int MaxRetryAttempts { get; set; } = DefaultMaxRetryAttempts;

    /// <summary>The wait before the first retry, doubled for each further one (default 1 second; 0 to 1 day).</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between attempts, and the longest <c>Retry-After</c> honoured (default 30 seconds; at least <see cref="Delay"/>, at most 1 day).</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether the waits are spread randomly around the exponential curve (default true), so many clients do not retry in step.</summary>
    public bool UseJitter { get; set; } = true;

    /// <summary>The clock the waits are measured on (default <see cref="System.TimeProvider.System"/>; a fake one in tests). Never bound from configuration.</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>Describes the options.</summary>
    public override string ToString()
        => $"OllamaRetryOptions {{ MaxRetryAttempts = {MaxRetryAttempts}, Delay = {Delay}, MaxDelay = {MaxDelay}, UseJitter = {UseJitter} }}";
}
