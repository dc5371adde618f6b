using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>A model installed on the server (an item of <see cref="ListModelsResult.Models"/>, from <c>GET /api/tags</c>).</summary>
public sealed class LocalModel
{
    /// <summary>The model name with its tag, such as <c>llama3.2:latest</c>.</summary>
    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;

    /// <summary>The model name (the same value as <see cref="Name"/>).</summary>
    [JsonPropertyName("model")]
    public string Model { get; set; } = string.Empty;

    /// <summary>For remote (cloud) models: the model name on the remote host.</summary>
    [JsonPropertyName("remote_model")]
    public string? RemoteModel { get; set; }

    /// <summary>For remote (cloud) models: the remote host.</summary>
    [JsonPropertyName("remote_host")]
    public string? RemoteHost { get; set; }

    /// <summary>When the model was last changed (with the server's local offset).</summary>
    [JsonPropertyName("modified_at")]
    public DateTimeOffset ModifiedAt { get; set; }

    /// <summary>The size on disk in bytes.</summary>
    [JsonPropertyName("size")]
    public long Size { get; set; }

    /// <summary>The SHA-256 of the manifest as 64 hex digits (no <c>sha256:</c> prefix).</summary>
    [JsonPropertyName("digest")]
    public string Digest { get; set; } = string.Empty;

    /// <summary>Format, family, size class and quantization.</summary>
    [JsonPropertyName("details")]
    public ModelDetails Details { get; set; } = new();

    /// <summary>What the model can do (server v0.30.0+; null from older servers).</summary>
    [JsonPropertyName("capabilities")]
    public IList<ModelCapability>? Capabilities { get; set; }

    /// <summary>Returns <see cref="Name"/>.</summary>
    public override string ToString() => Name;
}
