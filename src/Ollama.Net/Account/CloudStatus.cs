using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>Whether the server may use ollama.com cloud features (<see cref="ServerStatus.Cloud"/>).</summary>
public sealed class CloudStatus
{
    /// <summary>True when cloud models and web search are turned off on this server.</summary>
    [JsonPropertyName("disabled")]
    public bool Disabled { get; set; }

    /// <summary>
    /// What turned it off: <c>none</c>, <c>env</c> (<c>OLLAMA_NO_CLOUD</c>), <c>config</c> (<c>~/.ollama/server.json</c>)
    /// or <c>both</c>.
    /// </summary>
    [JsonPropertyName("source")]
    public string Source { get; set; } = string.Empty;
}
