using Ollama.Net.Diagnostics;
using Ollama.Net.Serialization;

namespace Ollama.Net;

public partial class OllamaClient
{
    /// <summary>
    /// Sends a prompt to <c>POST /api/generate</c> and returns the whole completion. The request is sent with
    /// <c>"stream": false</c>, so the server concatenates the response and thinking itself (the request object is not
    /// changed). An empty prompt only loads the model (<see cref="DoneReason.Load"/>).
    /// </summary>
    /// <param name="request">The model, prompt and settings.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The completion with the done reason and metrics.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">The request has no model name.</exception>
    /// <exception cref="OllamaModelNotFoundException">The model is not installed.</exception>
    /// <exception cref="OllamaException">The server reported an error or could not be reached.</exception>
    /// <exception cref="TimeoutException"><see cref="OllamaClientOptions.RequestTimeout"/> elapsed.</exception>
    public virtual Task<GenerateResult> GenerateAsync(GenerateRequest request, CancellationToken cancellationToken = default)
    {
        ValidateGenerateRequest(request);
        return SendJsonAsync(
            HttpMethod.Post, "api/generate", request.WithStream(false), OllamaJsonContext.Default.GenerateRequest, OllamaJsonContext.Default.GenerateResult, cancellationToken, OperationInfo.ForGenerate(request));
    }

    /// <summary>
    /// Sends a prompt to <c>POST /api/generate</c> with <c>"stream": true</c> and yields the completion as it is
    /// generated: each <see cref="GenerateUpdate"/> carries a delta of the response or thinking; the last one has
    /// <see cref="GenerationResponse.Done"/> set with the done reason, metrics and context.
    /// </summary>
    /// <param name="request">The model, prompt and settings (validated before the enumeration starts).</param>
    /// <param name="cancellationToken">Cancels the call; ends the enumeration with <see cref="OperationCanceledException"/>.</param>
    /// <returns>The chunks, ending with the final (done) chunk.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null (thrown at once).</exception>
    /// <exception cref="ArgumentException">The request has no model name (thrown at once).</exception>
    /// <exception cref="OllamaException">
    /// While enumerating: the server reported an error (before or in the middle of the stream), the stream ended before
    /// its final chunk, or the server could not be reached.
    /// </exception>
    public virtual IAsyncEnumerable<GenerateUpdate> GenerateStreamingAsync(GenerateRequest request, CancellationToken cancellationToken = default)
    {
        ValidateGenerateRequest(request);
        return StreamJsonAsync(
            HttpMethod.Post,
            "api/generate",
            request.WithStream(true),
            OllamaJsonContext.Default.GenerateRequest,
            OllamaJsonContext.Default.GenerateUpdate,
            static update => update.Done,
            cancellationToken,
            OperationInfo.ForGenerate(request));
    }

    private static void ValidateGenerateRequest(GenerateRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ValidateModel(request.Model, nameof(request), "generate request");
    }
}
