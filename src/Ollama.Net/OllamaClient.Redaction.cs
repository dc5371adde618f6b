namespace Ollama.Net;

// Keeps the API key out of exception messages even when a server (or a proxy in front of it) echoes request headers
// back in an error body.
public partial class OllamaClient
{
    private const string RedactedKey = "***";

    /// <summary>
    /// Returns <paramref name="error"/> unchanged, or, when its message or server text holds the API key, an exception of
    /// the same type with every occurrence of the key replaced by <c>***</c>.
    /// </summary>
    internal OllamaException RedactApiKey(OllamaException error)
    {
        var key = _apiKey;
        if (key is null ||
            (!error.Message.Contains(key, StringComparison.Ordinal) && error.ServerMessage?.Contains(key, StringComparison.Ordinal) != true))
        {
            return error;
        }

        var message = error.Message.Replace(key, RedactedKey, StringComparison.Ordinal);
        var serverMessage = error.ServerMessage?.Replace(key, RedactedKey, StringComparison.Ordinal);
        return error switch
        {
            OllamaUnauthorizedException unauthorized => new OllamaUnauthorizedException(
                message, unauthorized.StatusCode, serverMessage, unauthorized.SigninUrl?.Replace(key, RedactedKey, StringComparison.Ordinal)),
            OllamaModelNotFoundException notFound => new OllamaModelNotFoundException(
                message, notFound.StatusCode, serverMessage, notFound.ModelName?.Replace(key, RedactedKey, StringComparison.Ordinal)),
            _ => new OllamaException(message, error.StatusCode, serverMessage, error.InnerException),
        };
    }
}
