using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>The installed models (<c>GET /api/tags</c>, <see cref="OllamaClient.ListModelsAsync(CancellationToken)"/>).</summary>
public sealed class ListModelsResult
{
    /// <summary>The installed models (empty when there are none).</summary>
    [JsonPropertyName("models")]
    public IList<LocalModel> Models { get; set; } = [];
}
