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

    /// <summary>
    /// True for an error that Ollama reports from inside its stream machinery (<c>streamResponse</c> before the first
    /// byte, or <c>waitForStream</c>): the body is <c>application/json</c> without a charset, where a handler's own
    /// <c>c.JSON</c> error carries <c>; charset=utf-8</c>.
    /// </summary>
    public bool Streamed { get; init; }

    public static HttpError BadRequest(string message) => new(400, message);

    public static HttpError NotFound(string message) => new(404, message);

    /// <summary>An error of the streaming phase; <paramref name="streamed"/> says whether the response streams.</summary>
    public static HttpError InStream(int status, string message, bool streamed = true) => new(status, message) { Streamed = streamed };
}
