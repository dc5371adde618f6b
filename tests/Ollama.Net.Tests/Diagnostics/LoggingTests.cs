using System.Net;
using Microsoft.Extensions.Logging;
using Ollama.Net.Tests.Infrastructure;

namespace Ollama.Net.Tests.Diagnostics;

public sealed class LoggingTests
{
    private const string ApiKey = "sk-TOP-SECRET-0123456789";
    private const string Prompt = "my private prompt text";
    private const string Answer = "the private answer text";

    [Fact]
    public async Task A_call_logs_its_start_and_end_at_debug_with_method_path_model_status_and_duration()
    {
        var (factory, logs) = TestLogging.Create();
        var handler = new FakeHttpHandler().EnqueueJson(TelemetryTests.ChatFinal("m1", Answer));
        using var client = TestClient.Create(handler, o => o.LoggerFactory = factory);

        await client.ChatAsync(new ChatRequest("m1", Message.User(Prompt)));

        Assert.All(logs.Entries, e => Assert.Equal("Ollama.Net.OllamaClient", e.Category));
        var start = Assert.Single(logs.Entries, e => e.EventId.Name == "RequestStarted");
        Assert.Equal(LogLevel.Debug, start.Level);
        Assert.Equal("POST", start["Method"]);
        Assert.Equal("api/chat", start["Path"]);
        Assert.Equal("m1", start["Model"]);
        Assert.Equal(false, start["Streaming"]);

        var end = Assert.Single(logs.Entries, e => e.EventId.Name == "RequestCompleted");
        Assert.Equal(LogLevel.Debug, end.Level);
        Assert.Equal(200, end["StatusCode"]);
        Assert.IsType<double>(end["DurationMs"]);
        Assert.Equal("m1", end["Model"]);
        Assert.Contains("POST api/chat completed with status 200", end.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bodies_are_not_logged_by_default()
    {
        var (factory, logs) = TestLogging.Create();
        var handler = new FakeHttpHandler()
            .EnqueueJson(TelemetryTests.ChatFinal("m", Answer))
            .EnqueueNdjson(
                $$"""{"model":"m","created_at":"2025-06-01T10:00:00Z","message":{"role":"assistant","content":"{{Answer}}"},"done":false}""",
                """{"model":"m","created_at":"2025-06-01T10:00:00Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop"}""");
        using var client = TestClient.Create(handler, o => o.LoggerFactory = factory);

        await client.ChatAsync(new ChatRequest("m", Message.User(Prompt)));
        await foreach (var _ in client.ChatStreamingAsync(new ChatRequest("m", Message.User(Prompt))))
        {
        }

        Assert.NotEmpty(logs.Entries);
        Assert.DoesNotContain(logs.Entries, e => e.Level == LogLevel.Trace);
        Assert.DoesNotContain(logs.Entries, e => e.AllText.Contains("private", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LogContent_logs_request_and_response_bodies_and_stream_lines_at_trace()
    {
        var (factory, logs) = TestLogging.Create();
        var handler = new FakeHttpHandler()
            .EnqueueJson(TelemetryTests.ChatFinal("m", Answer))
            .EnqueueNdjson(
                """{"model":"m","created_at":"2025-06-01T10:00:00Z","message":{"role":"assistant","content":"streamed piece"},"done":false}""",
                """{"model":"m","created_at":"2025-06-01T10:00:00Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop"}""");
        using var client = TestClient.Create(handler, o =>
        {
            o.LoggerFactory = factory;
            o.LogContent = true;
        });

        await client.ChatAsync(new ChatRequest("m", Message.User(Prompt)));
        await foreach (var _ in client.ChatStreamingAsync(new ChatRequest("m", Message.User(Prompt))))
        {
        }

        var requestBodies = logs.Entries.Where(e => e.EventId.Name == "RequestBody").ToList();
        Assert.Equal(2, requestBodies.Count);
        Assert.All(requestBodies, e => Assert.Equal(LogLevel.Trace, e.Level));
        Assert.All(requestBodies, e => Assert.Contains(Prompt, e.Message, StringComparison.Ordinal));
        var response = Assert.Single(logs.Entries, e => e.EventId.Name == "ResponseBody");
        Assert.Equal(LogLevel.Trace, response.Level);
        Assert.Contains(Answer, response.Message, StringComparison.Ordinal);
        var lines = logs.Entries.Where(e => e.EventId.Name == "StreamLine").ToList();
        Assert.Equal(2, lines.Count);
        Assert.Contains("streamed piece", lines[0].Message, StringComparison.Ordinal);
        Assert.Equal(1, lines[0]["Index"]);
    }

    [Fact]
    public async Task The_api_key_never_reaches_a_log_even_with_content_logging_and_errors()
    {
        var (factory, logs) = TestLogging.Create();
        var handler = new FakeHttpHandler()
            .EnqueueJson(TelemetryTests.ChatFinal("m", Answer))
            .EnqueueJson("""{"error":"unauthorized"}""", HttpStatusCode.Unauthorized)
            .EnqueueNdjson(
                """{"model":"m","created_at":"2025-06-01T10:00:00Z","message":{"role":"assistant","content":"x"},"done":false}""",
                """{"error":"boom"}""")
            .EnqueueThrow(new HttpRequestException("connection refused", null, HttpStatusCode.ServiceUnavailable));
        using var client = TestClient.Create(handler, o =>
        {
            o.LoggerFactory = factory;
            o.LogContent = true;
            o.ApiKey = ApiKey;
        });

        await client.ChatAsync(new ChatRequest("m", Message.User(Prompt)));
        await Assert.ThrowsAnyAsync<OllamaException>(() => client.ChatAsync(new ChatRequest("m", Message.User(Prompt))));
        await Assert.ThrowsAnyAsync<OllamaException>(async () =>
        {
            await foreach (var _ in client.ChatStreamingAsync(new ChatRequest("m", Message.User(Prompt))))
            {
            }
        });
        await Assert.ThrowsAnyAsync<OllamaException>(() => client.EmbedAsync("m", "text"));

        Assert.Equal($"Bearer {ApiKey}", handler.Requests[0].Headers["Authorization"]); // it was sent...
        Assert.True(logs.Entries.Count >= 12);
        Assert.DoesNotContain(logs.Entries, e => e.AllText.Contains(ApiKey, StringComparison.Ordinal)); // ...and never logged
    }

    [Fact]
    public async Task LogContent_never_logs_the_key_echoed_by_a_stream_error_line_or_a_body()
    {
        var (factory, logs) = TestLogging.Create();
        var handler = new FakeHttpHandler()
            .EnqueueNdjson(
                """{"model":"m","created_at":"2025-06-01T10:00:00Z","message":{"role":"assistant","content":"x"},"done":false}""",
                $$"""{"error":"invalid token {{ApiKey}}"}""")
            .EnqueueJson($$"""{"version":"{{ApiKey[2..]}}"}""");
        using var client = TestClient.Create(handler, o =>
        {
            o.LoggerFactory = factory;
            o.LogContent = true;
            o.ApiKey = ApiKey;
        });

        await Assert.ThrowsAsync<OllamaException>(async () => await client.ChatStreamingAsync(new ChatRequest("m", Message.User(Prompt))).ToListAsync());
        await client.GetVersionAsync();

        var lines = logs.Entries.Where(e => e.EventId.Name is "StreamLine" or "ResponseBody").ToList();
        Assert.Equal(3, lines.Count);
        Assert.Contains("invalid token ***", lines[1].Message, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Entries, e => e.AllText.Contains(ApiKey[2..10], StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_error_inside_a_stream_is_a_warning_with_the_exception_and_the_chunk_count()
    {
        var (factory, logs) = TestLogging.Create();
        var handler = new FakeHttpHandler().EnqueueNdjson(
            """{"model":"m","created_at":"2025-06-01T10:00:00Z","message":{"role":"assistant","content":"a"},"done":false}""",
            """{"model":"m","created_at":"2025-06-01T10:00:00Z","message":{"role":"assistant","content":"b"},"done":false}""",
            """{"error":"the runner crashed"}""");
        using var client = TestClient.Create(handler, o => o.LoggerFactory = factory);

        var error = await Assert.ThrowsAsync<OllamaException>(async () =>
        {
            await foreach (var _ in client.ChatStreamingAsync(new ChatRequest("m", Message.User("Hi"))))
            {
            }
        });

        var warning = Assert.Single(logs.Entries, e => e.Level == LogLevel.Warning);
        Assert.Equal("StreamFailed", warning.EventId.Name);
        Assert.Same(error, warning.Exception);
        Assert.Equal(2, warning["ChunkCount"]);
        Assert.Equal("Ollama.Net.OllamaException", warning["ErrorType"]);
        Assert.DoesNotContain(logs.Entries, e => e.EventId.Name == "RequestCompleted");
    }

    [Fact]
    public async Task A_cut_stream_is_a_warning_too()
    {
        var (factory, logs) = TestLogging.Create();
        var handler = new FakeHttpHandler().EnqueueNdjson(
            """{"model":"m","created_at":"2025-06-01T10:00:00Z","response":"a","done":false}""");
        using var client = TestClient.Create(handler, o => o.LoggerFactory = factory);

        await Assert.ThrowsAsync<OllamaException>(async () =>
        {
            await foreach (var _ in client.GenerateStreamingAsync(new GenerateRequest("m", "Hi")))
            {
            }
        });

        var warning = Assert.Single(logs.Entries, e => e.Level == LogLevel.Warning);
        Assert.Equal("api/generate", warning["Path"]);
    }

    [Fact]
    public async Task A_streaming_call_rejected_before_the_stream_starts_is_logged_at_debug_not_warning()
    {
        var (factory, logs) = TestLogging.Create();
        var handler = new FakeHttpHandler().EnqueueJson("""{"error":"model 'm' not found"}""", HttpStatusCode.NotFound);
        using var client = TestClient.Create(handler, o => o.LoggerFactory = factory);

        await Assert.ThrowsAsync<OllamaModelNotFoundException>(async () =>
        {
            await foreach (var _ in client.ChatStreamingAsync(new ChatRequest("m", Message.User("Hi"))))
            {
            }
        });

        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Warning);
        var failed = Assert.Single(logs.Entries, e => e.EventId.Name == "RequestFailed");
        Assert.Equal(LogLevel.Debug, failed.Level);
        Assert.Equal(404, failed["StatusCode"]);
        Assert.Equal("404", failed["ErrorType"]);
    }

    [Fact]
    public async Task A_stream_the_caller_stops_reading_is_logged_as_closed_early()
    {
        var (factory, logs) = TestLogging.Create();
        var handler = new FakeHttpHandler().EnqueueNdjson(
            """{"model":"m","created_at":"2025-06-01T10:00:00Z","message":{"role":"assistant","content":"a"},"done":false}""",
            """{"model":"m","created_at":"2025-06-01T10:00:00Z","message":{"role":"assistant","content":"b"},"done":false}""",
            """{"model":"m","created_at":"2025-06-01T10:00:00Z","message":{"role":"assistant","content":""},"done":true}""");
        using var client = TestClient.Create(handler, o => o.LoggerFactory = factory);

        await foreach (var _ in client.ChatStreamingAsync(new ChatRequest("m", Message.User("Hi"))))
        {
            break;
        }

        var closed = Assert.Single(logs.Entries, e => e.EventId.Name == "StreamClosedEarly");
        Assert.Equal(LogLevel.Debug, closed.Level);
        Assert.Equal(1, closed["ChunkCount"]);
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task Calls_without_a_model_are_logged_with_a_dash()
    {
        var (factory, logs) = TestLogging.Create();
        var handler = new FakeHttpHandler().EnqueueJson("""{"version":"0.12.10"}""");
        using var client = TestClient.Create(handler, o => o.LoggerFactory = factory);

        await client.GetVersionAsync();

        var end = Assert.Single(logs.Entries, e => e.EventId.Name == "RequestCompleted");
        Assert.Equal("GET", end["Method"]);
        Assert.Equal("api/version", end["Path"]);
        Assert.Equal("-", end["Model"]);
    }

    [Fact]
    public async Task Calls_without_a_json_body_are_logged_too()
    {
        var (factory, logs) = TestLogging.Create();
        var handler = new FakeHttpHandler()
            .Enqueue(FakeResponse.Empty(HttpStatusCode.OK))
            .Enqueue(FakeResponse.Empty(HttpStatusCode.NotFound));
        using var client = TestClient.Create(handler, o => o.LoggerFactory = factory);

        Assert.True(await client.BlobExistsAsync("sha256:" + new string('a', 64)));
        Assert.False(await client.BlobExistsAsync("sha256:" + new string('b', 64)));

        var ends = logs.Entries.Where(e => e.EventId.Name is "RequestCompleted" or "RequestFailed").ToList();
        Assert.Equal(2, ends.Count);
        Assert.All(ends, e => Assert.Equal("HEAD", e["Method"]));
        Assert.Equal(200, ends[0]["StatusCode"]);
        Assert.Equal(404, ends[1]["StatusCode"]);
    }

    [Fact]
    public async Task Without_a_logger_factory_nothing_is_logged_and_calls_work()
    {
        var handler = new FakeHttpHandler().EnqueueJson(TelemetryTests.ChatFinal("m", Answer));
        using var client = TestClient.Create(handler);
        var result = await client.ChatAsync(new ChatRequest("m", Message.User(Prompt)));
        Assert.Equal(Answer, result.Message.Content);
    }
}
