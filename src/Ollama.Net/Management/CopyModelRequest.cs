using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>A request to <c>POST /api/copy</c>: copy an installed model under a new name.</summary>
public sealed class CopyModelRequest
{
    /// <summary>Creates an empty request.</summary>
    public CopyModelRequest()
    {
    }

    /// <summary>Creates a request.</summary>
    /// <param name="source">The existing model.</param>
    /// <param name="destination">The new name.</param>
    public CopyModelRequest(string source, string destination)
    {
        Source = source;
        Destination = destination;
    }

    /// <summary>The existing model name (required).</summary>
    [JsonPropertyName("source")]
    public string Source { get; set; } = string.Empty;

    /// <summary>The new model name (required).</summary>
    [JsonPropertyName("destination")]
    public string Destination { get; set; } = string.Empty;
}
