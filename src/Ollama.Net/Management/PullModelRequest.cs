using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>A request to <c>POST /api/pull</c>: download a model from a registry.</summary>
public sealed class PullModelRequest
{
    /// <summary>Creates an empty request.</summary>
    public PullModelRequest()
    {
    }

    /// <summary>Creates a request for a model.</summary>
    /// <param name="model">The model name, such as <c>llama3.2</c> or <c>hf.co/org/repo:Q4_K_M</c>.</param>
    public PullModelRequest(string model) => Model = model;

    /// <summary>The model name (required).</summary>
    [JsonPropertyName("model")]
    public string Model { get; set; } = string.Empty;

    /// <summary>Talk to the registry over plain http (only for your own registries).</summary>
    [JsonPropertyName("insecure")]
    public bool? Insecure { get; set; }

    /// <summary>Whether the server streams progress. Set by <see cref="OllamaClient"/> (the request is not changed).</summary>
    [JsonPropertyName("stream")]
    public bool? Stream { get; set; }

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

    internal PullModelRequest WithStream(bool stream)
    {
        var copy = (PullModelRequest)MemberwiseClone();
        copy.Stream = stream;
        return copy;
    }
}
