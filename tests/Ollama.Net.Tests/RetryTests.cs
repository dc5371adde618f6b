using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Ollama.Net.Tests.Infrastructure;

namespace Ollama.Net.Tests;

public sealed class RetryTests
{
    private const string EmbedJson = """{"model":"m","embeddings":[[0.6,0.8]]}""";

    private static OllamaClient Create(FakeHttpHandler handler, int attempts = 3, TimeProvider? time = null, ILoggerFactory? logging = null)
        => TestClient.Create(handler, o =>
        {
            o.Retry = new OllamaRetryOptions { MaxRetryAttempts = attempts, Delay = TimeSpan.Zero, TimeProvider = time };
            o.LoggerFactory = logging;
        });

    private static HttpResponseMessage Busy(TimeSpan? retryAfter = null)
    {
        var response = FakeResponse.Json("""{"error":"server busy, please try again.  maximum pending requests exceeded"}""", HttpStatusCode.ServiceUnavailable);
        if (retryAfter is { } wait)
        {
            response.Headers.RetryAfter = new RetryConditionHeaderValue(wait);
        }

        return response;
    }

    [Fact]
    public async Task A_busy_server_is_asked_again_with_the_same_body_until_it_answers()
    {
        var handler = new FakeHttpHandler().Enqueue(Busy()).Enqueue(FakeResponse.Json("{}", HttpStatusCode.BadGateway)).EnqueueJson(EmbedJson);
        using var client = Create(handler);

        var result = await client.EmbedAsync("m", "hello");

        Assert.Single(result.Embeddings);
        Assert.Equal(3, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.Equal(handler.Requests[0].Body, r.Body));
        Assert.Contains("\"hello\"", handler.Requests[2].Body);
        Assert.Equal("application/json", handler.Requests[2].ContentType?.Split(';')[0]);
    }

    [Fact]
    public async Task A_refused_or_reset_connection_is_retried()
    {
        var handler = new FakeHttpHandler()
            .EnqueueThrow(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused", new SocketException((int)SocketError.ConnectionRefused)))
            .EnqueueThrow(new HttpRequestException("reset", new IOException("Connection reset by peer")))
            .EnqueueJson("""{"models":[]}""");
        using var client = Create(handler);

        var result = await client.ListModelsAsync();

        Assert.Empty(result.Models);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest)]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.Unauthorized)]
    [InlineData(HttpStatusCode.NotImplemented)]
    public async Task A_response_that_would_fail_again_is_not_retried(HttpStatusCode status)
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"error":"no"}""", status).EnqueueJson(EmbedJson);
        using var client = Create(handler);

        var error = await Assert.ThrowsAnyAsync<OllamaException>(() => client.EmbedAsync("m", "hello"));

        Assert.Equal(status, error.StatusCode);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_name_resolution_failure_is_not_retried()
    {
        var handler = new FakeHttpHandler()
            .EnqueueThrow(new HttpRequestException(HttpRequestError.NameResolutionError, "no such host"))
            .EnqueueJson("""{"models":[]}""");
        using var client = Create(handler);

        await Assert.ThrowsAsync<OllamaException>(() => client.ListModelsAsync());

        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task When_every_attempt_fails_the_last_server_error_is_thrown()
    {
        var handler = new FakeHttpHandler().Enqueue(Busy()).Enqueue(Busy()).Enqueue(Busy());
        using var client = Create(handler, attempts: 2);

        var error = await Assert.ThrowsAsync<OllamaException>(() => client.EmbedAsync("m", "hello"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Contains("server busy", error.Message);
        Assert.Equal(3, handler.Requests.Count);
        Assert.All(handler.Responses.Take(2), r => Assert.Throws<ObjectDisposedException>(() => r.Content.ReadAsStream()));
    }

    [Fact]
    public async Task Without_the_option_a_call_is_sent_once()
    {
        var handler = new FakeHttpHandler().Enqueue(Busy()).EnqueueJson(EmbedJson);
        using var client = TestClient.Create(handler);

        await Assert.ThrowsAsync<OllamaException>(() => client.EmbedAsync("m", "hello"));

        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Zero_attempts_turn_retries_off()
    {
        var handler = new FakeHttpHandler().Enqueue(Busy()).EnqueueJson(EmbedJson);
        using var client = Create(handler, attempts: 0);

        await Assert.ThrowsAsync<OllamaException>(() => client.EmbedAsync("m", "hello"));

        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_stream_that_breaks_after_its_first_chunk_is_not_sent_again()
    {
        var handler = new FakeHttpHandler()
            .EnqueueNdjson("""{"model":"m","created_at":"2024-01-01T00:00:00Z","message":{"role":"assistant","content":"Hel"},"done":false}""")
            .EnqueueNdjson("""{"model":"m","created_at":"2024-01-01T00:00:00Z","message":{"role":"assistant","content":"Hello"},"done":true}""");
        using var client = Create(handler);
        var chunks = new List<string>();

        var error = await Assert.ThrowsAsync<OllamaException>(async () =>
        {
            await foreach (var update in client.ChatStreamingAsync(new ChatRequest("m", Message.User("hi"))))
            {
                chunks.Add(update.Message.Content ?? string.Empty);
            }
        });

        Assert.Equal(["Hel"], chunks);
        Assert.Contains("ended early", error.Message);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_stream_refused_before_its_first_chunk_is_retried()
    {
        var handler = new FakeHttpHandler()
            .Enqueue(Busy())
            .EnqueueNdjson("""{"model":"m","created_at":"2024-01-01T00:00:00Z","message":{"role":"assistant","content":"Hi"},"done":true}""");
        using var client = Create(handler);
        var chunks = new List<string>();

        await foreach (var update in client.ChatStreamingAsync(new ChatRequest("m", Message.User("hi"))))
        {
            chunks.Add(update.Message.Content ?? string.Empty);
        }

        Assert.Equal(["Hi"], chunks);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task A_streamed_blob_upload_is_not_retried()
    {
        var handler = new FakeHttpHandler().Enqueue(Busy()).Enqueue(FakeResponse.Empty(HttpStatusCode.Created));
        using var client = Create(handler);
        using var content = new MemoryStream([1, 2, 3]);

        var error = await Assert.ThrowsAsync<OllamaException>(() => client.UploadBlobAsync("sha256:" + new string('a', 64), content));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Retry_After_sets_the_wait()
    {
        var time = new FakeTimeProvider();
        var sentAt = new List<DateTimeOffset>();
        var handler = new FakeHttpHandler()
            .Enqueue((_, _) =>
            {
                sentAt.Add(time.GetUtcNow());
                return Task.FromResult(Busy(TimeSpan.FromSeconds(7)));
            })
            .Enqueue((_, _) =>
            {
                sentAt.Add(time.GetUtcNow());
                return Task.FromResult(FakeResponse.Json(EmbedJson));
            });
        using var client = TestClient.Create(handler, o => o.Retry = new OllamaRetryOptions { Delay = TimeSpan.FromMilliseconds(10), UseJitter = false, TimeProvider = time });

        var call = client.EmbedAsync("m", "hello");
        while (!call.IsCompleted)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAny(call, Task.Delay(5));
        }

        await call;
        Assert.Equal(TimeSpan.FromSeconds(7), sentAt[1] - sentAt[0]);
    }

    [Fact]
    public async Task A_Retry_After_longer_than_MaxDelay_fails_at_once_with_the_server_error()
    {
        var handler = new FakeHttpHandler().Enqueue(Busy(TimeSpan.FromMinutes(5))).EnqueueJson(EmbedJson);
        using var client = Create(handler);

        var error = await Assert.ThrowsAsync<OllamaException>(() => client.EmbedAsync("m", "hello"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Cancelling_during_the_wait_stops_the_call()
    {
        var time = new FakeTimeProvider();
        var handler = new FakeHttpHandler().Enqueue(Busy()).EnqueueJson(EmbedJson);
        using var client = TestClient.Create(handler, o => o.Retry = new OllamaRetryOptions { Delay = TimeSpan.FromSeconds(10), TimeProvider = time });
        using var cancel = new CancellationTokenSource();

        var call = client.EmbedAsync("m", "hello", cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Each_retry_is_logged_and_recorded_on_the_activity()
    {
        const string model = "retry-telemetry-model";
        using var telemetry = new TelemetryCollector();
        var (factory, logs) = TestLogging.Create();
        using var _ = factory;
        var handler = new FakeHttpHandler().Enqueue(Busy()).Enqueue(FakeResponse.Json("{}", (HttpStatusCode)429)).EnqueueJson(EmbedJson);
        using var client = Create(handler, logging: factory);

        await client.EmbedAsync(model, "hello");

        var retries = logs.Entries.Where(e => e.EventId.Name == "RetryScheduled").ToList();
        Assert.Equal(2, retries.Count);
        Assert.All(retries, e => Assert.Equal(LogLevel.Warning, e.Level));
        Assert.Equal("503", retries[0]["Reason"]);
        Assert.Equal(1, retries[0]["Attempt"]);
        Assert.Equal("429", retries[1]["Reason"]);
        Assert.Equal(2, retries[1]["Attempt"]);

        var activity = Assert.Single(telemetry.ActivitiesFor(model));
        Assert.Equal(ActivityStatusCode.Unset, activity.Status);
        Assert.Equal(2, activity.GetTagItem("http.request.resend_count"));
        Assert.Equal(["503", "429"], activity.Events.Where(e => e.Name == "retry").Select(e => e.Tags.First(t => t.Key == "retry.reason").Value));
    }

    [Theory]
    [InlineData(-1, 1, 2, "Retry:MaxRetryAttempts")]
    [InlineData(101, 1, 2, "Retry:MaxRetryAttempts")]
    [InlineData(3, -1, 2, "Retry:Delay")]
    [InlineData(3, 5, 2, "Retry:MaxDelay")]
    public void Bad_retry_options_fail_the_constructor_naming_the_option(int attempts, int delaySeconds, int maxDelaySeconds, string key)
    {
        var options = new OllamaClientOptions
        {
            Endpoint = TestClient.Endpoint,
            Retry = new OllamaRetryOptions { MaxRetryAttempts = attempts, Delay = TimeSpan.FromSeconds(delaySeconds), MaxDelay = TimeSpan.FromSeconds(maxDelaySeconds) },
        };

        var error = Assert.Throws<ArgumentException>("options", () => new OllamaClient(options));

        Assert.StartsWith(key + " must be", error.Message);
    }
}
