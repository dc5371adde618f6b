using System.Text.Json.Serialization.Metadata;

namespace Ollama.Net;

// Structured outputs: format set from a .NET type, answer parsed back into it.
public partial class OllamaClient
{
    /// <summary>
    /// Chats for a typed answer: sends <paramref name="request"/> with <c>format</c> set to the JSON Schema of
    /// <typeparamref name="T"/> (unless the request already has a <see cref="GenerationRequest.Format"/>; the request object is
    /// not changed) and parses the answer into <typeparamref name="T"/>.
    /// </summary>
    /// <typeparam name="T">The type of the answer (a class or record).</typeparam>
    /// <param name="request">The model, messages and settings. Asking for JSON in the prompt too helps small models.</param>
    /// <param name="typeInfo">Source-generated metadata of <typeparamref name="T"/>, such as <c>MyJsonContext.Default.Person</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The parsed value and the raw reply.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> or <paramref name="typeInfo"/> is null.</exception>
    /// <exception cref="ArgumentException">The request has no model name.</exception>
    /// <exception cref="System.Text.Json.JsonException">The answer is not JSON for <typeparamref name="T"/> (the message quotes it).</exception>
    /// <exception cref="OllamaException">The server reported an error or could not be reached.</exception>
    public virtual Task<ChatResult<T>> ChatAsync<T>(ChatRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        ValidateChatRequest(request);
        return ChatTypedCoreAsync(WithSchemaOf(request, typeInfo), typeInfo, cancellationToken);
    }

    /// <summary>
    /// Generates a typed answer: sends <paramref name="request"/> with <c>format</c> set to the JSON Schema of
    /// <typeparamref name="T"/> (unless the request already has a <see cref="GenerationRequest.Format"/>; the request
    /// object is not changed) and parses the response into <typeparamref name="T"/>.
    /// </summary>
    /// <typeparam name="T">The type of the answer (a class or record).</typeparam>
    /// <param name="request">The model, prompt and settings.</param>
    /// <param name="typeInfo">Source-generated metadata of <typeparamref name="T"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The parsed value and the raw reply.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> or <paramref name="typeInfo"/> is null.</exception>
    /// <exception cref="ArgumentException">The request has no model name.</exception>
    /// <exception cref="System.Text.Json.JsonException">The response is not JSON for <typeparamref name="T"/> (the message quotes it).</exception>
    /// <exception cref="OllamaException">The server reported an error or could not be reached.</exception>
    public virtual Task<GenerateResult<T>> GenerateAsync<T>(GenerateRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        ValidateGenerateRequest(request);
        return GenerateTypedCoreAsync(WithSchemaOf(request, typeInfo), typeInfo, cancellationToken);
    }

    /// <summary>A non-streaming copy of <paramref name="request"/> whose format is the schema of <typeparamref name="T"/>, unless it has one.</summary>
    private static TRequest WithSchemaOf<TRequest, T>(TRequest request, JsonTypeInfo<T> typeInfo)
        where TRequest : GenerationRequest
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        var typed = request.WithStream(false);
        typed.Format ??= OutputFormat.FromType(typeInfo);
        return typed;
    }

    private async Task<ChatResult<T>> ChatTypedCoreAsync<T>(ChatRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var raw = await ChatAsync(request, cancellationToken).ConfigureAwait(false);
        return new ChatResult<T>(raw.GetContentAs(typeInfo), raw);
    }

    private async Task<GenerateResult<T>> GenerateTypedCoreAsync<T>(GenerateRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var raw = await GenerateAsync(request, cancellationToken).ConfigureAwait(false);
        return new GenerateResult<T>(raw.GetResponseAs(typeInfo), raw);
    }
}
