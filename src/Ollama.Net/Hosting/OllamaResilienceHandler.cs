using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Ollama.Net.Diagnostics;
using Ollama.Net.Internal;
using Polly;

namespace Ollama.Net.Hosting;

/// <summary>
/// The handler added by <c>AddOllamaResilienceHandler</c>: the client's retry rules (<see cref="RetryPipeline"/>) around
/// the rest of the handler chain. A handler returns when the response headers are in, so it can only retry before the
/// response starts; it sets no timeout, so it never cuts a model load or a long stream.
/// </summary>
internal sealed class OllamaResilienceHandler : DelegatingHandler
{
    private static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("Ollama.Net.Request");

    private readonly ResiliencePipeline<HttpResponseMessage>? _pipeline;

    public OllamaResilienceHandler(OllamaRetryOptions options, TimeProvider? time, ILogger logger)
    {
        _pipeline = RetryPipeline.Create(options, time, (args, reason) =>
        {
            var request = args.Context.Properties.GetValue(RequestKey, null!);
            var attempt = args.AttemptNumber + 1;
            if (logger.IsEnabled(LogLevel.Warning))
            {
                OllamaLog.RetryScheduled(logger, request.Method.Method, request.RequestUri?.AbsolutePath.TrimStart('/') ?? "", attempt, reason, args.RetryDelay.TotalMilliseconds);
            }

            if (Activity.Current is { } activity && activity.Source == OllamaTelemetry.Source)
            {
                CallTracker.RecordRetry(activity, attempt, reason, args.RetryDelay);
            }
        });
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (_pipeline is not { } pipeline || !RetryPipeline.CanReplay(request.Content))
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(RequestKey, request);
        try
        {
            return await pipeline.ExecuteAsync(
                static (context, state) => new ValueTask<HttpResponseMessage>(state.Handler.SendOnceAsync(state.Request, context.CancellationToken)),
                context,
                (Handler: this, Request: request)).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private Task<HttpResponseMessage> SendOnceAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        => base.SendAsync(request, cancellationToken);
}
