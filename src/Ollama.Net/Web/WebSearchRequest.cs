using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>A web search through ollama.com (<see cref="OllamaClient.WebSearchAsync(WebSearchRequest, CancellationToken)"/>).</summary>
public sealed class WebSearchRequest
{
    /// <summary>Creates an empty request.</summary>
    public WebSearchRequest()
    {
    }

    /// <summary>Creates a request for a query.</summary>
    /// <param name="query">What to search for.</param>
    public WebSearchRequest(string query) => Query = query;

    /// <summary>What to search for (required).</summary>
    [JsonPropertyName("query")]
    public string Query { get; set; } = string.Empty;

    /// <summary>The most results to return (ollama.com default 5, maximum 10).</summary>
    [JsonPropertyName("max_results")]
    public int? MaxResults { get; set; }
}
