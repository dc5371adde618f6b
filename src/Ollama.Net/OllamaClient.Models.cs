using System.Net;
using Ollama.Net.Serialization;

namespace Ollama.Net;

// Model management: list, running models, show, copy, delete, load and unload, recommendations.
public partial class OllamaClient
{
    /// <summary>Lists the models installed on the server (<c>GET /api/tags</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The installed models with their size, digest, details and capabilities.</returns>
    /// <exception cref="OllamaException">The server reported an error or could not be reached.</exception>
    public virtual Task<ListModelsResult> ListModelsAsync(CancellationToken cancellationToken = default)
        => SendJsonAsync(HttpMethod.Get, "api/tags", OllamaJsonContext.Default.ListModelsResult, cancellationToken);

    /// <summary>Lists the models loaded in memory (<c>GET /api/ps</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The loaded models with their memory use, context length and expiry time.</returns>
    /// <exception cref="OllamaException">The server reported an error or could not be reached.</exception>
    public virtual Task<ListRunningModelsResult> ListRunningModelsAsync(CancellationToken cancellationToken = default)
        => SendJsonAsync(HttpMethod.Get, "api/ps", OllamaJsonContext.Default.ListRunningModelsResult, cancellationToken);

    /// <summary>Gets the details of an installed model (<c>POST /api/show</c>).</summary>
    /// <param name="model">The model name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The Modelfile, template, parameters, license, capabilities and metadata.</returns>
    /// <exception cref="ArgumentException"><paramref name="model"/> is null, empty or white space.</exception>
    /// <exception cref="OllamaModelNotFoundException">The model is not installed.</exception>
    /// <exception cref="OllamaException">The server reported an error or could not be reached.</exception>
    public virtual Task<ShowModelResult> ShowModelAsync(string model, CancellationToken cancellationToken = default)
    {
        ValidateModel(model, nameof(model), "show call");
        return ShowModelAsync(new ShowModelRequest(model), cancellationToken);
    }

    /// <summary>Gets the details of an installed model (<c>POST /api/show</c>), optionally verbose.</summary>
    /// <param name="request">The model name and settings.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The Modelfile, template, parameters, license, capabilities and metadata.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">The request has no model name.</exception>
    /// <exception cref="OllamaModelNotFoundException">The model is not installed.</exception>
    /// <exception cref="OllamaException">The server reported an error or could not be reached.</exception>
    public virtual Task<ShowModelResult> ShowModelAsync(ShowModelRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ValidateModel(request.Model, nameof(request), "show request");
        return SendJsonAsync(
            HttpMethod.Post, "api/show", request, OllamaJsonContext.Default.ShowModelRequest, OllamaJsonContext.Default.ShowModelResult, cancellationToken);
    }

    /// <summary>Copies an installed model under a new name (<c>POST /api/copy</c>).</summary>
    /// <param name="source">The existing model.</param>
    /// <param name="destination">The new name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the copy exists.</returns>
    /// <exception cref="ArgumentException">A name is null, empty or white space.</exception>
    /// <exception cref="OllamaModelNotFoundException"><paramref name="source"/> is not installed.</exception>
    /// <exception cref="OllamaException">The server reported an error or could not be reached.</exception>
    public virtual Task CopyModelAsync(string source, string destination, CancellationToken cancellationToken = default)
    {
        ValidateModel(source, nameof(source), "copy source");
        ValidateModel(destination, nameof(destination), "copy destination");
        return SendAsync(
            HttpMethod.Post, "api/copy", new CopyModelRequest(source, destination), OllamaJsonContext.Default.CopyModelRequest, cancellationToken);
    }

    /// <summary>Deletes an installed model (<c>DELETE /api/delete</c> with a JSON body).</summary>
    /// <param name="model">The model name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the model is gone.</returns>
    /// <exception cref="ArgumentException"><paramref name="model"/> is null, empty or white space.</exception>
    /// <exception cref="OllamaModelNotFoundException">The model is not installed.</exception>
    /// <exception cref="OllamaException">The server reported an error or could not be reached.</exception>
    public virtual Task DeleteModelAsync(string model, CancellationToken cancellationToken = default)
    {
        ValidateModel(model, nameof(model), "delete call");
        return SendAsync(HttpMethod.Delete, "api/delete", new DeleteModelRequest(model), OllamaJsonContext.Default.DeleteModelRequest, cancellationToken);
    }

    /// <summary>
    /// Loads a model into memory without generating anything (an empty <c>POST /api/generate</c>; embedding-only models,
    /// which cannot generate, are loaded through an empty <c>POST /api/embed</c>), and keeps it there for
    /// <paramref name="keepAlive"/> (for example <see cref="KeepAlive.Forever"/>).
    /// </summary>
    /// <param name="model">The model name.</param>
    /// <param name="keepAlive">
    /// How long the model stays loaded (a <see cref="TimeSpan"/> converts implicitly); null keeps the server's default
    /// (5 minutes).
    /// </param>
    /// <param name="cancellationToken">Cancels the call (loading a large model can take minutes).</param>
    /// <returns>A task that completes when the model is loaded.</returns>
    /// <exception cref="ArgumentException"><paramref name="model"/> is null, empty or white space.</exception>
    /// <exception cref="OllamaModelNotFoundException">The model is not installed.</exception>
    /// <exception cref="OllamaException">The server reported an error or could not be reached.</exception>
    public virtual Task LoadModelAsync(string model, KeepAlive? keepAlive = null, CancellationToken cancellationToken = default)
    {
        ValidateModel(model, nameof(model), "load call");
        return LoadModelCoreAsync(model, keepAlive, cancellationToken);
    }

    /// <summary>
    /// Unloads a model from memory now (<c>POST /api/generate</c> with no prompt and <c>keep_alive: 0</c>; works for
    /// every kind of model, and for a model that is not loaded).
    /// </summary>
    /// <param name="model">The model name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the model is unloaded.</returns>
    /// <exception cref="ArgumentException"><paramref name="model"/> is null, empty or white space.</exception>
    /// <exception cref="OllamaModelNotFoundException">The model is not installed.</exception>
    /// <exception cref="OllamaException">The server reported an error or could not be reached.</exception>
    public virtual Task UnloadModelAsync(string model, CancellationToken cancellationToken = default)
    {
        ValidateModel(model, nameof(model), "unload call");
        var request = new GenerateRequest { Model = model, KeepAlive = KeepAlive.UnloadImmediately, Stream = false };
        return SendJsonAsync(
            HttpMethod.Post, "api/generate", request, OllamaJsonContext.Default.GenerateRequest, OllamaJsonContext.Default.GenerateResult, cancellationToken);
    }

    /// <summary>Gets the models the server suggests (<c>GET /api/experimental/model-recommendations</c>, server v0.22.1+).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The suggestions with their size, context length and required plan.</returns>
    /// <exception cref="OllamaException">The server reported an error (404 on servers before v0.22.1) or could not be reached.</exception>
    public virtual Task<ModelRecommendationsResult> GetModelRecommendationsAsync(CancellationToken cancellationToken = default)
        => SendJsonAsync(
            HttpMethod.Get, "api/experimental/model-recommendations", OllamaJsonContext.Default.ModelRecommendationsResult, cancellationToken);

    private async Task LoadModelCoreAsync(string model, KeepAlive? keepAlive, CancellationToken cancellationToken)
    {
        try
        {
            var request = new GenerateRequest { Model = model, KeepAlive = keepAlive, Stream = false };
            await SendJsonAsync(
                HttpMethod.Post, "api/generate", request, OllamaJsonContext.Default.GenerateRequest, OllamaJsonContext.Default.GenerateResult, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (OllamaException ex) when (ex.StatusCode == HttpStatusCode.BadRequest &&
                                         ex.ServerMessage?.Contains("does not support generate", StringComparison.OrdinalIgnoreCase) == true)
        {
            // An embedding-only model: an empty embed call loads it.
            var request = new EmbedRequest { Model = model, Input = [], KeepAlive = keepAlive };
            await SendJsonAsync(
                HttpMethod.Post, "api/embed", request, OllamaJsonContext.Default.EmbedRequest, OllamaJsonContext.Default.EmbedResult, cancellationToken)
                .ConfigureAwait(false);
        }
    }
}
