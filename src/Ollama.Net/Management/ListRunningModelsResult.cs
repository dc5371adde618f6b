using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>The loaded models (<c>GET /api/ps</c>, <see cref="OllamaClient.ListRunningModelsAsync(CancellationToken)"/>).</summary>
public sealed class ListRunningModelsResult
{
    /// <summary>The loaded models, the one that expires last first (empty when none is loaded).</summary>
    [JsonPropertyName("models")]
    public IList<RunningModel> Models { get; set; } = [];
}
