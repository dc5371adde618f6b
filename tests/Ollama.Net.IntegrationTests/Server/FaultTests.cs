using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Ollama.Net.Testing;

namespace Ollama.Net.IntegrationTests.Server;

public class FaultTests
{
    private const string ChatBody = """{"model":"m","messages":[{"role":"user","content":"hi"}]}""";

    private static async Task<OllamaTestServer> StartWithReply(string content = "0123456789", int chunkSize = 1)
    {
        var server = await Wire.StartAsync(Wire.Chat());
        server.Replies.Generator = _ => new ScriptedReply { Content = content, ChunkSize = chunkSize };
        return server;
    }

    /// <summary>Reads NDJSON lines until the stream ends or fails; returns the lines and the failure.</summary>
    private static async Task<(List<string> Lines, Exception? Error, int Status)> ReadStream(HttpClient http, string path, string body, CancellationToken token = default)
    {
        var lines = new List<string>();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Wire.Json(body) };
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(token));
            try
            {
                while (await reader.ReadLineAsync(token) is { } line)
                {
                    lines.Add(line);
                }
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException)
            {
                return (lines, ex, (int)response.StatusCode);
            }

            return (lines, null, (int)response.StatusCode);
        }
        catch (HttpRequestException ex)
        {
            return (lines, ex, 0);
        }
    }

    [Fact]
    public async Task Cut_after_chunks_aborts_the_connection_mid_stream()
    {
        await using var server = await StartWithReply();
        server.Faults.Next(Fault.CutAfterChunks(3));
        using var http = Wire.Client(server);

        var (lines, error, status) = await ReadStream(http, "/api/chat", ChatBody);

        Assert.Equal(200, status);
        Assert.Equal(3, lines.Count);
        Assert.All(lines, l => Assert.False(JsonDocument.Parse(l).RootElement.GetProperty("done").GetBoolean()));
        Assert.IsAssignableFrom<IOException>(error);
        var record = server.Requests.Single();
        await record.Completion.WaitAsync(Wire.Bound);
        Assert.False(record.ClientAborted);
        Assert.Equal("cut after 3 chunk(s)", record.Fault?.ToString());
        Assert.Equal(0, server.Faults.Pending);

        // One-shot: the next request is normal.
        var next = await ReadStream(http, "/api/chat", ChatBody);
        Assert.Null(next.Error);
        Assert.Equal(11, next.Lines.Count);
    }

    [Fact]
    public async Task Cut_after_zero_chunks_drops_the_connection_before_any_response()
    {
        await using var server = await StartWithReply();
        server.Faults.Next(Fault.CutAfterChunks(0));
        using var http = Wire.Client(server);
        await Assert.ThrowsAsync<HttpRequestException>(() => http.PostAsync("/api/chat", Wire.Json(ChatBody)));
        await server.Requests.Single().Completion.WaitAsync(Wire.Bound);
        Assert.Null(server.Requests.Single().StatusCode);
    }

    [Fact]
    public async Task Error_after_chunks_writes_an_error_line_in_a_200_stream_without_done()
    {
        await using var server = await StartWithReply();
        server.Faults.Next("/api/chat", Fault.ErrorAfterChunks(2, "runner crashed"));
        using var http = Wire.Client(server);
        var r = await Wire.PostAsync(http, "/api/chat", ChatBody);
        Assert.Equal(200, r.Status);
        var lines = r.Lines;
        Assert.Equal(3, lines.Count);
        Assert.Equal("""{"error":"runner crashed"}""", lines[2].GetRawText());
        Assert.DoesNotContain(lines, l => l.TryGetProperty("done", out var d) && d.GetBoolean());
    }

    [Fact]
    public async Task Error_after_zero_chunks_is_a_500_json_error()
    {
        await using var server = await StartWithReply();
        server.Faults.Next(Fault.ErrorAfterChunks(0, "model failed to load"));
        using var http = Wire.Client(server);
        var r = await Wire.PostAsync(http, "/api/chat", ChatBody);
        Assert.Equal(500, r.Status);
        Assert.Equal("application/json", r.ContentType?.MediaType);
        Assert.Equal("model failed to load", r.Error);
    }

    [Fact]
    public async Task Malformed_line_is_inserted_and_the_stream_continues()
    {
        await using var server = await StartWithReply("abc");
        server.Faults.Next(Fault.MalformedLineAfterChunks(1));
        using var http = Wire.Client(server);
        var r = await Wire.PostAsync(http, "/api/chat", ChatBody);
        var lines = r.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(lines[1]));
        Assert.True(JsonDocument.Parse(lines[^1]).RootElement.GetProperty("done").GetBoolean());
    }

    [Fact]
    public async Task Respond_sends_any_status_and_body()
    {
        await using var server = await StartWithReply();
        server.Faults
            .Next(Fault.Respond(418, "I'm a teapot"))
            .Next(Fault.Respond(502, "<html>bad gateway</html>", "text/html"))
            .Next(Fault.Error(500, "boom"));
        using var http = Wire.Client(server);

        var teapot = await Wire.PostAsync(http, "/api/chat", ChatBody);
        Assert.Equal(418, teapot.Status);
        Assert.Equal("I'm a teapot", teapot.Text);
        Assert.Equal("text/plain", teapot.ContentType?.MediaType);

        var html = await Wire.GetAsync(http, "/api/tags");
        Assert.Equal(502, html.Status);
        Assert.Equal("text/html", html.ContentType?.MediaType);

        var boom = await Wire.PostAsync(http, "/api/embed", "{}");
        Assert.Equal(500, boom.Status);
        Assert.Equal("""{"error":"boom"}""", boom.Text);
        Assert.Equal(3, server.Requests.Count(r => r.Fault is not null));
        Assert.Equal([418, 502, 500], server.Requests.Select(r => r.StatusCode));
    }

    [Fact]
    public async Task Busy_and_unauthorized_use_ollamas_bodies()
    {
        await using var server = await StartWithReply();
        server.Faults.Next(Fault.Busy()).Next(Fault.Unauthorized()).Next(Fault.Unauthorized("https://example.com/signin"));
        using var http = Wire.Client(server);

        var busy = await Wire.PostAsync(http, "/api/chat", ChatBody);
        Assert.Equal(503, busy.Status);
        Assert.Equal("server busy, please try again.  maximum pending requests exceeded", busy.Error);

        var unauthorized = await Wire.PostAsync(http, "/api/chat", ChatBody);
        Assert.Equal(401, unauthorized.Status);
        Assert.Equal("unauthorized", unauthorized.Error);
        Assert.StartsWith("https://ollama.com/connect?", unauthorized.Json.Str("signin_url"));

        Assert.Equal("https://example.com/signin", (await Wire.PostAsync(http, "/api/chat", ChatBody)).Json.Str("signin_url"));
    }

    [Fact]
    public async Task Delays_do_not_change_the_response()
    {
        await using var server = await StartWithReply("abcd");
        server.Faults.Next(Fault.DelayFirstByte(TimeSpan.FromMilliseconds(20)).And(Fault.DelayEachChunk(TimeSpan.FromMilliseconds(5))));
        using var http = Wire.Client(server);
        var r = await Wire.PostAsync(http, "/api/chat", ChatBody);
        Assert.Equal(5, r.Lines.Count);
        Assert.Contains("delay first byte", server.Requests[0].Fault!.ToString());
        Assert.Contains("delay each chunk", server.Requests[0].Fault!.ToString());
    }

    [Fact]
    public async Task A_long_first_byte_delay_lets_the_client_give_up_and_the_server_sees_the_abort()
    {
        await using var server = await StartWithReply();
        server.Faults.Next(Fault.DelayFirstByte(TimeSpan.FromHours(1)));
        using var http = Wire.Client(server);
        using var cts = new CancellationTokenSource();
        var call = http.PostAsync("/api/chat", Wire.Json(ChatBody), cts.Token);
        var record = (await server.WaitForRequestsAsync(1).WaitAsync(Wire.Bound))[0];
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        await record.Completion.WaitAsync(Wire.Bound);
        Assert.True(record.ClientAborted);
        Assert.Null(record.StatusCode);
    }

    [Fact]
    public async Task A_long_chunk_delay_stalls_the_stream_until_the_client_cancels()
    {
        await using var server = await StartWithReply();
        server.Faults.Next(Fault.DelayEachChunk(TimeSpan.FromHours(1)));
        using var http = Wire.Client(server);
        using var cts = new CancellationTokenSource();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat") { Content = Wire.Json(ChatBody) };
        var send = http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        var record = (await server.WaitForRequestsAsync(1).WaitAsync(Wire.Bound))[0];
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => send);
        await record.Completion.WaitAsync(Wire.Bound);
        Assert.True(record.ClientAborted);
    }

    [Fact]
    public async Task Hang_after_chunks_holds_the_stream_and_a_cancelled_read_is_observed()
    {
        await using var server = await StartWithReply();
        server.Faults.Next(Fault.HangAfterChunks(2));
        using var http = Wire.Client(server);
        using var cts = new CancellationTokenSource();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat") { Content = Wire.Json(ChatBody) };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.NotNull(await reader.ReadLineAsync());
        Assert.NotNull(await reader.ReadLineAsync());

        var record = server.Requests.Single();
        Assert.False(record.Completion.IsCompleted);
        var third = reader.ReadLineAsync(cts.Token).AsTask();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => third);
        response.Dispose();

        await record.Completion.WaitAsync(Wire.Bound);
        Assert.True(record.ClientAborted);
        Assert.Equal(200, record.StatusCode);
    }

    [Fact]
    public async Task Hang_after_zero_chunks_sends_no_headers_and_ends_when_the_server_is_disposed()
    {
        var server = await StartWithReply();
        server.Faults.Next(Fault.HangAfterChunks(0));
        using var http = Wire.Client(server);
        var call = http.PostAsync("/api/chat", Wire.Json(ChatBody));
        var record = (await server.WaitForRequestsAsync(1).WaitAsync(Wire.Bound))[0];
        Assert.False(call.IsCompleted);
        await server.DisposeAsync();
        await record.Completion.WaitAsync(Wire.Bound);
        try
        {
            using var response = await call.WaitAsync(Wire.Bound);
        }
        catch (HttpRequestException)
        {
            // The connection was closed: fine as well.
        }
    }

    [Fact]
    public async Task Trickle_sends_one_byte_per_http_chunk()
    {
        await using var server = await StartWithReply("ab");
        server.Faults.Next(Fault.Trickle());

        // A raw socket shows the chunked framing: every body byte comes in its own "1\r\n<byte>\r\n" chunk.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Endpoint.Host, server.Endpoint.Port);
        var stream = tcp.GetStream();
        var body = Encoding.UTF8.GetBytes(ChatBody);
        var head = $"POST /api/chat HTTP/1.1\r\nHost: {server.Endpoint.Authority}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(body);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var raw = await reader.ReadToEndAsync().WaitAsync(Wire.Bound);

        var bodyStart = raw.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        Assert.Contains("Transfer-Encoding: chunked", raw[..bodyStart], StringComparison.OrdinalIgnoreCase);
        var chunks = raw[bodyStart..].Split("\r\n");
        var sizes = chunks.Where((_, i) => i % 2 == 0).Where(s => s.Length > 0).ToList();
        Assert.True(sizes.Count > 100);
        Assert.All(sizes[..^1], s => Assert.Equal("1", s));
        Assert.Equal("0", sizes[^1]);
    }

    [Fact]
    public async Task Trickled_streams_still_parse_and_multibyte_text_survives()
    {
        await using var server = await StartWithReply("日本👍", 1);
        server.Faults.Next(Fault.Trickle());
        using var http = Wire.Client(server);
        var r = await Wire.PostAsync(http, "/api/chat", ChatBody);
        Assert.Equal("日本👍", string.Concat(r.Lines.Select(l => l.GetProperty("message").Str("content"))));
    }

    [Fact]
    public async Task Faults_apply_to_non_streaming_routes_too()
    {
        await using var server = await StartWithReply();
        server.Faults.Next("/api/show", Fault.CutAfterChunks(0));
        using var http = Wire.Client(server);
        Assert.Equal(200, (await Wire.GetAsync(http, "/api/version")).Status);

        // (SocketsHttpHandler silently retries a GET whose connection closed before any byte, so use a POST route.)
        await Assert.ThrowsAsync<HttpRequestException>(() => http.PostAsync("/api/show", Wire.Json("""{"model":"m"}""")));
        Assert.Null(server.Requests[0].Fault);
        Assert.NotNull(server.Requests[1].Fault);
        Assert.Equal(200, (await Wire.PostAsync(http, "/api/show", """{"model":"m"}""")).Status);
    }

    [Fact]
    public async Task Persistent_faults_stay_until_disposed_and_one_shots_win()
    {
        await using var server = await StartWithReply();
        using var http = Wire.Client(server);
        var handle = server.Faults.Always("/api/chat", Fault.Busy());
        server.Faults.Next(r => r.Model == "m" && r.Path == "/api/chat", Fault.Error(500, "once"));

        Assert.Equal(500, (await Wire.PostAsync(http, "/api/chat", ChatBody)).Status);
        Assert.Equal(503, (await Wire.PostAsync(http, "/api/chat", ChatBody)).Status);
        Assert.Equal(503, (await Wire.PostAsync(http, "/api/chat", ChatBody)).Status);
        Assert.Equal(200, (await Wire.GetAsync(http, "/api/tags")).Status);
        handle.Dispose();
        Assert.Equal(200, (await Wire.PostAsync(http, "/api/chat", ChatBody)).Status);

        server.Faults.Always(Fault.Busy());
        server.Faults.Next(Fault.Busy());
        Assert.Equal(1, server.Faults.Pending);
        server.Faults.Clear();
        Assert.Equal(0, server.Faults.Pending);
        Assert.Equal(200, (await Wire.GetAsync(http, "/api/tags")).Status);
    }

    [Fact]
    public async Task A_fault_can_ride_on_a_scripted_reply()
    {
        await using var server = await Wire.StartAsync(Wire.Chat());
        server.Replies.Enqueue("m", new ScriptedReply { Content = "abcdef", ChunkSize = 1, Fault = Fault.ErrorAfterChunks(4, "oops") });
        server.Replies.Enqueue("m", new ScriptedReply { Content = "x", Fault = Fault.Busy() });
        using var http = Wire.Client(server);
        var lines = (await Wire.PostAsync(http, "/api/chat", ChatBody)).Lines;
        Assert.Equal(5, lines.Count);
        Assert.Equal("oops", lines[^1].Str("error"));
        Assert.Equal(503, (await Wire.PostAsync(http, "/api/chat", ChatBody)).Status);
        Assert.Equal(200, (await Wire.PostAsync(http, "/api/chat", ChatBody)).Status);
    }

    [Fact]
    public void Fault_factories_validate_arguments()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Fault.CutAfterChunks(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Fault.DelayFirstByte(TimeSpan.FromSeconds(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Fault.Respond(99, ""));
        Assert.Throws<ArgumentNullException>(() => Fault.Error(500, null!));
        Assert.Equal("one-byte trickle + cut after 1 chunk(s)", Fault.Trickle().And(Fault.CutAfterChunks(1)).ToString());
    }
}
