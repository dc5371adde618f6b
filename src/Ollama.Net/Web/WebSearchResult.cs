using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>The pages found by <see cref="OllamaClient.WebSearchAsync"/>.</summary>
public sealed class WebSearchResult
{
    /// <summary>The pages, best first.</summary>
    [JsonPropertyName("results")]
    public IList<WebSearchHit> Results { get; set; } = [];
}
