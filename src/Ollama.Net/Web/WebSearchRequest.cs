using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>The body of a web search through ollama.com, built by <see cref="OllamaClient.WebSearchAsync"/>.</summary>
internal sealed class WebSearchRequest(string query, int? maxResults)
{
    [JsonPropertyName("query")]
    public string Query { get; } = query;

    [JsonPropertyName("max_results")]
    public int? MaxResults { get; } = maxResults;
}
