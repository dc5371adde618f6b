using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>
/// Suggested models (<c>GET /api/experimental/model-recommendations</c>, server v0.22.1+,
/// <see cref="OllamaClient.GetModelRecommendationsAsync(CancellationToken)"/>).
/// </summary>
public sealed class ModelRecommendationsResult
{
    /// <summary>The suggestions.</summary>
    [JsonPropertyName("recommendations")]
    public IList<ModelRecommendation> Recommendations { get; set; } = [];
}
