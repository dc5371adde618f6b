using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>A fetched page (<see cref="OllamaClient.WebFetchAsync"/>): its title, text and links.</summary>
public sealed class WebFetchResult
{
    /// <summary>The page title.</summary>
    [JsonPropertyName("title")]
    public string Title { get; set; } = string.Empty;

    /// <summary>The page text.</summary>
    [JsonPropertyName("content")]
    public string Content { get; set; } = string.Empty;

    /// <summary>The links found on the page.</summary>
    [JsonPropertyName("links")]
    public IList<string>? Links { get; set; }

    /// <summary>Returns <see cref="Title"/>.</summary>
    public override string ToString() => Title;
}
