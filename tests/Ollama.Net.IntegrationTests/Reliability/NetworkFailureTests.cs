using System.Net;
using System.Text;
using System.Text.Json;
using Ollama.Net.Testing;

namespace Ollama.Net.IntegrationTests.Reliability;

/// <summary>
/// Failures below HTTP: name resolution, TLS, refused and reset connections, chunk edges inside UTF-8 characters, a
/// server restarted on the same port, and bodies without a length. Loopback only (the DNS test uses a reserved
/// <c>.invalid</c> name, which never resolves).
/// </summary>
public class NetworkFailureTests
{
    private static string ChatLine(string content, bool done = false)
        => JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["model"] = "m",
            ["created_at"] = "2026-01-01T00:00:00Z",
            ["message"] = new Dictionary<string, string> { ["role"] = "assistant", ["content"] = content },
            ["done"] = done,
        }, Utf8OnTheWire) + "\n";

    // Non-ASCII text as raw UTF-8 (as Ollama sends it), not as \uXXXX escapes.
    private static readonly JsonSerializerOptions Utf8OnTheWire = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task Unresolvable_host_name_is_an_OllamaException_naming_the_endpoint()
    {
        using var client = Harness.Client(new Uri("http://ollama-net-test.invalid:11434/"));

        var error = await Assert.ThrowsAsync<OllamaException>(() => client.ChatAsync(Harness.Chat(), Harness.Safety()));

        Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.Contains("ollama-net-test.invalid", error.Message);
        Assert.Contains("No Ollama server answered", error.Message);
        Assert.Null(error.StatusCode);
    }

    [Fact]
    public async Task Https_to_a_plain_http_port_is_an_OllamaException_for_the_TLS_failure()
    {
        await using var server = await Harness.StartServerAsync();
        var https = new UriBuilder(server.Endpoint) { Scheme = Uri.UriSchemeHttps }.Uri;
        using var client = Harness.Client(https);

        var error = await Assert.ThrowsAsync<OllamaException>(() => client.ChatAsync(Harness.Chat(), Harness.Safety()));

        var http = Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.Equal(HttpRequestError.SecureConnectionError, http.HttpRequestError);
        Assert.Null(error.StatusCode);
    }

    [Fact]
    public async Task Refused_connection_is_an_OllamaException_that_says_no_server_answered()
    {
        using var client = Harness.Client(new Uri($"http://127.0.0.1:{Harness.FreePort()}/"));

        var error = await Assert.ThrowsAsync<OllamaException>(() => client.ChatAsync(Harness.Chat(), Harness.Safety()));

        Assert.Contains("No Ollama server answered", error.Message);
        Assert.Contains("connection refused", error.Message);
        var (_, streamError) = await Harness.DrainAsync(client.ChatStreamingAsync(Harness.Chat(), Harness.Safety()));
        Assert.IsType<OllamaException>(streamError);
    }

    [Fact]
    public async Task Connection_reset_before_the_response_is_an_OllamaException()
    {
        await using var raw = RawHttpServer.Start(x =>
        {
            x.Reset();
            return Task.CompletedTask;
        });
        using var client = Harness.Client(raw.Endpoint);

        var error = await Assert.ThrowsAsync<OllamaException>(() => client.ChatAsync(Harness.Chat(), Harness.Safety()));

        Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.True(raw.Requests >= 1);
    }

    [Fact]
    public async Task Connection_reset_mid_stream_throws_after_the_updates_received()
    {
        var firstUpdateSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var raw = RawHttpServer.Start(async x =>
        {
            await x.BeginChunkedAsync();
            await x.WriteChunkAsync(Encoding.UTF8.GetBytes(ChatLine("Hel")));
            await firstUpdateSeen.Task.WaitAsync(Harness.Bound); // reset only once the client holds the first update
            x.Reset();
        });
        using var client = Harness.Client(raw.Endpoint);
        var updates = new List<ChatUpdate>();

        var error = await Harness.CaptureAsync(async () =>
        {
            await foreach (var update in client.ChatStreamingAsync(Harness.Chat(), Harness.Safety()))
            {
                updates.Add(update);
                firstUpdateSeen.TrySetResult();
            }
        });

        Assert.Equal("Hel", Assert.Single(updates).Message.Content);
        Assert.IsType<OllamaException>(error);
    }

    [Fact]
    public async Task Utf8_characters_split_at_http_chunk_edges_are_decoded_whole()
    {
        // The first HTTP chunk ends after the first byte of "é", and 3-byte chunks then cut through "€" (3 bytes), "😀" and "𝄞" (4).
        var text = "é€😀𝄞 done";
        var body = Encoding.UTF8.GetBytes(ChatLine(text) + ChatLine(string.Empty, done: true));
        var firstMultiByte = Array.FindIndex(body, b => b >= 0x80);
        Assert.True(firstMultiByte > 0);
        await using var raw = RawHttpServer.Start(async x =>
        {
            await x.BeginChunkedAsync();
            await x.WriteChunkAsync(body.AsSpan(0, firstMultiByte + 1)); // ends after the first byte of "é"
            for (var i = firstMultiByte + 1; i < body.Length; i += 3)
            {
                await x.WriteChunkAsync(body.AsSpan(i, Math.Min(3, body.Length - i)));
            }

            await x.EndChunkedAsync();
        });
        using var client = Harness.Client(raw.Endpoint);

        var (updates, error) = await Harness.DrainAsync(client.ChatStreamingAsync(Harness.Chat(), Harness.Safety()));

        Assert.Null(error);
        Assert.Equal(text, string.Concat(updates.Select(u => u.Message.Content)));
        Assert.True(updates[^1].Done);
    }

    [Fact]
    public async Task Utf8_characters_trickled_one_byte_per_chunk_by_the_test_server_survive()
    {
        await using var server = await Harness.StartServerAsync();
        const string text = "héllo wörld € 😀 日本語";
        server.Replies.Enqueue(Harness.ChatModel, new ScriptedReply { Content = text, ChunkSize = 3, Fault = Fault.Trickle() });
        using var client = Harness.Client(server);

        var (updates, error) = await Harness.DrainAsync(client.ChatStreamingAsync(Harness.Chat(), Harness.Safety()));

        Assert.Null(error);
        Assert.Equal(text, string.Concat(updates.Select(u => u.Message.Content)));
    }

    [Fact]
    public async Task Server_restarted_on_the_same_port_is_reached_again_by_the_same_client()
    {
        var first = await Harness.StartServerAsync();
        var port = first.Endpoint.Port;
        using var client = Harness.Client(first);
        Assert.Equal("before", (await client.ChatAsync(Harness.Chat("before"), Harness.Safety())).Message.Content);
        await first.DisposeAsync();

        // While it is down: a clean, typed error.
        var down = await Assert.ThrowsAsync<OllamaException>(() => client.ChatAsync(Harness.Chat("down"), Harness.Safety()));
        Assert.Contains("No Ollama server answered", down.Message);

        await using var second = await Harness.StartServerAsync(port);
        Assert.Equal(port, second.Endpoint.Port);
        var after = await client.ChatAsync(Harness.Chat("after"), Harness.Safety());

        Assert.Equal("after", after.Message.Content);
        Assert.Equal("after", second.Requests.Single().Json?.GetProperty("messages")[0].GetProperty("content").GetString());
    }

    [Fact]
    public async Task Unbounded_body_without_a_length_stops_at_MaxResponseContentLength()
    {
        var chunksWritten = 0;
        await using var raw = RawHttpServer.Start(async x =>
        {
            await x.BeginChunkedAsync(contentType: "application/json");
            await x.WriteChunkAsync("{\"models\":["u8);
            var entry = Encoding.UTF8.GetBytes("{\"name\":\"" + new string('x', 1000) + "\"},");
            while (!x.Stopping.IsCancellationRequested && chunksWritten < 10_000)
            {
                await x.WriteChunkAsync(entry); // ~10 MB at most; the client must stop long before
                chunksWritten++;
            }
        });
        using var client = Harness.Client(raw.Endpoint, o => o.MaxResponseContentLength = 64 * 1024);

        var error = await Assert.ThrowsAsync<OllamaException>(() => client.ListModelsAsync(Harness.Safety()));

        Assert.Contains("MaxResponseContentLength", error.Message);
        Assert.Contains("reading stopped there", error.Message);
    }

    [Fact]
    public async Task Redirect_to_a_dead_origin_is_an_OllamaException()
    {
        var dead = Harness.FreePort();
        await using var raw = RawHttpServer.Start(x =>
            x.RespondAsync(307, "text/plain", "moved", $"Location: http://127.0.0.1:{dead}/api/chat\r\n"));
        using var client = Harness.Client(raw.Endpoint);

        var error = await Assert.ThrowsAsync<OllamaException>(() => client.ChatAsync(Harness.Chat(), Harness.Safety()));

        // Not followed at all (Ollama never redirects): the status and the target host, and the next call still works.
        Assert.Equal(System.Net.HttpStatusCode.TemporaryRedirect, error.StatusCode);
        Assert.Contains($"redirect (HTTP 307) to 127.0.0.1:{dead}", error.Message, StringComparison.Ordinal);
        Assert.Contains("Ollama never redirects", error.Message, StringComparison.Ordinal);
    }
}
