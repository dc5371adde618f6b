namespace Ollama.Net;

/// <summary>
/// Ollama evaluated fewer prompt tokens than the <see cref="ChatSession"/> sent: it dropped old messages or shifted the
/// context window to fit <c>num_ctx</c>, so the model did not see the whole conversation. Raised by
/// <see cref="ChatSession.PromptTruncated"/> and kept in <see cref="ChatSession.LastPromptTruncation"/>.
/// </summary>
/// <remarks>
/// Ollama does this silently (with <c>truncate</c> on, its default). The session notices it by comparing the server's
/// <c>prompt_eval_count</c> with its own estimate of the prompt, which starts from the count of the last prompt Ollama
/// evaluated in full (see <see cref="ChatSession.EstimatePromptTokens"/>): it reports a count that falls short of the
/// estimate by more than half the estimated tokens of what changed since that prompt (new and removed messages, all of
/// them for the first request) plus 16. Ollama cuts whole messages, so a cut is larger than that margin, while the
/// estimate's error on the new text is smaller.
/// </remarks>
public sealed class PromptTruncation
{
    internal PromptTruncation(int estimatedPromptTokens, int evaluatedPromptTokens, int? contextLength, int round)
    {
        EstimatedPromptTokens = estimatedPromptTokens;
        EvaluatedPromptTokens = evaluatedPromptTokens;
        ContextLength = contextLength;
        Round = round;
    }

    /// <summary>The session's estimate of the prompt it sent, in tokens.</summary>
    public int EstimatedPromptTokens { get; }

    /// <summary>The prompt tokens Ollama evaluated (<c>prompt_eval_count</c>).</summary>
    public int EvaluatedPromptTokens { get; }

    /// <summary>The context length the session was budgeting with, when known.</summary>
    public int? ContextLength { get; }

    /// <summary>The request of the exchange that was truncated: 0 for the first, then one more per tool round.</summary>
    public int Round { get; }

    /// <summary>Returns a one-line description.</summary>
    public override string ToString()
        => $"Ollama evaluated {EvaluatedPromptTokens} prompt tokens of about {EstimatedPromptTokens} sent"
            + (ContextLength is { } length ? $" (context length {length})" : string.Empty) + ": the start of the conversation was cut.";
}
