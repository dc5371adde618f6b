using System.Net;
using System.Text;

namespace Ollama.Net.Extensions.AI.Tests.Infrastructure;

/// <summary>A request as the fake handler saw it.</summary>
public sealed record RecordedRequest(
    HttpMethod Method,
    Uri Uri,
    IReadOnlyDictionary<string, string> Headers,
    string? ContentType,
    long? ContentLength,
    string? Body);

/// <summary>
/// An <see cref="HttpMessageHandler"/> that records every request and answers from a script: queued responders first,
/// then <see cref="Fallback"/>. No sockets.
/// </summary>
public sealed class FakeHttpHandler : HttpMessageHandler
{
    private readonly Queue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>> _script = new();

    public List<RecordedRequest> Requests { get; } = [];

    public RecordedRequest LastRequest => Requests[^1];

    public Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>? Fallback { get; set; }

    public List<HttpResponseMessage> Responses { get; } = [];

    public FakeHttpHandler Enqueue(HttpResponseMessage response)
    {
        _script.Enqueue((_, _) => Task.FromResult(response));
        return this;
    }

    public FakeHttpHandler Enqueue(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> responder)
    {
        _script.Enqueue(responder);
        return this;
    }

    public FakeHttpHandler EnqueueJson(string json, HttpStatusCode status = HttpStatusCode.OK)
        => Enqueue(FakeResponse.Json(json, status));

    public FakeHttpHandler EnqueueNdjson(params string[] lines)
        => Enqueue(FakeResponse.Ndjson(lines));

    public FakeHttpHandler EnqueueThrow(Exception exception)
        => Enqueue((_, _) => Task.FromException<HttpResponseMessage>(exception));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        string? body = null;
        string? contentType = null;
        long? contentLength = null;
        if (request.Content is not null)
        {
            body = await request.Content.ReadAsStringAsync(cancellationToken);
            contentType = request.Content.Headers.ContentType?.ToString();
            contentLength = request.Content.Headers.ContentLength;
        }

        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
        Requests.Add(new RecordedRequest(request.Method, request.RequestUri!, headers, contentType, contentLength, body));

        var responder = _script.Count > 0 ? _script.Dequeue() : Fallback
            ?? throw new InvalidOperationException($"No scripted response for {request.Method} {request.RequestUri}.");
        var response = await responder(request, cancellationToken);
        response.RequestMessage ??= request;
        Responses.Add(response);
        return response;
    }
}

/// <summary>Builders of scripted responses.</summary>
public static class FakeResponse
{
    public static HttpResponseMessage Json(string json, HttpStatusCode status = HttpStatusCode.OK)
        => new(status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Text(string text, HttpStatusCode status)
        => new(status) { Content = new StringContent(text, Encoding.UTF8, "text/plain") };

    public static HttpResponseMessage Empty(HttpStatusCode status)
        => new(status) { Content = new ByteArrayContent([]) };

    public static HttpResponseMessage Ndjson(params string[] lines)
        => Stream(new MemoryStream(Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l + "\n")))));

    public static HttpResponseMessage Stream(Stream stream, HttpStatusCode status = HttpStatusCode.OK, string contentType = "application/x-ndjson")
    {
        var content = new StreamContent(stream);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return new HttpResponseMessage(status) { Content = content };
    }
}
