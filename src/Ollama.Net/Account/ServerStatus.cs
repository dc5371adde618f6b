using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>The server's settings report (<c>GET /api/status</c>, server v0.16.2+).</summary>
public sealed class ServerStatus
{
    /// <summary>Whether cloud features are turned off, and by what.</summary>
    [JsonPropertyName("cloud")]
    public CloudStatus Cloud { get; set; } = new();
}
