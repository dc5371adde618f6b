using System.Text.Json;
using Ollama.Net.Testing;

namespace Ollama.Net.TestServer.Tool.Control;

/// <summary>
/// A recorded request as the request log (one NDJSON line each) and <c>GET /_test/requests</c> show it. A JSON body is
/// embedded as JSON (<see cref="Body"/>); any other body is text (<see cref="BodyText"/>).
/// </summary>
internal sealed class RequestView
{
    public required int Index { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    public required string Method { get; init; }

    public required string Path { get; init; }

    public string? Query { get; init; }

    public string? Model { get; init; }

    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    public JsonElement? Body { get; init; }

    public string? BodyText { get; init; }

    /// <summary>The status sent; null while the response runs or when none was sent.</summary>
    public int? Status { get; init; }

    public bool Completed { get; init; }

    public bool ClientAborted { get; init; }

    /// <summary>The injected fault, described (<c>cut after 3 chunk(s)</c>).</summary>
    public string? Fault { get; init; }

    public static RequestView From(RecordedRequest request) => new()
    {
        Index = request.Index,
        ReceivedAt = request.ReceivedAt,
        Method = request.Method,
        Path = request.Path,
        Query = request.Query.Length == 0 ? null : request.Query,
        Model = request.Model,
        Headers = request.Headers,
        Body = request.Json,
        BodyText = request.Json is null && request.Body.Length > 0 ? request.BodyText : null,
        Status = request.StatusCode,
        Completed = request.Completion.IsCompleted,
        ClientAborted = request.ClientAborted,
        Fault = request.Fault?.ToString(),
    };
}
