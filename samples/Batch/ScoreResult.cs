namespace Batch;

/// <summary>The outcome for one company: a score, or why there is none. Every input gets one; none is dropped.</summary>
/// <param name="Company">The company as given.</param>
/// <param name="Score">The score from 1 to 10, or null when the item failed.</param>
/// <param name="Requests">How many requests were sent (retries and re-asks included).</param>
/// <param name="Retries">How many times a transient error (busy server, lost connection) was retried.</param>
/// <param name="Error">Why the item failed, or null.</param>
internal sealed record ScoreResult(string Company, int? Score, int Requests, int Retries, string? Error)
{
    public bool Succeeded => Score is not null;
}
