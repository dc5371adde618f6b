using Ollama.Net.Diagnostics;
using Ollama.Net.Serialization;

namespace Ollama.Net;

public partial class OllamaClient
{
    /// <summary>
    /// Embeds texts with <c>POST /api/embed</c>. The vectors come back L2-normalized, one per input, as slices of one
    /// contiguous buffer (<see cref="EmbedResult.Buffer"/>).
    /// </summary>
    /// <param name="request">The model, inputs and settings.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The vectors and metrics.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">The request has no model name, or an input is null.</exception>
    /// <exception cref="OllamaModelNotFoundException">The model is not installed.</exception>
    /// <exception cref="OllamaException">The server reported an error or could not be reached.</exception>
    public virtual Task<EmbedResult> EmbedAsync(EmbedRequest request, CancellationToken cancellationToken = default)
    {
        ValidateEmbedRequest(request);
        return SendJsonAsync(
            HttpMethod.Post, "api/embed", request, OllamaJsonContext.Default.EmbedRequest, OllamaJsonContext.Default.EmbedResult, EmbedResultParser.Parse, cancellationToken, OperationInfo.ForEmbed(request));
    }

    /// <summary>Embeds one text with <c>POST /api/embed</c>.</summary>
    /// <param name="model">The embedding model, such as <c>nomic-embed-text</c>.</param>
    /// <param name="input">The text.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One vector (<c>result.Embeddings[0]</c>).</returns>
    /// <exception cref="ArgumentException"><paramref name="model"/> is empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    /// <exception cref="OllamaException">The server reported an error or could not be reached.</exception>
    public virtual Task<EmbedResult> EmbedAsync(string model, string input, CancellationToken cancellationToken = default)
    {
        ValidateModel(model, nameof(model), "embed call");
        ArgumentNullException.ThrowIfNull(input);
        return EmbedAsync(new EmbedRequest { Model = model, Input = [input] }, cancellationToken);
    }

    /// <summary>Embeds several texts in one <c>POST /api/embed</c> call (one vector per text, in order).</summary>
    /// <param name="model">The embedding model, such as <c>nomic-embed-text</c>.</param>
    /// <param name="inputs">The texts.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The vectors.</returns>
    /// <exception cref="ArgumentException"><paramref name="model"/> is empty, or a text is null.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="inputs"/> is null.</exception>
    /// <exception cref="OllamaException">The server reported an error or could not be reached.</exception>
    public virtual Task<EmbedResult> EmbedAsync(string model, IEnumerable<string> inputs, CancellationToken cancellationToken = default)
    {
        ValidateModel(model, nameof(model), "embed call");
        ArgumentNullException.ThrowIfNull(inputs);
        var list = inputs.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is null)
            {
                throw new ArgumentException($"Input {i} is null.", nameof(inputs));
            }
        }

        return EmbedAsync(new EmbedRequest { Model = model, Input = list }, cancellationToken);
    }

    private static void ValidateEmbedRequest(EmbedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ValidateModel(request.Model, nameof(request), "embed request");
        if (request.Input is null)
        {
            throw new ArgumentException("The embed request's Input list is null; give at least one text (or an empty list to only load the model).", nameof(request));
        }

        for (var i = 0; i < request.Input.Count; i++)
        {
            if (request.Input[i] is null)
            {
                throw new ArgumentException($"Input {i} of the embed request is null.", nameof(request));
            }
        }
    }
}
