namespace Ollama.Net;

// Guards the API key: out of exception messages even when a server (or a proxy in front of it) echoes request headers
// back in an error body, and a warning when it is about to travel unencrypted.
public partial class OllamaClient
{
    /// <summary>
    /// Returns <paramref name="error"/> unchanged, or, when its message or server text holds the API key (or a run of 8 or
    /// more of its characters), an exception of the same type with every such run replaced by <c>***</c>.
    /// </summary>
    internal OllamaException RedactApiKey(OllamaException error)
    {
        if (_secrets is not { } secrets)
        {
            return error;
        }

        var message = secrets.Redact(error.Message);
        var serverMessage = secrets.Redact(error.ServerMessage);
        if (ReferenceEquals(message, error.Message) && ReferenceEquals(serverMessage, error.ServerMessage))
        {
            return error;
        }

        return error switch
        {
            OllamaUnauthorizedException unauthorized => new OllamaUnauthorizedException(
                message, unauthorized.StatusCode, serverMessage, secrets.Redact(unauthorized.SigninUrl)),
            OllamaModelNotFoundException notFound => new OllamaModelNotFoundException(
                message, notFound.StatusCode, serverMessage, secrets.Redact(notFound.ModelName)),
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
