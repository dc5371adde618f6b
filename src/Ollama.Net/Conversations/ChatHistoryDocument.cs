using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>The JSON form of a <see cref="ChatSession"/>'s conversation (<see cref="ChatSession.SaveHistory"/>).</summary>
internal sealed class ChatHistoryDocument
{
    /// <summary>The format version; 1.</summary>
    public const int CurrentVersion = 1;

    [JsonPropertyName("version")]
    public int Version { get; set; }

    [JsonPropertyName("system")]
    public string? System { get; set; }

    [JsonPropertyName("summary")]
    public string? Summary { get; set; }

    [JsonPropertyName("messages")]
    public IList<Message>? Messages { get; set; }
}
