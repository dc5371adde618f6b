using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>A request to <c>POST /api/push</c>: upload a model to a registry (ollama.com needs a signed-in key).</summary>
public sealed class PushModelRequest
{
    /// <summary>Creates an empty request.</summary>
    public PushModelRequest()
    {
    }

    /// <summary>Creates a request for a model.</summary>
    /// <param name="model">The model name with its namespace, such as <c>me/mymodel:latest</c>.</param>
    public PushModelRequest(string model) => Model = model;

    /// <summary>The model name with its namespace, <c>namespace/model:tag</c> (required).</summary>
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

    internal PushModelRequest WithStream(bool stream)
    {
        var copy = (PushModelRequest)MemberwiseClone();
        copy.Stream = stream;
        return copy;
    }
}
