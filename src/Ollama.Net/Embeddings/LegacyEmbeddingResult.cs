using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>The reply of the legacy <c>POST /api/embeddings</c>: one vector, not normalized, in double precision.</summary>
public sealed class LegacyEmbeddingResult
{
    /// <summary>The vector (empty when the request only loaded the model).</summary>
    [JsonPropertyName("embedding")]
    public ReadOnlyMemory<double> Embedding { get; set; }
}
