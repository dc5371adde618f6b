using System.Collections.Concurrent;
using System.Net;
using Ollama.Net;
using Ollama.Net.Prompts;
using Samples.Common;

namespace Batch;

/// <summary>
/// Scores one company: sends its prompt with re-asking until the reply is a whole number from 1 to 10, and retries
/// transient failures (server busy, 5xx, lost connection) with a growing pause. Anything else fails the item, with the reason.
/// </summary>
internal sealed class Scorer(SampleContext ctx, int maxTries, ConcurrentQueue<string> log)
{
    private static readonly IntegerConstraint Score = FormatConstraint.Integer(1, 10);
    private static readonly ReaskOptions Reask = new() { MaxAttempts = 3 };

    public async Task<ScoreResult> ScoreAsync(string company, Prompt prompt, Action onRetry, CancellationToken cancellationToken)
    {
        var requests = 0;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var result = await ctx.Client.AskAsync(prompt, ctx.Model, Score, Reask, cancellationToken);
                requests += result.Attempts.Count;
                foreach (var bad in result.Attempts.Where(a => !a.IsSuccess))
                {
                    log.Enqueue($"{company}: reply {bad.Number} did not parse ({bad.Error})" + (bad.Number < result.Attempts.Count ? "; re-asked" : string.Empty));
                }

                return result.TryGetValue(out var score)
                    ? new ScoreResult(company, score, requests, attempt - 1, null)
                    : new ScoreResult(company, null, requests, attempt - 1,
                        $"no score after {result.Attempts.Count} replies: {result.LastResult.Error}");
            }
            catch (OllamaException ex) when (ex is not OllamaModelNotFoundException && IsTransient(ex))
            {
                requests++;
                var reason = ex.ServerMessage ?? ex.Message;
                if (attempt >= maxTries)
                {
                    log.Enqueue($"{company}: try {attempt} failed ({reason}); giving up");
                    return new ScoreResult(company, null, requests, attempt - 1, $"{reason} (after {attempt} tries)");
                }

                var pause = TimeSpan.FromMilliseconds(500 * (1 << (attempt - 1)));
                log.Enqueue($"{company}: try {attempt} failed ({reason}); retrying in {pause.TotalSeconds:0.#} s");
                onRetry();
                await Task.Delay(pause, cancellationToken);
            }
            catch (OllamaException ex) when (ex is not OllamaModelNotFoundException)
            {
                requests++;
                log.Enqueue($"{company}: {ex.ServerMessage ?? ex.Message}");
                return new ScoreResult(company, null, requests, attempt - 1, ex.ServerMessage ?? ex.Message);
            }
        }
    }

    // Worth another try: no answer at all (connection lost, stream cut), the server busy or overloaded, or a server error.
    private static bool IsTransient(OllamaException ex) => ex.StatusCode switch
    {
        null => true,
        HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout => true,
        var status => (int)status >= 500,
    };
}
