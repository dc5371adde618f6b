using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>A model the server suggests (an item of <see cref="ModelRecommendationsResult.Recommendations"/>).</summary>
public sealed class ModelRecommendation
{
    /// <summary>The model name to pull or run.</summary>
    [JsonPropertyName("model")]
    public string Model { get; set; } = string.Empty;

    /// <summary>A short description.</summary>
    [JsonPropertyName("description")]
    public string Description { get; set; } = string.Empty;

    /// <summary>The context length in tokens, when known.</summary>
    [JsonPropertyName("context_length")]
    public int? ContextLength { get; set; }

    /// <summary>The most tokens it can generate in one answer, when known.</summary>
    [JsonPropertyName("max_output_tokens")]
    public int? MaxOutputTokens { get; set; }

    /// <summary>The GPU memory it needs in bytes, when known.</summary>
    [JsonPropertyName("vram_bytes")]
    public long? VramBytes { get; set; }

    /// <summary>The ollama.com plan it needs, such as <c>free</c> or <c>pro</c> (server v0.23.2+).</summary>
    [JsonPropertyName("required_plan")]
    public string? RequiredPlan { get; set; }

    /// <summary>Returns <see cref="Model"/>.</summary>
    public override string ToString() => Model;
}
