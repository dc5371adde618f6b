using System.Text;
using System.Text.Json;

namespace Ollama.Net.Testing;

/// <summary>
/// One HTTP request that the <see cref="OllamaTestServer"/> received, as it arrived: method, path, query, headers and body
/// bytes. It also tells how the exchange ended (<see cref="Completion"/>, <see cref="ClientAborted"/>,
/// <see cref="StatusCode"/>).
/// </summary>
public sealed class RecordedRequest
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lazy<string> _text;
    private readonly Lazy<JsonElement?> _json;
    private int _state; // 0 running, 1 completed
    private volatile bool _clientAborted;
    private volatile bool _serverAborted;

    internal RecordedRequest(
        int index, string method, string path, string query, IReadOnlyDictionary<string, string> headers, byte[] body,
        DateTimeOffset receivedAt)
    {
        Index = index;
        Method = method;
        Path = path;
        Query = query;
        Headers = headers;
        Body = body;
        ReceivedAt = receivedAt;
        _text = new(() => Encoding.UTF8.GetString(body));
        _json = new(() => ParseJson(body));
    }

    /// <summary>The zero-based position of this request among all requests the server received.</summary>
    public int Index { get; }

    /// <summary>The HTTP method, e.g. <c>POST</c>.</summary>
    public string Method { get; }

    /// <summary>The path, e.g. <c>/api/chat</c>.</summary>
    public string Path { get; }

    /// <summary>The raw query string including the leading <c>?</c>, or empty.</summary>
    public string Query { get; }

    /// <summary>The request headers (names case-insensitive; repeated headers joined with <c>", "</c>).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>The body bytes exactly as received (empty when there was none).</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The body decoded as UTF-8.</summary>
    public string BodyText => _text.Value;

    /// <summary>The body parsed as JSON, or null when it is empty or not valid JSON.</summary>
    public JsonElement? Json => _json.Value;

    /// <summary>The <c>model</c> (or legacy <c>name</c>) field of a JSON body, or null.</summary>
    public string? Model
    {
        get
        {
            if (Json is not { ValueKind: JsonValueKind.Object } root)
            {
                return null;
            }

            foreach (var key in (ReadOnlySpan<string>)["model", "name"])
            {
                if (root.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s)
                {
                    return s;
                }
            }

            return null;
        }
    }

    /// <summary>When the request arrived (after its body was read).</summary>
    public DateTimeOffset ReceivedAt { get; }

    /// <summary>
    /// True when the client went away (closed or reset the connection) before the server finished its response:
    /// the server saw <c>HttpContext.RequestAborted</c> fire. Connections the server cut on purpose do not count.
    /// </summary>
    public bool ClientAborted => _clientAborted;

    /// <summary>The status code the server sent, or null while the response is still running or when none was sent.</summary>
    public int? StatusCode { get; private set; }

    /// <summary>The fault that was applied to this request, or null.</summary>
    public Fault? Fault { get; internal set; }

    /// <summary>Completes when the server has finished with this request: the response ended or the connection went away.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Returns <c>METHOD /path?query</c>.</summary>
    /// <returns>A short description.</returns>
    public override string ToString() => $"{Method} {Path}{Query}";

    internal void MarkServerAborted() => _serverAborted = true;

    internal void OnRequestAborted()
    {
        if (Volatile.Read(ref _state) == 0 && !_serverAborted)
        {
            _clientAborted = true;
        }
    }

    internal void Finish(int? statusCode)
    {
        if (Interlocked.Exchange(ref _state, 1) == 0)
        {
            StatusCode = statusCode;
            _completion.TrySetResult();
        }
    }

    private static JsonElement? ParseJson(byte[] body)
    {
        if (body.Length == 0)
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
