using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>One tensor of a model file (<see cref="ShowModelResult.Tensors"/>).</summary>
public sealed class ModelTensor
{
    /// <summary>The tensor name, such as <c>blk.0.attn_q.weight</c>.</summary>
    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;

    /// <summary>The element type, such as <c>Q4_K</c> or <c>F32</c>.</summary>
    [JsonPropertyName("type")]
    public string Type { get; set; } = string.Empty;

    /// <summary>The dimensions.</summary>
    [JsonPropertyName("shape")]
    public IList<ulong> Shape { get; set; } = [];

    /// <summary>Returns <c>name type [shape]</c>.</summary>
    public override string ToString() => $"{Name} {Type} [{string.Join(", ", Shape)}]";
}
