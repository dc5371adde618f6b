using System.Net;

namespace Ollama.Net;

/// <summary>
/// An error reported by the Ollama server (any non-2xx response, or an <c>{"error": ...}</c> line inside a stream), a
/// stream that ended before its final chunk, or a failure to reach the server. <see cref="StatusCode"/> and
/// <see cref="ServerMessage"/> carry what the server said. Messages never contain the API key.
/// </summary>
public class OllamaException : Exception
{
    /// <summary>Creates an exception with a default message.</summary>
    public OllamaException()
        : base("The Ollama request failed.")
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public OllamaException(string? message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and its cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public OllamaException(string? message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for a server error.</summary>
    /// <param name="message">What went wrong (should include the status and the server's text).</param>
    /// <param name="statusCode">The HTTP status, or null when there was none (mid-stream error, connection failure).</param>
    /// <param name="serverMessage">The server's error text.</param>
    /// <param name="innerException">The cause.</param>
    public OllamaException(string? message, HttpStatusCode? statusCode, string? serverMessage, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ServerMessage = serverMessage;
    }

    /// <summary>The HTTP status of the response, or null when the error did not come with one (an error line inside a
    /// 200 stream, a stream cut short, a connection failure).</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The server's error text: the <c>error</c> field of a JSON body, or the raw body text (truncated).</summary>
    public string? ServerMessage { get; }
}
