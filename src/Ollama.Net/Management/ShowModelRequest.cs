using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>A request to <c>POST /api/show</c>: the details of one installed model.</summary>
public sealed class ShowModelRequest
{
    /// <summary>Creates an empty request.</summary>
    public ShowModelRequest()
    {
    }

    /// <summary>Creates a request for a model.</summary>
    /// <param name="model">The model name.</param>
    public ShowModelRequest(string model) => Model = model;

    /// <summary>The model name (required).</summary>
    [JsonPropertyName("model")]
    public string Model { get; set; } = string.Empty;

    /// <summary>Replaces the SYSTEM prompt in the returned <see cref="ShowModelResult.Modelfile"/>.</summary>
    [JsonPropertyName("system")]
    public string? System { get; set; }

    /// <summary>Include large arrays in full (tokenizer vocabularies in <see cref="ShowModelResult.ModelInfo"/>, tensors).</summary>
    [JsonPropertyName("verbose")]
    public bool? Verbose { get; set; }

    /// <summary>Options merged into the PARAMETER lines of the returned Modelfile.</summary>
    [JsonPropertyName("options")]
    public ModelOptions? Options { get; set; }

    /// <summary><b>Ignored by the server.</b> Kept for wire completeness (<c>template</c>).</summary>
    [Obsolete("The server ignores ShowRequest.template.")]
    [JsonPropertyName("template")]
    public string? Template { get; set; }

    /// <summary><b>Legacy</b> alias of <see cref="Model"/> (<c>name</c>); the server reads it only when <c>model</c> is empty.</summary>
    [Obsolete("Legacy wire alias: use Model.")]
    [JsonPropertyName("name")]
    public string? Name { get; set; }
}
