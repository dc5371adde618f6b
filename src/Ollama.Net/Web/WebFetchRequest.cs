using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>The body of a page fetch through ollama.com, built by <see cref="OllamaClient.WebFetchAsync"/>.</summary>
internal sealed class WebFetchRequest(string url)
{
    [JsonPropertyName("url")]
    public string Url { get; } = url;
}
