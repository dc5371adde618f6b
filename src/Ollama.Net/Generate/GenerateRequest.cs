using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>
/// A request to <c>POST /api/generate</c>: a completion for a single prompt, with the settings every
/// <see cref="GenerationRequest"/> has.
/// </summary>
public sealed class GenerateRequest : GenerationRequest
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

    /// <summary>No templating: the prompt is sent as is. Cannot be combined with template, system or context.</summary>
    [JsonPropertyName("raw")]
    public bool? Raw { get; set; }

    /// <summary>Images (or audio clips) for multimodal models.</summary>
    [JsonPropertyName("images")]
    public IList<ImageData>? Images { get; set; }
}
