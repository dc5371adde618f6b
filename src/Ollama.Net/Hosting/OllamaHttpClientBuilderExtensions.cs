using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Ollama.Net;
using Ollama.Net.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds to an <see cref="IHttpClientBuilder"/> a resilience handler tuned for Ollama.</summary>
public static class OllamaHttpClientBuilderExtensions
{
    /// <summary>
    /// Adds a handler that retries requests that failed before their response started (connection refused or reset,
    /// 429, 503 <c>server busy</c>, other 5xx but 501 and 505), with exponential backoff, jitter and <c>Retry-After</c>,
    /// by the rules of <see cref="OllamaRetryOptions"/>; and sets <see cref="HttpClient.Timeout"/> to infinite. Use it
    /// instead of <c>AddStandardResilienceHandler()</c>, whose 10-second attempt timeout and 30-second total timeout
    /// fail every model load and every answer that takes longer to start, and resend them.
    /// </summary>
    /// <remarks>
    /// The handler sets no timeout of its own: bound calls with <see cref="OllamaClientOptions.RequestTimeout"/> or a
    /// <see cref="CancellationToken"/>. It retries only requests whose body can be sent again (none, JSON, bytes in
    /// memory), never a streamed upload. Retries are logged (category <c>Ollama.Net.OllamaClient</c>, at Warning) and
    /// recorded as <c>retry</c> events on the Ollama.Net activity of the call. The waits use the container's
    /// <see cref="TimeProvider"/> when it has one, unless <see cref="OllamaRetryOptions.TimeProvider"/> is set. Use this
    /// handler or <see cref="OllamaClientOptions.Retry"/>, not both (their attempts would multiply).
    /// </remarks>
    /// <param name="builder">The builder, such as the one <c>AddOllamaClient</c> returns.</param>
    /// <param name="configure">Changes the retry settings (optional; the defaults are 3 retries from 1 second to 30 seconds).</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
    /// <exception cref="ArgumentException">A setting is out of range (the message names it).</exception>
    public static IHttpClientBuilder AddOllamaResilienceHandler(this IHttpClientBuilder builder, Action<OllamaRetryOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new OllamaRetryOptions();
        configure?.Invoke(options);
        if (RetryRulesAttribute.Check(options) is { } failure)
        {
            throw new ArgumentException($"OllamaRetryOptions.{failure}.", nameof(configure));
        }

        builder.ConfigureHttpClient(static http => http.Timeout = Timeout.InfiniteTimeSpan);
        return builder.AddHttpMessageHandler(provider => new OllamaResilienceHandler(
            options,
            provider.GetService<TimeProvider>(),
            provider.GetService<ILoggerFactory>()?.CreateLogger<OllamaClient>() ?? NullLogger<OllamaClient>.Instance));
    }
}
