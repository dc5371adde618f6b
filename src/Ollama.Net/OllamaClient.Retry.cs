using Ollama.Net.Internal;
using Polly;

namespace Ollama.Net;

// Retries (OllamaClientOptions.Retry): the send path's one hook. Each attempt builds a new request; the response is
// handed on only when it is final, so a body that was read (a chunk that was yielded) is never sent again.
public partial class OllamaClient
{
    private static readonly ResiliencePropertyKey<RequestScope> ScopeKey = new("Ollama.Net.RequestScope");

    private readonly ResiliencePipeline<HttpResponseMessage>? _retry;

    /// <summary>Whether <paramref name="content"/> is a JSON body built by the client (kept in memory, so it can be sent again).</summary>
    internal static bool IsReplayableContent(HttpContent content) => content is JsonRequestContent;

    private static ResiliencePipeline<HttpResponseMessage>? CreateRetryPipeline(OllamaRetryOptions? options)
        => RetryPipeline.Create(options, defaultTime: null, static (args, reason) =>
            args.Context.Properties.GetValue(ScopeKey, null!)?.Call.OnRetry(args.AttemptNumber + 1, reason, args.RetryDelay));

    /// <summary>
    /// Sends one request and returns its response (any status), retrying under <see cref="OllamaClientOptions.Retry"/>
    /// when the body is the client's own JSON (or none); streamed bodies (blob uploads) are sent once. The last attempt's response or exception is what the caller sees.
    /// </summary>
    private async Task<HttpResponseMessage> SendWithRetriesAsync(RequestScope scope, HttpMethod method, HttpContent? content, bool streaming)
    {
        if (_retry is not { } pipeline || content is not (null or JsonRequestContent))
        {
            return await SendOnceAsync(scope, method, content, streaming).ConfigureAwait(false);
        }

        var context = ResilienceContextPool.Shared.Get(scope.Token);
        context.Properties.Set(ScopeKey, scope);
        try
        {
            var attempt = 0;
            return await pipeline.ExecuteAsync(
                _ => new ValueTask<HttpResponseMessage>(SendOnceAsync(scope, method, attempt++ == 0 ? content : Replay(content), streaming)),
                context).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>A fresh copy of the JSON body (the previous attempt's request disposed its own).</summary>
    private static HttpContent? Replay(HttpContent? content)
        => content is JsonRequestContent json ? new JsonRequestContent(json.Json) : null;
}
