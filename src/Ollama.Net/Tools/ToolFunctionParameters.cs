using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>The JSON Schema of a tool's arguments: an object with named <see cref="Properties"/>.</summary>
public sealed class ToolFunctionParameters
{
    /// <summary>The schema type; <c>"object"</c>.</summary>
    [JsonPropertyName("type")]
    public string Type { get; set; } = "object";

    /// <summary><c>$defs</c>: shared sub-schema definitions, free-form JSON.</summary>
    [JsonPropertyName("$defs")]
    public JsonElement? Defs { get; set; }

    /// <summary><c>items</c>: free-form JSON.</summary>
    [JsonPropertyName("items")]
    public JsonElement? Items { get; set; }

    /// <summary>Names of the required properties.</summary>
    [JsonPropertyName("required")]
    public IList<string>? Required { get; set; }

    /// <summary>The properties by name. Key order is kept, on the wire and when read.</summary>
    [JsonPropertyName("properties")]
    public OrderedDictionary<string, ToolProperty>? Properties { get; set; }
}
