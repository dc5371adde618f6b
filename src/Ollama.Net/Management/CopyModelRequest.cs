using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>The body of <c>POST /api/copy</c>, built by <see cref="OllamaClient.CopyModelAsync"/>.</summary>
internal sealed class CopyModelRequest(string source, string destination)
{
    [JsonPropertyName("source")]
    public string Source { get; } = source;

    [JsonPropertyName("destination")]
    public string Destination { get; } = destination;
}
