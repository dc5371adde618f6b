using Microsoft.AspNetCore.Http;

namespace Ollama.Net.Testing.Internal;

/// <summary>One request being handled: the server state, the HTTP context, the record and the fault-aware writer.</summary>
internal sealed class Exchange(OllamaTestServer server, HttpContext context, RecordedRequest record, ResponseWriter writer, CancellationToken token)
{
    public OllamaTestServer Server { get; } = server;

    public HttpContext Context { get; } = context;

    public RecordedRequest Record { get; } = record;

    public ResponseWriter Writer { get; } = writer;

    public CancellationToken Token { get; } = token;

    /// <summary>The route parameter (<c>:digest</c>, <c>:encodedKey</c>) when the route has one.</summary>
    public string RouteValue { get; set; } = string.Empty;

    public RequestJson Json(string goType) => RequestJson.Parse(Record.Body, goType);

    public Task OkEmptyAsync() => Writer.SendAsync(200, null, ReadOnlyMemory<byte>.Empty);

    public Task JsonAsync(byte[] json, int status = 200) => Writer.SendJsonAsync(status, json);

    public Task TextAsync(int status, string text, string contentType = ResponseWriter.TextContentType) =>
        Writer.SendAsync(status, contentType, System.Text.Encoding.UTF8.GetBytes(text));
}
