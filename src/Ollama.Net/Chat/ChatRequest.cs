using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>A request to <c>POST /api/chat</c>: the model, the conversation and optional tools and settings.</summary>
public sealed class ChatRequest
{
    /// <summary>Creates an empty request.</summary>
    public ChatRequest()
    {
    }

    /// <summary>Creates a request for a model and messages.</summary>
    /// <param name="model">The model name, such as <c>qwen2.5:0.5b</c>.</param>
    /// <param name="messages">The conversation so far.</param>
    public ChatRequest(string model, params IEnumerable<Message> messages)
    {
        Model = model;
        Messages = [.. messages];
    }

    /// <summary>The model name (required), such as <c>llama3.2</c> or <c>qwen2.5:0.5b</c>.</summary>
    [JsonPropertyName("model")]
    public string Model { get; set; } = string.Empty;

    /// <summary>The conversation. Empty loads the model (and, with <see cref="KeepAlive"/> 0, unloads it).</summary>
    [JsonPropertyName("messages")]
    public IList<Message> Messages { get; set; } = [];

    /// <summary>Tools the model may call.</summary>
    [JsonPropertyName("tools")]
    public IList<Tool>? Tools { get; set; }

    /// <summary>
    /// Whether the server streams. Set by <see cref="OllamaClient"/>: <c>false</c> for
    /// <see cref="OllamaClient.ChatAsync(ChatRequest, CancellationToken)"/>, <c>true</c> for the streaming method
    /// (the request object itself is not changed).
    /// </summary>
    [JsonPropertyName("stream")]
    public bool? Stream { get; set; }

    /// <summary>Constrains the answer to JSON (<see cref="OutputFormat.Json"/>) or to a JSON Schema.</summary>
    [JsonPropertyName("format")]
    public OutputFormat? Format { get; set; }

    /// <summary>How long the model stays loaded after the request (server default 5 minutes).</summary>
    [JsonPropertyName("keep_alive")]
    public KeepAlive? KeepAlive { get; set; }

    /// <summary>Runtime options such as temperature and context size.</summary>
    [JsonPropertyName("options")]
    public ModelOptions? Options { get; set; }

    /// <summary>Thinking on, off, or a level. Unset: thinking-capable models think (server v0.12.4+).</summary>
    [JsonPropertyName("think")]
    public ThinkValue? Think { get; set; }

    /// <summary>Drop old history when the prompt exceeds the context (server default true); false makes it an error.</summary>
    [JsonPropertyName("truncate")]
    public bool? Truncate { get; set; }

    /// <summary>Shift the context window when it fills during generation (server default true); false makes it an error.</summary>
    [JsonPropertyName("shift")]
    public bool? Shift { get; set; }

    /// <summary>Return per-token log probabilities.</summary>
    [JsonPropertyName("logprobs")]
    public bool? Logprobs { get; set; }

    /// <summary>Number of most likely alternatives per token (0–20); used with <see cref="Logprobs"/>.</summary>
    [JsonPropertyName("top_logprobs")]
    public int? TopLogprobs { get; set; }

    /// <summary>Debug: return the rendered template in <see cref="GenerationResponse.DebugInfo"/> without running the model.</summary>
    [JsonPropertyName("_debug_render_only")]
    public bool? DebugRenderOnly { get; set; }

    internal ChatRequest WithStream(bool stream)
    {
        var copy = (ChatRequest)MemberwiseClone();
        copy.Stream = stream;
        return copy;
    }
}
