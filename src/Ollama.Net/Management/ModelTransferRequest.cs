using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>
/// What pull and push requests share: the model, <see cref="Insecure"/>, and the legacy fields the server still accepts.
/// Progress is always streamed (<c>"stream": true</c>, set by the client).
/// </summary>
public abstract class ModelTransferRequest
{
    private protected ModelTransferRequest(string model) => Model = model;

    /// <summary>The model name (required), such as <c>llama3.2</c>, <c>hf.co/org/repo:Q4_K_M</c> or <c>me/mymodel:latest</c>.</summary>
    [JsonPropertyName("model")]
    public string Model { get; set; }

    /// <summary>Talk to the registry over plain http (only for your own registries).</summary>
    [JsonPropertyName("insecure")]
    public bool? Insecure { get; set; }

    /// <summary>Always true: the client reads the progress as it comes, and errors arrive as they happen.</summary>
    [JsonInclude]
    [JsonPropertyName("stream")]
    internal bool Stream => true;

    /// <summary><b>Ignored by the server</b> (deprecated registry user name).</summary>
    [Obsolete("The server ignores username; registries authenticate with the server's key.")]
    [JsonPropertyName("username")]
    public string? Username { get; set; }

    /// <summary><b>Ignored by the server</b> (deprecated registry password).</summary>
    [Obsolete("The server ignores password; registries authenticate with the server's key.")]
    [JsonPropertyName("password")]
    public string? Password { get; set; }

    /// <summary><b>Legacy</b> alias of <see cref="Model"/> (<c>name</c>); the server reads it only when <c>model</c> is empty.</summary>
    [Obsolete("Legacy wire alias: use Model.")]
    [JsonPropertyName("name")]
    public string? Name { get; set; }
}
