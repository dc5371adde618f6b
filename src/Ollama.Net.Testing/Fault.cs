using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Ollama.Net.Testing;

/// <summary>
/// A misbehaviour the <see cref="OllamaTestServer"/> injects into one or more responses: delays, a cut connection, an
/// error line mid-stream, a malformed line, a hang, one-byte trickle, or a whole scripted status and body. Build one with
/// the static factories, combine several with <see cref="And"/>, and register it through
/// <see cref="OllamaTestServer.Faults"/> or <see cref="ScriptedReply.Fault"/>.
/// </summary>
/// <remarks>
/// A "chunk" is one NDJSON line of a streaming response. A non-streaming response is one chunk (its whole body).
/// </remarks>
public sealed class Fault
{
    /// <summary>The error text Ollama sends when the server is at its queue limit (note the two spaces).</summary>
    public const string BusyMessage = "server busy, please try again.  maximum pending requests exceeded";

    private Fault()
    {
    }

    internal TimeSpan FirstByteDelay { get; private init; }

    internal TimeSpan ChunkDelay { get; private init; }

    internal int? CutAfter { get; private init; }

    internal int? ErrorAfter { get; private init; }

    internal string ErrorText { get; private init; } = string.Empty;

    internal int? MalformedAfter { get; private init; }

    internal int? HangAfter { get; private init; }

    internal bool OneByteAtATime { get; private init; }

    internal int? StatusCode { get; private init; }

    internal byte[]? Body { get; private init; }

    internal string? ContentType { get; private init; }

    internal string Description { get; private init; } = string.Empty;

    /// <summary>Waits before the response's first byte (before the status line and headers).</summary>
    /// <param name="delay">How long to wait. The wait ends early if the client goes away.</param>
    /// <returns>The fault.</returns>
    public static Fault DelayFirstByte(TimeSpan delay) =>
        new() { FirstByteDelay = NonNegative(delay), Description = $"delay first byte {delay}" };

    /// <summary>Waits before every chunk.</summary>
    /// <param name="delay">How long to wait before each chunk.</param>
    /// <returns>The fault.</returns>
    public static Fault DelayEachChunk(TimeSpan delay) =>
        new() { ChunkDelay = NonNegative(delay), Description = $"delay each chunk {delay}" };

    /// <summary>
    /// Writes <paramref name="chunks"/> chunks, flushes, then aborts the connection (<c>HttpContext.Abort()</c>), so the
    /// client sees the stream end without its final <c>done</c> chunk. With 0 the connection is dropped before any response.
    /// </summary>
    /// <param name="chunks">The number of chunks to send first.</param>
    /// <returns>The fault.</returns>
    public static Fault CutAfterChunks(int chunks) =>
        new() { CutAfter = NonNegative(chunks), Description = $"cut after {chunks} chunk(s)" };

    /// <summary>
    /// Writes <paramref name="chunks"/> chunks, then one <c>{"error":"..."}</c> line, and ends the 200 response, as Ollama
    /// does when a runner fails mid-stream. With 0 the whole response becomes a 500 with that error body instead
    /// (<c>application/json</c> without a charset on a streaming response, as Ollama's <c>streamResponse</c> sends it).
    /// </summary>
    /// <param name="chunks">The number of chunks to send first.</param>
    /// <param name="message">The error text.</param>
    /// <returns>The fault.</returns>
    public static Fault ErrorAfterChunks(int chunks, string message = "an error was encountered while running the model")
    {
        ArgumentNullException.ThrowIfNull(message);
        return new() { ErrorAfter = NonNegative(chunks), ErrorText = message, Description = $"error after {chunks} chunk(s): {message}" };
    }

    /// <summary>Writes <paramref name="chunks"/> chunks, then one line that is not valid JSON, then the rest of the stream.</summary>
    /// <param name="chunks">The number of chunks to send first.</param>
    /// <returns>The fault.</returns>
    public static Fault MalformedLineAfterChunks(int chunks) =>
        new() { MalformedAfter = NonNegative(chunks), Description = $"malformed line after {chunks} chunk(s)" };

    /// <summary>
    /// Writes <paramref name="chunks"/> chunks, flushes, then waits, sending nothing more, until the client goes away or the
    /// server is disposed. With 0 not even the headers are sent. Use it to test cancellation without timing.
    /// </summary>
    /// <param name="chunks">The number of chunks to send first.</param>
    /// <returns>The fault.</returns>
    public static Fault HangAfterChunks(int chunks) =>
        new() { HangAfter = NonNegative(chunks), Description = $"hang after {chunks} chunk(s)" };

    /// <summary>Writes the response body one byte at a time, flushing after each byte.</summary>
    /// <returns>The fault.</returns>
    public static Fault Trickle() => new() { OneByteAtATime = true, Description = "one-byte trickle" };

    /// <summary>Answers with any status and body instead of the normal response.</summary>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="body">The body text (JSON or not).</param>
    /// <param name="contentType">The <c>Content-Type</c>; plain text by default.</param>
    /// <returns>The fault.</returns>
    public static Fault Respond(int statusCode, string body, string contentType = "text/plain; charset=utf-8")
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(contentType);
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        return new()
        {
            StatusCode = statusCode,
            Body = Encoding.UTF8.GetBytes(body),
            ContentType = contentType,
            Description = $"respond {statusCode.ToString(CultureInfo.InvariantCulture)}",
        };
    }

    /// <summary>Answers with a status and an Ollama error body <c>{"error":"message"}</c>.</summary>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="message">The error text.</param>
    /// <returns>The fault.</returns>
    public static Fault Error(int statusCode, string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Respond(statusCode, Internal.JsonOut.ErrorText(message, null), "application/json; charset=utf-8");
    }

    /// <summary>Answers 503 <c>server busy, please try again.  maximum pending requests exceeded</c>.</summary>
    /// <returns>The fault.</returns>
    public static Fault Busy() => Error(503, BusyMessage);

    /// <summary>Answers 401 <c>{"error":"unauthorized","signin_url":"..."}</c>.</summary>
    /// <param name="signinUrl">The sign-in URL; a realistic ollama.com connect URL by default.</param>
    /// <returns>The fault.</returns>
    public static Fault Unauthorized(string? signinUrl = null) =>
        Respond(401, Internal.JsonOut.ErrorText("unauthorized", signinUrl ?? Internal.JsonOut.DefaultSigninUrl), "application/json; charset=utf-8");

    /// <summary>Combines this fault with another; where both set the same behaviour, <paramref name="other"/> wins.</summary>
    /// <param name="other">The fault to add.</param>
    /// <returns>A new fault with both behaviours.</returns>
    public Fault And(Fault other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return new()
        {
            FirstByteDelay = other.FirstByteDelay > TimeSpan.Zero ? other.FirstByteDelay : FirstByteDelay,
            ChunkDelay = other.ChunkDelay > TimeSpan.Zero ? other.ChunkDelay : ChunkDelay,
            CutAfter = other.CutAfter ?? CutAfter,
            ErrorAfter = other.ErrorAfter ?? ErrorAfter,
            ErrorText = other.ErrorAfter is null ? ErrorText : other.ErrorText,
            MalformedAfter = other.MalformedAfter ?? MalformedAfter,
            HangAfter = other.HangAfter ?? HangAfter,
            OneByteAtATime = OneByteAtATime || other.OneByteAtATime,
            StatusCode = other.StatusCode ?? StatusCode,
            Body = other.StatusCode is null ? Body : other.Body,
            ContentType = other.StatusCode is null ? ContentType : other.ContentType,
            Description = Description + " + " + other.Description,
        };
    }

    /// <summary>Describes the fault.</summary>
    /// <returns>A short description, e.g. <c>cut after 3 chunk(s)</c>.</returns>
    public override string ToString() => Description;

    private static int NonNegative(int value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value, name);
        return value;
    }

    private static TimeSpan NonNegative(TimeSpan value, [CallerArgumentExpression(nameof(value))] string? name = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero, name);
        return value;
    }
}
