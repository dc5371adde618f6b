using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>A request to <c>POST /api/generate</c>: a completion for a single prompt.</summary>
public sealed class GenerateRequest
{
    /// <summary>Creates an empty request.</summary>
    public GenerateRequest()
    {
    }

    /// <summary>Creates a request for a model and a prompt.</summary>
    /// <param name="model">The model name.</param>
    /// <param name="prompt">The prompt text.</param>
    public GenerateRequest(string model, string? prompt)
    {
        Model = model;
        Prompt = prompt;
    }

    /// <summary>The model name (required).</summary>
    [JsonPropertyName("model")]
    public string Model { get; set; } = string.Empty;

    /// <summary>The prompt. Empty or null loads the model only (with <see cref="KeepAlive"/> 0 it unloads it).</summary>
    [JsonPropertyName("prompt")]
    public string? Prompt { get; set; }

    /// <summary>Fill-in-the-middle: the text after the response (needs the <c>insert</c> capability).</summary>
    [JsonPropertyName("suffix")]
    public string? Suffix { get; set; }

    /// <summary>Replaces the Modelfile SYSTEM prompt.</summary>
    [JsonPropertyName("system")]
    public string? System { get; set; }

    /// <summary>Replaces the prompt template (Go template syntax).</summary>
    [JsonPropertyName("template")]
    public string? Template { get; set; }

    /// <summary>
    /// <b>Deprecated by the server</b> (it logs a warning but still honours it): the token context returned by an
    /// earlier response, for a short conversational memory. Prefer the chat endpoint with a message history.
    /// </summary>
    [JsonPropertyName("context")]
    public IList<int>? Context { get; set; }

    /// <summary>Whether the server streams. Set by <see cref="OllamaClient"/> per method (the request is not changed).</summary>
    [JsonPropertyName("stream")]
    public bool? Stream { get; set; }

    /// <summary>No templating: the prompt is sent as is. Cannot be combined with template, system or context.</summary>
    [JsonPropertyName("raw")]
    public bool? Raw { get; set; }

    /// <summary>Constrains the answer to JSON (<see cref="OutputFormat.Json"/>) or to a JSON Schema.</summary>
    [JsonPropertyName("format")]
    public OutputFormat? Format { get; set; }

    /// <summary>How long the model stays loaded after the request (server default 5 minutes).</summary>
    [JsonPropertyName("keep_alive")]
    public KeepAlive? KeepAlive { get; set; }

    /// <summary>Images (or audio clips) for multimodal models.</summary>
    [JsonPropertyName("images")]
    public IList<ImageData>? Images { get; set; }

    /// <summary>Runtime options such as temperature and context size.</summary>
    [JsonPropertyName("options")]
    public ModelOptions? Options { get; set; }

    /// <summary>Thinking on, off, or a level.</summary>
    [JsonPropertyName("think")]
    public ThinkValue? Think { get; set; }

    /// <summary>Truncate a prompt that exceeds the context (server default true); false makes it an error.</summary>
    [JsonPropertyName("truncate")]
    public bool? Truncate { get; set; }

    /// <summary>Shift the context window when it fills during generation (server default true).</summary>
    [JsonPropertyName("shift")]
    public bool? Shift { get; set; }

    /// <summary>Return per-token log probabilities.</summary>
    [JsonPropertyName("logprobs")]
    public bool? Logprobs { get; set; }

    /// <summary>Number of most likely alternatives per token (0–20); used with <see cref="Logprobs"/>.</summary>
    [JsonPropertyName("top_logprobs")]
    public int? TopLogprobs { get; set; }

    /// <summary>Debug: return the rendered template without running the model.</summary>
    [JsonPropertyName("_debug_render_only")]
    public bool? DebugRenderOnly { get; set; }

    internal GenerateRequest WithStream(bool stream)
    {
        var copy = (GenerateRequest)MemberwiseClone();
        copy.Stream = stream;
        return copy;
    }
}
