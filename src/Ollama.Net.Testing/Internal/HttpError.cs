namespace Ollama.Net.Testing.Internal;

/// <summary>Thrown by handlers to answer with an error status and an Ollama <c>{"error": ...}</c> body.</summary>
internal sealed class HttpError : Exception
{
    public HttpError(int status, string message, string? signinUrl = null)
        : base(message)
    {
        Status = status;
        SigninUrl = signinUrl;
    }

    public int Status { get; }

    public string? SigninUrl { get; }

    public static HttpError BadRequest(string message) => new(400, message);

    public static HttpError NotFound(string message) => new(404, message);
}
