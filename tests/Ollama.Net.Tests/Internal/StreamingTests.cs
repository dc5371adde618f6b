using System.Text;
using Ollama.Net.Tests.Infrastructure;

namespace Ollama.Net.Tests.Internal;

public class StreamingTests
{
    private static string ChatChunk(string content, bool done = false)
        => $$"""{"model":"m","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":{{System.Text.Json.JsonSerializer.Serialize(content)}}},"done":{{(done ? "true,\"done_reason\":\"stop\"" : "false")}}}""";

    private static ChatRequest Request() => new("m", Message.User("q"));

    [Fact]
    public async Task A_stream_delivered_one_byte_per_read_is_decoded()
    {
        var text = ChatChunk("Hel") + "\n" + ChatChunk("lo ") + "\n" + ChatChunk("wörld ✓ 🎉") + "\n" + ChatChunk("", done: true) + "\n";
        var body = TrickleStream.FromText(text, maxBytesPerRead: 1);
        var handler = new FakeHttpHandler().Enqueue(FakeResponse.Stream(body));
        using var client = TestClient.Create(handler);
        var updates = await client.ChatStreamingAsync(Request()).ToListAsync();
        Assert.Equal("Hello wörld ✓ 🎉", string.Concat(updates.Select(u => u.Message.Content)));
        Assert.True(updates[^1].Done);
        Assert.True(body.ReadCalls >= Encoding.UTF8.GetByteCount(text)); // really one byte at a time
    }

    [Fact]
    public async Task Crlf_line_endings_and_blank_lines_are_handled()
    {
        var text = "\r\n" + ChatChunk("a") + "\r\n\r\n   \r\n" + ChatChunk("b") + "\r\n" + ChatChunk("", done: true) + "\r\n";
        var handler = new FakeHttpHandler().Enqueue(FakeResponse.Stream(TrickleStream.FromText(text, 3)));
        using var client = TestClient.Create(handler);
        var updates = await client.ChatStreamingAsync(Request()).ToListAsync();
        Assert.Equal(3, updates.Count);
        Assert.Equal("ab", string.Concat(updates.Select(u => u.Message.Content)));
    }

    [Fact]
    public async Task A_final_line_without_a_newline_is_read()
    {
        var text = ChatChunk("a") + "\n" + ChatChunk("", done: true);
        var handler = new FakeHttpHandler().Enqueue(FakeResponse.Stream(TrickleStream.FromText(text, 5)));
        using var client = TestClient.Create(handler);
        var updates = await client.ChatStreamingAsync(Request()).ToListAsync();
        Assert.True(updates[^1].Done);
    }

    [Fact]
    public async Task A_multibyte_character_split_across_reads_survives()
    {
        // "€" is E2 82 AC: make every read boundary fall inside it by reading 2 bytes at a time from an odd offset.
        var prefix = ChatChunk("€€€€€") + "\n";
        foreach (var chunkSize in new[] { 1, 2, 3, 5 })
        {
            var handler = new FakeHttpHandler().Enqueue(FakeResponse.Stream(TrickleStream.FromText(prefix + ChatChunk("😀", done: true) + "\n", chunkSize)));
            using var client = TestClient.Create(handler);
            var updates = await client.ChatStreamingAsync(Request()).ToListAsync();
            Assert.Equal("€€€€€😀", string.Concat(updates.Select(u => u.Message.Content)));
        }
    }

    [Fact]
    public async Task An_8_MiB_line_is_read()
    {
        var big = new string('x', 8 * 1024 * 1024);
        var line = ChatChunk(big, done: true);
        Assert.True(Encoding.UTF8.GetByteCount(line) > 8 * 1024 * 1024);
        var handler = new FakeHttpHandler().Enqueue(FakeResponse.Stream(TrickleStream.FromText(ChatChunk("a") + "\n" + line + "\n", 64 * 1024)));
        using var client = TestClient.Create(handler);
        var updates = await client.ChatStreamingAsync(Request()).ToListAsync();
        Assert.Equal(big.Length, updates[^1].Message.Content.Length);
    }

    [Fact]
    public async Task A_line_over_the_configured_maximum_fails_clearly()
    {
        var line = ChatChunk(new string('y', 5000), done: true);
        var handler = new FakeHttpHandler().Enqueue(FakeResponse.Stream(TrickleStream.FromText(line + "\n", 512)));
        using var client = TestClient.Create(handler, o => o.MaxStreamLineLength = 4096);
        var ex = await Assert.ThrowsAsync<OllamaException>(async () => await client.ChatStreamingAsync(Request()).ToListAsync());
        Assert.Contains("MaxStreamLineLength", ex.Message, StringComparison.Ordinal);
        Assert.Contains("4,096", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_mid_stream_throws_OperationCanceledException_and_disposes_the_response()
    {
        var text = ChatChunk("a") + "\n" + ChatChunk("b") + "\n";
        var body = new TrickleStream(Encoding.UTF8.GetBytes(text + ChatChunk("", done: true) + "\n"), 8) { StallAt = Encoding.UTF8.GetByteCount(text) };
        var handler = new FakeHttpHandler().Enqueue(FakeResponse.Stream(body));
        using var client = TestClient.Create(handler);
        using var cts = new CancellationTokenSource();
        var received = new List<string>();
        var enumerate = Task.Run(async () =>
        {
            await foreach (var update in client.ChatStreamingAsync(Request(), cts.Token))
            {
                received.Add(update.Message.Content);
            }
        });
        await body.Stalled.Task; // the client is now waiting for bytes that never come
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => enumerate);
        Assert.Equal(["a", "b"], received);
        Assert.True(body.IsDisposed);
    }

    [Fact]
    public async Task Cancelling_between_chunks_stops_before_the_next_chunk()
    {
        var text = ChatChunk("a") + "\n" + ChatChunk("b") + "\n" + ChatChunk("", done: true) + "\n";
        var body = TrickleStream.FromText(text, 1 << 20); // everything is already buffered
        var handler = new FakeHttpHandler().Enqueue(FakeResponse.Stream(body));
        using var client = TestClient.Create(handler);
        using var cts = new CancellationTokenSource();
        var received = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in client.ChatStreamingAsync(Request(), cts.Token))
            {
                received++;
                cts.Cancel();
            }
        });
        Assert.Equal(1, received);
        Assert.True(body.IsDisposed);
    }

    [Fact]
    public async Task Breaking_out_of_the_loop_releases_the_response()
    {
        var text = ChatChunk("a") + "\n";
        var body = new TrickleStream(Encoding.UTF8.GetBytes(text + ChatChunk("b") + "\n" + ChatChunk("", done: true) + "\n"), 16);
        var handler = new FakeHttpHandler().Enqueue(FakeResponse.Stream(body));
        using var client = TestClient.Create(handler);
        await foreach (var update in client.ChatStreamingAsync(Request()))
        {
            Assert.Equal("a", update.Message.Content);
            break;
        }

        Assert.True(body.IsDisposed);
    }

    [Fact]
    public async Task A_caller_HttpClient_authorization_header_is_kept()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"version":"1"}""");
        using var http = new HttpClient(handler);
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "caller-token");
        using var client = new OllamaClient(http, new OllamaClientOptions { Endpoint = TestClient.Endpoint, ApiKey = "ours", UseEnvironmentVariables = false });
        await client.GetVersionAsync();
        Assert.Equal("Bearer caller-token", handler.LastRequest.Headers["Authorization"]);
    }

    [Fact]
    public async Task WithCancellation_token_is_honoured()
    {
        var text = ChatChunk("a") + "\n";
        var body = new TrickleStream(Encoding.UTF8.GetBytes(text + ChatChunk("", done: true) + "\n"), 64) { StallAt = Encoding.UTF8.GetByteCount(text) };
        var handler = new FakeHttpHandler().Enqueue(FakeResponse.Stream(body));
        using var client = TestClient.Create(handler);
        using var cts = new CancellationTokenSource();
        var enumerate = Task.Run(async () =>
        {
            await foreach (var update in client.ChatStreamingAsync(Request()).WithCancellation(cts.Token))
            {
            }
        });
        await body.Stalled.Task;
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => enumerate);
        Assert.True(body.IsDisposed);
    }

    [Fact]
    public async Task An_already_cancelled_token_sends_nothing()
    {
        var handler = new FakeHttpHandler();
        using var client = TestClient.Create(handler);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ChatAsync(Request(), cts.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await client.ChatStreamingAsync(Request(), cts.Token).ToListAsync());
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Cancelling_a_unary_call_throws_OperationCanceledException()
    {
        using var cts = new CancellationTokenSource();
        var handler = new FakeHttpHandler().Enqueue(async (_, token) =>
        {
            await cts.CancelAsync();
            await Task.Delay(Timeout.Infinite, token);
            throw new InvalidOperationException("unreachable");
        });
        using var client = TestClient.Create(handler);
        var ex = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ChatAsync(Request(), cts.Token));
        Assert.IsNotType<TimeoutException>(ex.InnerException);
    }

    [Fact]
    public async Task RequestTimeout_on_a_stream_throws_TimeoutException_not_cancellation()
    {
        var text = ChatChunk("a") + "\n";
        var body = new TrickleStream(Encoding.UTF8.GetBytes(text), 64) { StallAt = Encoding.UTF8.GetByteCount(text) };
        var handler = new FakeHttpHandler().Enqueue(FakeResponse.Stream(body));
        using var client = TestClient.Create(handler, o => o.RequestTimeout = TimeSpan.FromMilliseconds(50));
        var ex = await Assert.ThrowsAsync<TimeoutException>(async () => await client.ChatStreamingAsync(Request()).ToListAsync());
        Assert.Contains("RequestTimeout", ex.Message, StringComparison.Ordinal);
        Assert.True(body.IsDisposed);
    }

    [Fact]
    public async Task RequestTimeout_on_a_unary_call_throws_TimeoutException()
    {
        var handler = new FakeHttpHandler().Enqueue(async (_, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            throw new InvalidOperationException("unreachable");
        });
        using var client = TestClient.Create(handler, o => o.RequestTimeout = TimeSpan.FromMilliseconds(50));
        var ex = await Assert.ThrowsAsync<TimeoutException>(() => client.GetVersionAsync());
        Assert.Contains("RequestTimeout", ex.Message, StringComparison.Ordinal);
        Assert.Contains("api/version", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_caller_HttpClient_timeout_is_reported_as_a_TimeoutException()
    {
        var handler = new FakeHttpHandler().Enqueue(async (_, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            throw new InvalidOperationException("unreachable");
        });
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromMilliseconds(50) };
        using var client = new OllamaClient(http, new OllamaClientOptions { Endpoint = TestClient.Endpoint, UseEnvironmentVariables = false });
        var ex = await Assert.ThrowsAsync<TimeoutException>(() => client.GetVersionAsync());
        Assert.Contains("HttpClient.Timeout", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Many_small_chunks_in_one_read_are_all_yielded()
    {
        var lines = Enumerable.Range(0, 500).Select(i => ChatChunk(i.ToString(System.Globalization.CultureInfo.InvariantCulture) + ",")).ToList();
        lines.Add(ChatChunk("", done: true));
        var handler = new FakeHttpHandler().EnqueueNdjson([.. lines]);
        using var client = TestClient.Create(handler);
        var updates = await client.ChatStreamingAsync(Request()).ToListAsync();
        Assert.Equal(501, updates.Count);
        Assert.StartsWith("0,1,2,", string.Concat(updates.Select(u => u.Message.Content)), StringComparison.Ordinal);
    }
}
