using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>One page found by a web search (an item of <see cref="WebSearchResult.Results"/>).</summary>
public sealed class WebSearchHit
{
    /// <summary>The page title.</summary>
    [JsonPropertyName("title")]
    public string Title { get; set; } = string.Empty;

    /// <summary>The page address.</summary>
    [JsonPropertyName("url")]
    public string Url { get; set; } = string.Empty;

    /// <summary>Relevant text from the page.</summary>
    [JsonPropertyName("content")]
    public string Content { get; set; } = string.Empty;

    /// <summary>Returns the title and address.</summary>
    public override string ToString() => $"{Title} <{Url}>";
}
