using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>The function part of a <see cref="Tool"/>: name, description and parameter schema.</summary>
public sealed class ToolFunction
{
    /// <summary>The function name the model uses to call it.</summary>
    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;

    /// <summary>What the function does.</summary>
    [JsonPropertyName("description")]
    public string? Description { get; set; }

    /// <summary>The JSON Schema of the arguments object.</summary>
    [JsonPropertyName("parameters")]
    public ToolFunctionParameters Parameters { get; set; } = new();
}
