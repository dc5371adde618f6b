using System.Net;
using System.Net.Sockets;
using Polly;
using Polly.Retry;

namespace Ollama.Net.Internal;

/// <summary>
/// The retry rules shared by <see cref="OllamaClientOptions.Retry"/> and the handler of
/// <c>AddOllamaResilienceHandler</c>: a Polly retry strategy over <see cref="HttpResponseMessage"/> outcomes, applied
/// only up to the response headers (the body is read after the pipeline returned, so nothing read is ever replayed).
/// </summary>
internal static class RetryPipeline
{
    /// <summary>
    /// Builds the pipeline, or returns null when <paramref name="options"/> turns retries off (null, or no attempts).
    /// <paramref name="onRetry"/> is told about each retry: its arguments and a short reason (<c>503</c>,
    /// <c>ConnectionError</c>).
    /// </summary>
    public static ResiliencePipeline<HttpResponseMessage>? Create(
        OllamaRetryOptions? options, TimeProvider? defaultTime, Action<OnRetryArguments<HttpResponseMessage>, string> onRetry)
    {
        if (options is not { MaxRetryAttempts: > 0 })
        {
            return null;
        }

        var time = options.TimeProvider ?? defaultTime ?? TimeProvider.System;
        var maxDelay = options.MaxDelay;
        return new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                Delay = options.Delay,
                MaxDelay = maxDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = options.UseJitter,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, maxDelay, time)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result, time)),
                OnRetry = args =>
                {
                    onRetry(args, Reason(args.Outcome));
                    return default;
                },
            })
            .Build();
    }

    /// <summary>Whether a request body can be sent again: none, our JSON body, or bytes held in memory.</summary>
    public static bool CanReplay(HttpContent? content)
        => content is null or ByteArrayContent or ReadOnlyMemoryContent || OllamaClient.IsReplayableContent(content);

    /// <summary>Whether an attempt's outcome is worth another attempt (see <see cref="OllamaRetryOptions"/>).</summary>
    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, TimeSpan maxDelay, TimeProvider time)
    {
        if (outcome.Exception is { } exception)
        {
            return exception is HttpRequestException http && IsTransient(http);
        }

        var response = outcome.Result!;
        if (!IsTransient(response.StatusCode))
        {
            return false;
        }

        // A server that asks for a longer wait than we would make fails the call now, with its own error.
        return RetryAfter(response, time) is not { } wait || wait <= maxDelay;
    }

    /// <summary>429, or a 5xx that may pass (not 501 or 505).</summary>
    internal static bool IsTransient(HttpStatusCode status)
        => status == HttpStatusCode.TooManyRequests
           || ((int)status >= 500 && status is not HttpStatusCode.NotImplemented and not HttpStatusCode.HttpVersionNotSupported);

    /// <summary>A connection refused, reset or closed before the response: the request may be sent again.</summary>
    private static bool IsTransient(HttpRequestException exception)
        => exception.HttpRequestError switch
        {
            HttpRequestError.ConnectionError or HttpRequestError.ResponseEnded or HttpRequestError.ProxyTunnelError => true,
            HttpRequestError.HttpProtocolError => true, // an HTTP/2 stream reset (REFUSED_STREAM) before the headers
            HttpRequestError.Unknown => exception.InnerException is IOException or SocketException,
            _ => false, // name resolution, TLS, an invalid response, limits: sending again fails again
        };

    /// <summary>The wait a response's <c>Retry-After</c> asks for (seconds or a date), if any.</summary>
    private static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider time)
    {
        var header = response?.Headers.RetryAfter;
        var wait = header?.Delta ?? (header?.Date is { } date ? date - time.GetUtcNow() : null);
        return wait is { } value && value < TimeSpan.Zero ? TimeSpan.Zero : wait;
    }

    private static string Reason(Outcome<HttpResponseMessage> outcome)
        => outcome.Exception is HttpRequestException http
            ? http.HttpRequestError.ToString()
            : outcome.Exception?.GetType().Name ?? ((int)outcome.Result!.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
