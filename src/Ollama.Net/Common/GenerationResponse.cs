using System.Text.Json.Serialization;
using Ollama.Net.Serialization;

namespace Ollama.Net;

/// <summary>
/// What chat and generate responses (stream chunks and aggregated results) share: the model, timestamps, the
/// <see cref="Done"/> flag and <see cref="DoneReason"/>, log probabilities and the timing metrics of the final chunk.
/// </summary>
public abstract class GenerationResponse
{
    /// <summary>The model that answered (as named in the request).</summary>
    [JsonPropertyName("model")]
    [JsonPropertyOrder(-10)]
    public string Model { get; set; } = string.Empty;

    /// <summary>For remote (cloud) models: the model name on the remote host.</summary>
    [JsonPropertyName("remote_model")]
    [JsonPropertyOrder(-9)]
    public string? RemoteModel { get; set; }

    /// <summary>For remote (cloud) models: the remote host, such as <c>https://ollama.com:443</c>.</summary>
    [JsonPropertyName("remote_host")]
    [JsonPropertyOrder(-8)]
    public string? RemoteHost { get; set; }

    /// <summary>When the server produced this response (UTC).</summary>
    [JsonPropertyName("created_at")]
    [JsonPropertyOrder(-7)]
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>True on the final chunk (and on an aggregated result).</summary>
    [JsonPropertyName("done")]
    public bool Done { get; set; }

    /// <summary>Why generation ended; on the final chunk only.</summary>
    [JsonPropertyName("done_reason")]
    public DoneReason? DoneReason { get; set; }

    /// <summary>The rendered template, when the request set <c>_debug_render_only</c>.</summary>
    [JsonPropertyName("_debug_info")]
    public DebugInfo? DebugInfo { get; set; }

    /// <summary>Log probabilities of the generated tokens, when the request set <c>logprobs</c>.</summary>
    [JsonPropertyName("logprobs")]
    public IList<Logprob>? Logprobs { get; set; }

    /// <summary>Time spent on the whole request (wire: nanoseconds).</summary>
    [JsonPropertyName("total_duration")]
    [JsonConverter(typeof(NanosecondsConverter))]
    public TimeSpan? TotalDuration { get; set; }

    /// <summary>Time spent loading the model (wire: nanoseconds).</summary>
    [JsonPropertyName("load_duration")]
    [JsonConverter(typeof(NanosecondsConverter))]
    public TimeSpan? LoadDuration { get; set; }

    /// <summary>Number of prompt tokens evaluated.</summary>
    [JsonPropertyName("prompt_eval_count")]
    public int? PromptEvalCount { get; set; }

    /// <summary>Time spent evaluating the prompt (wire: nanoseconds).</summary>
    [JsonPropertyName("prompt_eval_duration")]
    [JsonConverter(typeof(NanosecondsConverter))]
    public TimeSpan? PromptEvalDuration { get; set; }

    /// <summary>Number of tokens generated.</summary>
    [JsonPropertyName("eval_count")]
    public int? EvalCount { get; set; }

    /// <summary>Time spent generating tokens (wire: nanoseconds).</summary>
    [JsonPropertyName("eval_duration")]
    [JsonConverter(typeof(NanosecondsConverter))]
    public TimeSpan? EvalDuration { get; set; }

    /// <summary>Generation speed, <see cref="EvalCount"/> / <see cref="EvalDuration"/>; null without both metrics.</summary>
    [JsonIgnore]
    public double? TokensPerSecond => EvalCount is { } count && EvalDuration is { } duration && duration > TimeSpan.Zero
        ? count / duration.TotalSeconds
        : null;

    /// <summary>Prompt processing speed, <see cref="PromptEvalCount"/> / <see cref="PromptEvalDuration"/>.</summary>
    [JsonIgnore]
    public double? PromptTokensPerSecond => PromptEvalCount is { } count && PromptEvalDuration is { } duration && duration > TimeSpan.Zero
        ? count / duration.TotalSeconds
        : null;
}
