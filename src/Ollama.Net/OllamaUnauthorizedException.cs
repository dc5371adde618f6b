using System.Net;

namespace Ollama.Net;

/// <summary>
/// The server answered 401: the request needs ollama.com authorization (a cloud model, web search, or ollama.com
/// itself). Set <c>OLLAMA_API_KEY</c> (or <see cref="OllamaClientOptions.ApiKey"/>), or sign the server in at
/// <see cref="SigninUrl"/>.
/// </summary>
public class OllamaUnauthorizedException : OllamaException
{
    /// <summary>Creates an exception with a default message.</summary>
    public OllamaUnauthorizedException()
        : base("The request was not authorized.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public OllamaUnauthorizedException(string? message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public OllamaUnauthorizedException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for a 401 response.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="statusCode">The HTTP status (normally 401).</param>
    /// <param name="serverMessage">The server's error text.</param>
    /// <param name="signinUrl">The <c>signin_url</c> of the response, if any.</param>
    public OllamaUnauthorizedException(string? message, HttpStatusCode? statusCode, string? serverMessage, string? signinUrl)
        : base(message, statusCode, serverMessage)
    {
        SigninUrl = signinUrl;
    }

    /// <summary>The URL where the server's key can be connected to an ollama.com account (<c>signin_url</c>), if sent.</summary>
    public string? SigninUrl { get; }
}
