using Microsoft.Extensions.AI;

namespace Ollama.Net.Extensions.AI;

/// <summary>
/// The <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> over an <see cref="OllamaClient"/> (<c>POST /api/embed</c>),
/// made by <see cref="OllamaClientExtensions.AsIEmbeddingGenerator"/> and <c>AddOllamaEmbeddingGenerator</c>.
/// </summary>
/// <remarks>
/// A batch of values is embedded in one <c>/api/embed</c> call; the vectors come back L2-normalized, in input order, as
/// slices of one buffer. <see cref="EmbeddingGenerationOptions.ModelId"/> names the model (else the default one),
/// <see cref="EmbeddingGenerationOptions.Dimensions"/> → <c>dimensions</c> (the server truncates and re-normalizes),
/// <see cref="EmbeddingGenerationOptions.AdditionalProperties"/> → <c>keep_alive</c>, <c>truncate</c>, or any other key
/// into <c>options</c>; <see cref="EmbeddingGenerationOptions.RawRepresentationFactory"/> may return an
/// <see cref="EmbedRequest"/> to start from. An empty batch returns an empty result without calling the server.
/// </remarks>
internal sealed class OllamaEmbeddingGenerator : OllamaAdapter, IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>Creates an embedding generator over <paramref name="client"/>.</summary>
    /// <param name="client">The Ollama client (not disposed by this object).</param>
    /// <param name="defaultModel">
    /// The embedding model used when <see cref="EmbeddingGenerationOptions.ModelId"/> is not set, such as
    /// <c>nomic-embed-text</c>; null uses <see cref="OllamaClient.DefaultModel"/>.
    /// </param>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is null.</exception>
    public OllamaEmbeddingGenerator(OllamaClient client, string? defaultModel = null)
        : base(client, defaultModel)
        => Metadata = new EmbeddingGeneratorMetadata(OllamaTelemetry.ProviderName, client.Endpoint, DefaultModel);

    /// <inheritdoc/>
    protected override EmbeddingGeneratorMetadata Metadata { get; }

    /// <summary>Embeds the values in one <c>/api/embed</c> call.</summary>
    /// <param name="values">The texts.</param>
    /// <param name="options">The settings.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One embedding per value, in order, with the usage.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="values"/> is null.</exception>
    /// <exception cref="ArgumentException">A value is null.</exception>
    /// <exception cref="InvalidOperationException">No model is named anywhere, or the server returned the wrong number of vectors.</exception>
    /// <exception cref="OllamaException">The server reported an error or could not be reached.</exception>
    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var inputs = values.ToList();
        for (var i = 0; i < inputs.Count; i++)
        {
            if (inputs[i] is null)
            {
                throw new ArgumentException($"Value {i} is null.", nameof(values));
            }
        }

        var request = options?.RawRepresentationFactory?.Invoke(this) as EmbedRequest ?? new EmbedRequest();
        var model = ChooseModel(
            options?.ModelId,
            request.Model,
            DefaultModel,
            "No embedding model was named. Pass one to AsIEmbeddingGenerator(\"nomic-embed-text\") or AddOllamaEmbeddingGenerator(...), set EmbeddingGenerationOptions.ModelId, or set OllamaClientOptions.DefaultModel.");

        if (inputs.Count == 0)
        {
            return [];
        }

        request.Model = model;
        request.Input = inputs;
        if (options?.Dimensions is { } dimensions)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1, nameof(options));
            request.Dimensions = dimensions;
        }

        AdditionalPropertiesMapper.Apply(options?.AdditionalProperties, request);

        var result = await Client.EmbedAsync(request, cancellationToken).ConfigureAwait(false);
        if (result.Embeddings.Count != inputs.Count)
        {
            throw new InvalidOperationException(
                $"The server returned {result.Embeddings.Count} embedding(s) for {inputs.Count} input(s).");
        }

        var createdAt = DateTimeOffset.UtcNow;
        var modelId = string.IsNullOrEmpty(result.Model) ? model : result.Model;
        var embeddings = new GeneratedEmbeddings<Embedding<float>>(inputs.Count);
        foreach (var vector in result.Embeddings)
        {
            embeddings.Add(new Embedding<float>(vector) { ModelId = modelId, CreatedAt = createdAt });
        }

        if (result.PromptEvalCount is { } tokens)
        {
            embeddings.Usage = new UsageDetails { InputTokenCount = tokens, TotalTokenCount = tokens };
        }

        if (result.TotalDuration is not null || result.LoadDuration is not null)
        {
            embeddings.AdditionalProperties = [];
            if (result.TotalDuration is { } total)
            {
                embeddings.AdditionalProperties["total_duration"] = total;
            }

            if (result.LoadDuration is { } load)
            {
                embeddings.AdditionalProperties["load_duration"] = load;
            }
        }

        return embeddings;
    }
}
