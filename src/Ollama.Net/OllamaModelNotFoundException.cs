using System.Net;

namespace Ollama.Net;

/// <summary>
/// The server answered 404 because the model does not exist locally (<c>model 'X' not found</c> or
/// <c>model "X" not found, try pulling it first</c>). Pull it first, or check the name.
/// </summary>
public class OllamaModelNotFoundException : OllamaException
{
    /// <summary>Creates an exception with a default message.</summary>
    public OllamaModelNotFoundException()
        : base("The model was not found.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public OllamaModelNotFoundException(string? message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public OllamaModelNotFoundException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for a missing model.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="statusCode">The HTTP status (normally 404).</param>
    /// <param name="serverMessage">The server's error text.</param>
    /// <param name="modelName">The model name the server did not find.</param>
    public OllamaModelNotFoundException(string? message, HttpStatusCode? statusCode, string? serverMessage, string? modelName)
        : base(message, statusCode, serverMessage)
    {
        ModelName = modelName;
    }

    /// <summary>
    /// The model name the server did not find, as quoted in its message: <c>x:latest</c> when the server normalized the
    /// name (show), and empty when the request named no model (<c>model '' not found</c>).
    /// </summary>
    public string? ModelName { get; }
}
