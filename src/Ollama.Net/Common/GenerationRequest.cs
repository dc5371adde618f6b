using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>
/// What chat and generate requests share: the model, output format, keep-alive, runtime options, thinking, context
/// handling and log probabilities. The client sets <c>stream</c> itself, per method.
/// </summary>
public abstract class GenerationRequest
{
    private protected GenerationRequest()
    {
    }

    /// <summary>The model name (required), such as <c>llama3.2</c> or <c>qwen2.5:0.5b</c>.</summary>
    [JsonPropertyName("model")]
    [JsonPropertyOrder(-1)]
    public string Model { get; set; } = string.Empty;

    /// <summary>
    /// Whether the server streams: <c>false</c> for the aggregated methods (<c>ChatAsync</c>, <c>GenerateAsync</c>),
    /// <c>true</c> for the streaming ones. Set on a copy by <see cref="OllamaClient"/>; the caller's request is not changed.
    /// </summary>
    [JsonInclude]
    [JsonPropertyName("stream")]
    [JsonPropertyOrder(1)]
    internal bool? Stream { get; set; }

    /// <summary>Constrains the answer to JSON (<see cref="OutputFormat.Json"/>) or to a JSON Schema.</summary>
    [JsonPropertyName("format")]
    [JsonPropertyOrder(1)]
    public OutputFormat? Format { get; set; }

    /// <summary>How long the model stays loaded after the request (server default 5 minutes).</summary>
    [JsonPropertyName("keep_alive")]
    [JsonPropertyOrder(1)]
    public KeepAlive? KeepAlive { get; set; }

    /// <summary>Runtime options such as temperature and context size.</summary>
    [JsonPropertyName("options")]
    [JsonPropertyOrder(1)]
    public ModelOptions? Options { get; set; }

    /// <summary>Thinking on, off, or a level. Unset: thinking-capable models think (server v0.12.4+).</summary>
    [JsonPropertyName("think")]
    [JsonPropertyOrder(1)]
    public ThinkValue? Think { get; set; }

    /// <summary>
    /// When the prompt exceeds the context window, drop its oldest part (for chat: old messages) instead of failing
    /// (server default true); false makes it an error.
    /// </summary>
    [JsonPropertyName("truncate")]
    [JsonPropertyOrder(1)]
    public bool? Truncate { get; set; }

    /// <summary>Shift the context window when it fills during generation (server default true); false makes it an error.</summary>
    [JsonPropertyName("shift")]
    [JsonPropertyOrder(1)]
    public bool? Shift { get; set; }

    /// <summary>Return per-token log probabilities.</summary>
    [JsonPropertyName("logprobs")]
    [JsonPropertyOrder(1)]
    public bool? Logprobs { get; set; }

    /// <summary>Number of most likely alternatives per token (0–20); used with <see cref="Logprobs"/>.</summary>
    [JsonPropertyName("top_logprobs")]
    [JsonPropertyOrder(1)]
    public int? TopLogprobs { get; set; }

    /// <summary>Debug: return the rendered template in <see cref="GenerationResponse.DebugInfo"/> without running the model.</summary>
    [JsonPropertyName("_debug_render_only")]
    [JsonPropertyOrder(1)]
    public bool? DebugRenderOnly { get; set; }

    /// <summary>A shallow copy with <see cref="Stream"/> set, so the caller's request is never changed.</summary>
    internal GenerationRequest CopyWithStream(bool stream)
    {
        var copy = (GenerationRequest)MemberwiseClone();
        copy.Stream = stream;
        return copy;
    }
}
