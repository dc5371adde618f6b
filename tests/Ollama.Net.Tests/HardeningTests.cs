using System.Net;
using System.Text;
using Ollama.Net.Tests.Infrastructure;

namespace Ollama.Net.Tests;

/// <summary>
/// Issue #15: "no limit" settings that must not overflow, buffers sized by the bytes that arrive rather than the peer's
/// claims, disposal that ends calls in flight, and replies that must fail as <see cref="OllamaException"/>.
/// </summary>
public class HardeningTests
{
    private const string VersionJson = """{"version":"0.12.0"}""";
    private const string Chunk = """{"model":"m","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":"part"},"done":false}""";
    private const string Done = """{"model":"m","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop"}""";

    /// <summary>A safety net that turns a hang into a failure; no assertion is on time.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static ChatRequest Request() => new("m", Message.User("q"));

    [Fact]
    public async Task MaxStreamLineLength_of_int_MaxValue_works_as_no_limit()
    {
        var handler = new FakeHttpHandler().EnqueueNdjson(Chunk, Done);
        using var client = TestClient.Create(handler, o => o.MaxStreamLineLength = int.MaxValue);

        var updates = await client.ChatStreamingAsync(Request()).ToListAsync();

        Assert.Equal(2, updates.Count);
        Assert.True(updates[^1].Done);
    }

    [Fact]
    public async Task MaxResponseContentLength_of_long_MaxValue_works_as_no_limit()
    {
        var handler = new FakeHttpHandler().EnqueueJson(VersionJson).Enqueue(FakeResponse.Stream(new MemoryStream(Encoding.UTF8.GetBytes(VersionJson)), contentType: "application/json"));
        using var client = TestClient.Create(handler, o => o.MaxResponseContentLength = long.MaxValue);

        Assert.Equal("0.12.0", (await client.GetVersionAsync()).Version); // with a Content-Length
        Assert.Equal("0.12.0", (await client.GetVersionAsync()).Version); // without one
    }

    [Theory]
    [InlineData(60 * 24 * 60)]          // 60 days
    [InlineData(int.MaxValue)]          // about 4,000 years
    public void RequestTimeout_longer_than_a_timer_can_count_is_refused_naming_the_setting(int minutes)
    {
        var options = new OllamaClientOptions { Endpoint = TestClient.Endpoint, RequestTimeout = TimeSpan.FromMinutes(minutes) };

        var error = Assert.Throws<ArgumentException>("options", () => new OllamaClient(options));

        Assert.StartsWith("RequestTimeout must be at most 49.17:02:47.294", error.Message, StringComparison.Ordinal);
        options.RequestTimeout = TimeSpan.MaxValue;
        Assert.StartsWith("RequestTimeout must be at most", Assert.Throws<ArgumentException>(() => new OllamaClient(options)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestTimeout_at_the_longest_a_timer_can_count_works()
    {
        var handler = new FakeHttpHandler().EnqueueJson(VersionJson).EnqueueNdjson(Chunk, Done);
        using var client = TestClient.Create(handler, o => o.RequestTimeout = TimeSpan.FromMilliseconds(uint.MaxValue - 1));

        Assert.Equal("0.12.0", (await client.GetVersionAsync()).Version);
        Assert.Equal(2, (await client.ChatStreamingAsync(Request()).ToListAsync()).Count);
    }

    [Fact]
    public void MaxConnectionsPerServer_below_1_is_refused_naming_the_setting()
    {
        var options = new OllamaClientOptions { Endpoint = TestClient.Endpoint, MaxConnectionsPerServer = 0 };

        var error = Assert.Throws<ArgumentException>("options", () => new OllamaClient(options));

        Assert.StartsWith("MaxConnectionsPerServer must be at least 1 connection (or null for no limit), but it is 0.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Content_Length_claim_of_256_MiB_over_10_bytes_does_not_size_the_buffer()
    {
        var handler = new FakeHttpHandler().Enqueue((_, _) =>
        {
            var content = new ByteArrayContent("{\"a\":1}   "u8.ToArray()); // 10 bytes
            content.Headers.ContentLength = 256L * 1024 * 1024;         // the claim (and exactly the default limit)
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
        });
        using var client = TestClient.Create(handler);
        await client.GetVersionAsync().ContinueWith(_ => { }); // warm up the paths (the first call's JIT allocates)
        handler.Enqueue((_, _) =>
        {
            var content = new ByteArrayContent("{\"version\":\"1\"}"u8.ToArray());
            content.Headers.ContentLength = 256L * 1024 * 1024;
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
        });

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var version = await client.GetVersionAsync();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal("1", version.Version);
        Assert.True(allocated < 16L * 1024 * 1024, $"Reading a 15-byte body that claims 256 MiB allocated {allocated:N0} bytes.");
    }

    [Fact]
    public async Task Dispose_ends_a_pending_unary_call_with_ObjectDisposedException()
    {
        var sent = new TaskCompletionSource();
        var handler = new FakeHttpHandler().Enqueue(async (_, token) =>
        {
            sent.SetResult();
            await Task.Delay(Timeout.Infinite, token);
            throw new InvalidOperationException("unreachable");
        });
        var client = TestClient.Create(handler); // over the caller's HttpClient: disposal alone must stop the call

        var call = client.GetVersionAsync();
        await sent.Task.WaitAsync(Bound);
        client.Dispose();

        var error = await Assert.ThrowsAsync<ObjectDisposedException>(() => call.WaitAsync(Bound));
        Assert.Contains("OllamaClient was disposed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dispose_ends_a_stream_waiting_on_a_silent_server_with_ObjectDisposedException()
    {
        var body = Encoding.UTF8.GetBytes(Chunk + "\n");
        var handler = new FakeHttpHandler().Enqueue(FakeResponse.Stream(new TrickleStream(body, int.MaxValue) { StallAt = body.Length }));
        var client = TestClient.Create(handler);
        var updates = new List<ChatUpdate>();
        var first = new TaskCompletionSource();

        var reading = Task.Run(async () =>
        {
            await foreach (var update in client.ChatStreamingAsync(Request()))
            {
                updates.Add(update);
                first.TrySetResult();
            }
        });
        await first.Task.WaitAsync(Bound);
        client.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => reading.WaitAsync(Bound));
        Assert.Single(updates);
        Assert.Throws<ObjectDisposedException>(() => client.GetVersionAsync().GetAwaiter().GetResult());
    }

    [Fact]
    public async Task A_200_reply_with_an_error_to_a_unary_call_is_an_OllamaException()
    {
        var handler = new FakeHttpHandler()
            .EnqueueJson("""{"error":"upstream failed"}""")
            .EnqueueJson("""{"error":"model 'ghost' not found"}""");
        using var client = TestClient.Create(handler);

        var chat = await Assert.ThrowsAsync<OllamaException>(() => client.ChatAsync(Request()));
        var version = await Assert.ThrowsAsync<OllamaException>(() => client.GetVersionAsync());

        Assert.Equal("upstream failed", chat.ServerMessage);
        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        Assert.Contains("upstream failed", chat.Message, StringComparison.Ordinal);
        Assert.Equal("model 'ghost' not found", version.ServerMessage);
    }

    [Fact]
    public async Task A_reply_with_a_nested_error_key_is_still_a_success()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"version":"1","details":{"error":"not at the top"}}""");
        using var client = TestClient.Create(handler);

        Assert.Equal("1", (await client.GetVersionAsync()).Version);
    }
}
