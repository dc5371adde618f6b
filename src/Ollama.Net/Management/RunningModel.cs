using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>A model loaded in memory (an item of <see cref="ListRunningModelsResult.Models"/>, from <c>GET /api/ps</c>).</summary>
public sealed class RunningModel
{
    /// <summary>The model name with its tag.</summary>
    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;

    /// <summary>The model name (the same value as <see cref="Name"/>).</summary>
    [JsonPropertyName("model")]
    public string Model { get; set; } = string.Empty;

    /// <summary>The memory it takes in bytes (RAM and VRAM together).</summary>
    [JsonPropertyName("size")]
    public long Size { get; set; }

    /// <summary>The SHA-256 of the manifest as 64 hex digits (no <c>sha256:</c> prefix).</summary>
    [JsonPropertyName("digest")]
    public string Digest { get; set; } = string.Empty;

    /// <summary>Format, family, size class and quantization.</summary>
    [JsonPropertyName("details")]
    public ModelDetails Details { get; set; } = new();

    /// <summary>When the server will unload it (far in the future for a model kept loaded forever).</summary>
    [JsonPropertyName("expires_at")]
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>The part of <see cref="Size"/> held in GPU memory, in bytes.</summary>
    [JsonPropertyName("size_vram")]
    public long SizeVram { get; set; }

    /// <summary>The context length it was loaded with (server v0.10.0+).</summary>
    [JsonPropertyName("context_length")]
    public int ContextLength { get; set; }

    /// <summary>The fraction of the model in GPU memory (0 to 1; 0 when <see cref="Size"/> is 0).</summary>
    [JsonIgnore]
    public double GpuFraction => Size > 0 ? Math.Clamp((double)SizeVram / Size, 0, 1) : 0;

    /// <summary>Returns <see cref="Name"/>.</summary>
    public override string ToString() => Name;
}
