using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>
/// The short description of a model (<c>details</c> in <c>/api/tags</c>, <c>/api/ps</c> and <c>/api/show</c>): its file
/// format, family, size class and quantization.
/// </summary>
public sealed class ModelDetails
{
    /// <summary>The model this one was created from, when known (often empty).</summary>
    [JsonPropertyName("parent_model")]
    public string ParentModel { get; set; } = string.Empty;

    /// <summary>The file format: <c>gguf</c>, <c>safetensors</c>, or empty (remote models).</summary>
    [JsonPropertyName("format")]
    public string Format { get; set; } = string.Empty;

    /// <summary>The model family (architecture), such as <c>llama</c> or <c>qwen2</c>.</summary>
    [JsonPropertyName("family")]
    public string Family { get; set; } = string.Empty;

    /// <summary>All families of the model, or null when the server sent <c>null</c>.</summary>
    [JsonPropertyName("families")]
    public IList<string>? Families { get; set; }

    /// <summary>The parameter count as text, such as <c>"8.0B"</c> or <c>"494.03M"</c>.</summary>
    [JsonPropertyName("parameter_size")]
    public string ParameterSize { get; set; } = string.Empty;

    /// <summary>The quantization, such as <c>"Q4_K_M"</c> or <c>"F16"</c>.</summary>
    [JsonPropertyName("quantization_level")]
    public string QuantizationLevel { get; set; } = string.Empty;

    /// <summary>The trained context length in tokens (server v0.30.0+).</summary>
    [JsonPropertyName("context_length")]
    public int? ContextLength { get; set; }

    /// <summary>The embedding (hidden) size (server v0.30.0+).</summary>
    [JsonPropertyName("embedding_length")]
    public int? EmbeddingLength { get; set; }

    /// <summary>Returns <c>family parameter_size quantization</c>.</summary>
    public override string ToString() => $"{Family} {ParameterSize} {QuantizationLevel}".Trim();
}
