using Ollama.Net.Serialization;

namespace Ollama.Net;

// The legacy POST /api/embeddings (one prompt, vector not normalized), superseded by POST /api/embed.
public partial class OllamaClient
{
    internal const string LegacyEmbeddingsMessage =
        "POST /api/embeddings is Ollama's legacy embedding endpoint. Use EmbedAsync (POST /api/embed): it embeds several inputs per call, returns normalized float vectors, and supports truncate and dimensions.";

    /// <summary>Embeds one text with the legacy <c>POST /api/embeddings</c>. Prefer <see cref="EmbedAsync(string, string, CancellationToken)"/>.</summary>
    /// <param name="model">The embedding model.</param>
    /// <param name="prompt">The text.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The vector (not normalized).</returns>
    /// <exception cref="ArgumentException"><paramref name="model"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="prompt"/> is null.</exception>
    /// <exception cref="OllamaModelNotFoundException">The model is not installed.</exception>
    /// <exception cref="OllamaException">The server reported an error or could not be reached.</exception>
    [Obsolete(LegacyEmbeddingsMessage)]
    public virtual Task<LegacyEmbeddingResult> EmbeddingsAsync(string model, string prompt, CancellationToken cancellationToken = default)
    {
        ValidateModel(model, nameof(model), "embeddings call");
        ArgumentNullException.ThrowIfNull(prompt);
        return EmbeddingsAsync(new LegacyEmbeddingRequest(model, prompt), cancellationToken);
    }

    /// <summary>Embeds one text with the legacy <c>POST /api/embeddings</c>. Prefer <see cref="EmbedAsync(EmbedRequest, CancellationToken)"/>.</summary>
    /// <param name="request">The model, prompt and settings.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The vector (not normalized).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">The request has no model name, or a null prompt.</exception>
    /// <exception cref="OllamaModelNotFoundException">The model is not installed.</exception>
    /// <exception cref="OllamaException">The server reported an error or could not be reached.</exception>
    [Obsolete(LegacyEmbeddingsMessage)]
    public virtual Task<LegacyEmbeddingResult> EmbeddingsAsync(LegacyEmbeddingRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ValidateModel(request.Model, nameof(request), "embeddings request");
        if (request.Prompt is null)
        {
            throw new ArgumentException("The embeddings request's Prompt is null; use an empty string to only load the model.", nameof(request));
        }

        return SendJsonAsync(
            HttpMethod.Post,
            "api/embeddings",
            request,
            OllamaJsonContext.Default.LegacyEmbeddingRequest,
            OllamaJsonContext.Default.LegacyEmbeddingResult,
            cancellationToken);
    }
}
