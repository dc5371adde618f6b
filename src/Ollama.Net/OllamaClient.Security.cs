namespace Ollama.Net;

// Guards the API key: out of exception messages even when a server (or a proxy in front of it) echoes request headers
// back in an error body, and a warning when it is about to travel unencrypted.
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

    /// <summary>
    /// Logs one warning (per client, at construction) when the API key will be sent over plain <c>http://</c> to a host
    /// that is not loopback, where anyone on the network path can read it.
    /// </summary>
    private void WarnIfApiKeyTravelsUnencrypted(Uri endpoint)
    {
        var keyIsSent = _apiKey is not null && !_httpClientHasAuthorization &&
            !_defaultHeaders.Any(static h => string.Equals(h.Key, "Authorization", StringComparison.OrdinalIgnoreCase));
        if (keyIsSent && endpoint.Scheme == Uri.UriSchemeHttp && !endpoint.IsLoopback)
        {
            Diagnostics.OllamaLog.ApiKeyOverPlainHttp(_instrumentation.Logger, Internal.UriDisplay.Format(endpoint));
        }
    }
}
