using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>The schema of one tool parameter (or of a nested property).</summary>
public sealed class ToolProperty
{
    /// <summary><c>anyOf</c>: alternative schemas.</summary>
    [JsonPropertyName("anyOf")]
    public IList<ToolProperty>? AnyOf { get; set; }

    /// <summary>The JSON type: one name (<c>"string"</c>) or several (<c>["string","null"]</c>).</summary>
    [JsonPropertyName("type")]
    public ToolPropertyType? Type { get; set; }

    /// <summary><c>items</c>: the schema of array elements, free-form JSON.</summary>
    [JsonPropertyName("items")]
    public JsonElement? Items { get; set; }

    /// <summary>What the parameter means.</summary>
    [JsonPropertyName("description")]
    public string? Description { get; set; }

    /// <summary><c>enum</c>: the allowed values.</summary>
    [JsonPropertyName("enum")]
    public IList<JsonElement>? Enum { get; set; }

    /// <summary>Nested properties of an object parameter (server v0.13.5+). Key order is kept.</summary>
    [JsonPropertyName("properties")]
    public OrderedDictionary<string, ToolProperty>? Properties { get; set; }

    /// <summary>Required nested property names (server v0.13.5+).</summary>
    [JsonPropertyName("required")]
    public IList<string>? Required { get; set; }
}
