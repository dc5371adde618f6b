using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>A page fetch through ollama.com (<see cref="OllamaClient.WebFetchAsync(WebFetchRequest, CancellationToken)"/>).</summary>
public sealed class WebFetchRequest
{
    /// <summary>Creates an empty request.</summary>
    public WebFetchRequest()
    {
    }

    /// <summary>Creates a request for an address.</summary>
    /// <param name="url">The page to fetch.</param>
    public WebFetchRequest(string url) => Url = url;

    /// <summary>The page to fetch (required).</summary>
    [JsonPropertyName("url")]
    public string Url { get; set; } = string.Empty;
}
