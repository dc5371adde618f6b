using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>
/// A request to the legacy <c>POST /api/embeddings</c> (one prompt, vector not normalized). Superseded by
/// <see cref="EmbedRequest"/> and <see cref="OllamaClient.EmbedAsync(EmbedRequest, CancellationToken)"/>.
/// </summary>
public sealed class LegacyEmbeddingRequest
{
    /// <summary>Creates an empty request.</summary>
    public LegacyEmbeddingRequest()
    {
    }

    /// <summary>Creates a request.</summary>
    /// <param name="model">The embedding model.</param>
    /// <param name="prompt">The text to embed.</param>
    public LegacyEmbeddingRequest(string model, string prompt)
    {
        Model = model;
        Prompt = prompt;
    }

    /// <summary>The embedding model name (required).</summary>
    [JsonPropertyName("model")]
    public string Model { get; set; } = string.Empty;

    /// <summary>The text to embed. Empty only loads the model.</summary>
    [JsonPropertyName("prompt")]
    public string Prompt { get; set; } = string.Empty;

    /// <summary>How long the model stays loaded after the request.</summary>
    [JsonPropertyName("keep_alive")]
    public KeepAlive? KeepAlive { get; set; }

    /// <summary>Runtime options.</summary>
    [JsonPropertyName("options")]
    public ModelOptions? Options { get; set; }
}
