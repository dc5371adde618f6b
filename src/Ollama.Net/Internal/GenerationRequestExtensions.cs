namespace Ollama.Net;

/// <summary>Typed access to <see cref="GenerationRequest.CopyWithStream(bool)"/>.</summary>
internal static class GenerationRequestExtensions
{
    /// <summary>A shallow copy of <paramref name="request"/> with <c>stream</c> set; the original is not changed.</summary>
    public static TRequest WithStream<TRequest>(this TRequest request, bool stream)
        where TRequest : GenerationRequest
        => (TRequest)request.CopyWithStream(stream);
}
