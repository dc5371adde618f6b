namespace Ollama.Net;

/// <summary>
/// The rarely set fields of a <see cref="GenerationResponse"/> (remote host, done reason, debug info, log probabilities,
/// metrics), kept apart so that a content chunk carries one null reference instead of all of them.
/// </summary>
internal sealed class GenerationDetails
{
    public string? RemoteModel;
    public string? RemoteHost;
    public DoneReason? DoneReason;
    public DebugInfo? DebugInfo;
    public IList<Logprob>? Logprobs;
    public TimeSpan? TotalDuration;
    public TimeSpan? LoadDuration;
    public int? PromptEvalCount;
    public TimeSpan? PromptEvalDuration;
    public int? EvalCount;
    public TimeSpan? EvalDuration;
}
