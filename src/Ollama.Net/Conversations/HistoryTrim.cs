namespace Ollama.Net;

/// <summary>
/// The <see cref="ChatSession"/> made room in the context window before a request: it removed the oldest exchanges from
/// its history (whole exchanges: a user message and every reply and tool result that followed it), and, with a
/// <see cref="ChatSession.Summarizer"/>, replaced them with a summary. Raised by <see cref="ChatSession.HistoryTrimmed"/>.
/// </summary>
public sealed class HistoryTrim
{
    internal HistoryTrim(IReadOnlyList<Message> removed, string? summary, int estimatedTokensBefore, int estimatedTokensAfter, int contextLength, int budget)
    {
        Removed = removed;
        Summary = summary;
        EstimatedTokensBefore = estimatedTokensBefore;
        EstimatedTokensAfter = estimatedTokensAfter;
        ContextLength = contextLength;
        Budget = budget;
    }

    /// <summary>The messages removed from the history, oldest first.</summary>
    public IReadOnlyList<Message> Removed { get; }

    /// <summary>The new <see cref="ChatSession.Summary"/> that replaces them, or null when they were only dropped.</summary>
    public string? Summary { get; }

    /// <summary>The estimated prompt before trimming, in tokens.</summary>
    public int EstimatedTokensBefore { get; }

    /// <summary>The estimated prompt after trimming, in tokens.</summary>
    public int EstimatedTokensAfter { get; }

    /// <summary>The context length the session budgets with.</summary>
    public int ContextLength { get; }

    /// <summary>The most prompt tokens the session allows: the context length less the room kept for the reply.</summary>
    public int Budget { get; }

    /// <summary>Returns a one-line description.</summary>
    public override string ToString()
        => $"Removed {Removed.Count} message(s){(Summary is null ? string.Empty : " into a summary")}: about {EstimatedTokensBefore} → {EstimatedTokensAfter} prompt tokens (budget {Budget} of {ContextLength}).";
}
