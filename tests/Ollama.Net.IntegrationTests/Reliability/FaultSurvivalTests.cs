using System.Net;
using System.Text.Json;
using Ollama.Net.Testing;

namespace Ollama.Net.IntegrationTests.Reliability;

/// <summary>
/// Every fault the test server can inject, seen through <see cref="OllamaClient"/>: each call either succeeds or fails
/// with a typed error, and the same client keeps working afterwards. See docs/reliability.md.
/// </summary>
public class FaultSurvivalTests
{
    private const string Text = "0123456789";

    private static async Task<OllamaTestServer> StartAsync()
    {
        var server = await Harness.StartServerAsync();
        server.Replies.Generator = _ => new ScriptedReply { Content = Text, ChunkSize = 1 };
        return server;
    }

    private static async Task AssertRecoveredAsync(OllamaClient client)
    {
        var result = await client.ChatAsync(Harness.Chat(), Harness.Safety());
        Assert.Equal(Text, result.Message.Content);
    }

    [Fact]
    public async Task Delayed_first_byte_still_succeeds()
    {
        await using var server = await StartAsync();
        server.Faults.Next(Fault.DelayFirstByte(TimeSpan.FromMilliseconds(100)));
        using var client = Harness.Client(server);

        var result = await client.ChatAsync(Harness.Chat(), Harness.Safety());

        Assert.Equal(Text, result.Message.Content);
        Assert.Equal("delay first byte 00:00:00.1000000", server.Requests.Single().Fault?.ToString());
    }

    [Fact]
    public async Task Delay_before_each_chunk_still_delivers_every_chunk()
    {
        await using var server = await StartAsync();
        server.Faults.Next(Fault.DelayEachChunk(TimeSpan.FromMilliseconds(5)));
        using var client = Harness.Client(server);

        var (updates, error) = await Harness.DrainAsync(client.ChatStreamingAsync(Harness.Chat(), Harness.Safety()));

        Assert.Null(error);
        Assert.Equal(11, updates.Count);
        Assert.Equal(Text, string.Concat(updates.Select(u => u.Message.Content)));
        Assert.True(updates[^1].Done);
    }

    [Fact]
    public async Task Stream_cut_after_chunks_throws_after_the_chunks_received_and_the_client_recovers()
    {
        await using var server = await StartAsync();
        server.Faults.Next(Fault.CutAfterChunks(3));
        using var client = Harness.Client(server);

        var (updates, error) = await Harness.DrainAsync(client.ChatStreamingAsync(Harness.Chat(), Harness.Safety()));

        Assert.Equal(["0", "1", "2"], updates.Select(u => u.Message.Content));
        var ollama = Assert.IsType<OllamaException>(error);
        Assert.Null(ollama.StatusCode);
        await AssertRecoveredAsync(client);
    }

    [Fact]
    public async Task Connection_dropped_before_any_response_throws_and_the_client_recovers()
    {
        await using var server = await StartAsync();
        server.Faults.Next(Fault.CutAfterChunks(0));
        using var client = Harness.Client(server);

        var error = await Assert.ThrowsAsync<OllamaException>(() => client.ChatAsync(Harness.Chat(), Harness.Safety()));

        Assert.IsType<HttpRequestException>(error.InnerException);
        await AssertRecoveredAsync(client);
    }

    [Fact]
    public async Task Error_line_mid_stream_throws_with_the_server_text_after_the_chunks_before_it()
    {
        await using var server = await StartAsync();
        server.Faults.Next(Fault.ErrorAfterChunks(2, "runner crashed"));
        using var client = Harness.Client(server);

        var (updates, error) = await Harness.DrainAsync(client.ChatStreamingAsync(Harness.Chat(), Harness.Safety()));

        Assert.Equal(2, updates.Count);
        var ollama = Assert.IsType<OllamaException>(error);
        Assert.Equal("runner crashed", ollama.ServerMessage);
        Assert.Null(ollama.StatusCode);
        await AssertRecoveredAsync(client);
    }

    [Fact]
    public async Task Error_before_any_chunk_is_a_500_with_the_server_text()
    {
        await using var server = await StartAsync();
        server.Faults.Next(Fault.ErrorAfterChunks(0, "runner crashed"));
        using var client = Harness.Client(server);

        var (updates, error) = await Harness.DrainAsync(client.ChatStreamingAsync(Harness.Chat(), Harness.Safety()));

        Assert.Empty(updates);
        var ollama = Assert.IsType<OllamaException>(error);
        Assert.Equal(HttpStatusCode.InternalServerError, ollama.StatusCode);
        Assert.Equal("runner crashed", ollama.ServerMessage);
    }

    [Fact]
    public async Task Malformed_line_mid_stream_throws_an_OllamaException_wrapping_the_JSON_error()
    {
        await using var server = await StartAsync();
        server.Faults.Next(Fault.MalformedLineAfterChunks(1));
        using var client = Harness.Client(server);

        var (updates, error) = await Harness.DrainAsync(client.ChatStreamingAsync(Harness.Chat(), Harness.Safety()));

        Assert.Single(updates);
        var ollama = Assert.IsType<OllamaException>(error);
        Assert.IsAssignableFrom<JsonException>(ollama.InnerException);
        await AssertRecoveredAsync(client);
    }

    [Fact]
    public async Task Hanging_stream_is_cancelled_by_the_caller_and_the_server_sees_the_abort()
    {
        await using var server = await StartAsync();
        server.Faults.Next(Fault.HangAfterChunks(2));
        using var client = Harness.Client(server);
        using var cts = new CancellationTokenSource(Harness.Bound);
        var updates = new List<ChatUpdate>();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in client.ChatStreamingAsync(Harness.Chat(), cts.Token))
            {
                updates.Add(update);
                if (updates.Count == 2)
                {
                    await cts.CancelAsync(); // the third chunk never comes: only the cancellation can end the read
                }
            }
        });

        Assert.Equal(cts.Token, error.CancellationToken);
        Assert.Equal(2, updates.Count);
        var record = server.Requests.Single();
        await record.Completion.WaitAsync(Harness.Bound);
        Assert.True(record.ClientAborted);
        await AssertRecoveredAsync(client);
    }

    [Fact]
    public async Task Server_that_never_answers_hits_the_request_timeout_as_a_TimeoutException()
    {
        await using var server = await StartAsync();
        server.Faults.Next(Fault.HangAfterChunks(0));
        using var client = Harness.Client(server, o => o.RequestTimeout = TimeSpan.FromMilliseconds(200));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => client.ChatAsync(Harness.Chat(), Harness.Safety()));

        Assert.Contains("RequestTimeout", error.Message);
        await AssertRecoveredAsync(client);
    }

    [Fact]
    public async Task One_byte_trickle_gives_the_same_updates_as_a_normal_stream()
    {
        await using var server = await StartAsync();
        using var client = Harness.Client(server);
        var normal = await Harness.DrainAsync(client.ChatStreamingAsync(Harness.Chat(), Harness.Safety()));
        server.Faults.Next(Fault.Trickle());

        var trickled = await Harness.DrainAsync(client.ChatStreamingAsync(Harness.Chat(), Harness.Safety()));

        Assert.Null(trickled.Error);
        Assert.Equal(normal.Updates.Select(u => u.Message.Content), trickled.Updates.Select(u => u.Message.Content));
        Assert.True(trickled.Updates[^1].Done);
    }

    [Fact]
    public async Task Trickle_combined_with_a_cut_still_fails_cleanly()
    {
        await using var server = await StartAsync();
        server.Faults.Next(Fault.Trickle().And(Fault.CutAfterChunks(3)));
        using var client = Harness.Client(server);

        var (updates, error) = await Harness.DrainAsync(client.ChatStreamingAsync(Harness.Chat(), Harness.Safety()));

        Assert.Equal(3, updates.Count);
        Assert.IsType<OllamaException>(error);
        await AssertRecoveredAsync(client);
    }

    [Fact]
    public async Task Non_JSON_error_page_keeps_the_status_and_the_raw_text()
    {
        await using var server = await StartAsync();
        server.Faults.Next(Fault.Respond(502, "<html><body>Bad gateway</body></html>", "text/html"));
        using var client = Harness.Client(server);

        var error = await Assert.ThrowsAsync<OllamaException>(() => client.ChatAsync(Harness.Chat(), Harness.Safety()));

        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Contains("Bad gateway", error.ServerMessage);
    }

    [Fact]
    public async Task Scripted_model_not_found_error_is_an_OllamaModelNotFoundException()
    {
        await using var server = await StartAsync();
        server.Faults.Next(Fault.Error(404, "model 'ghost' not found"));
        using var client = Harness.Client(server);

        var error = await Assert.ThrowsAsync<OllamaModelNotFoundException>(() => client.ChatAsync(Harness.Chat(), Harness.Safety()));

        Assert.Equal("ghost", error.ModelName);
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task Unknown_model_is_an_OllamaModelNotFoundException_from_the_server_itself()
    {
        await using var server = await StartAsync();
        using var client = Harness.Client(server);

        var (updates, error) = await Harness.DrainAsync(client.ChatStreamingAsync(new ChatRequest("ghost", Message.User("hi")), Harness.Safety()));

        Assert.Empty(updates);
        Assert.Equal("ghost", Assert.IsType<OllamaModelNotFoundException>(error).ModelName);
    }

    [Fact]
    public async Task Busy_server_is_a_503_and_the_next_call_succeeds()
    {
        await using var server = await StartAsync();
        server.Faults.Next(Fault.Busy());
        using var client = Harness.Client(server);

        var error = await Assert.ThrowsAsync<OllamaException>(() => client.ChatAsync(Harness.Chat(), Harness.Safety()));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(Fault.BusyMessage, error.ServerMessage);
        await AssertRecoveredAsync(client);
    }

    [Fact]
    public async Task Unauthorized_is_an_OllamaUnauthorizedException_with_the_signin_url()
    {
        await using var server = await StartAsync();
        server.Faults.Next(Fault.Unauthorized("https://ollama.com/connect?name=test"));
        using var client = Harness.Client(server);

        var error = await Assert.ThrowsAsync<OllamaUnauthorizedException>(() => client.ChatAsync(Harness.Chat(), Harness.Safety()));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.Equal("https://ollama.com/connect?name=test", error.SigninUrl);
    }

    [Fact]
    public async Task Pull_progress_stream_cut_mid_way_throws()
    {
        await using var server = await StartAsync();
        server.Faults.Next("/api/pull", Fault.CutAfterChunks(2));
        using var client = Harness.Client(server);

        var (updates, error) = await Harness.DrainAsync(client.PullModelStreamingAsync("pullable:1b", Harness.Safety()));

        Assert.Equal(2, updates.Count);
        Assert.IsType<OllamaException>(error);
        var done = await client.PullModelAsync("pullable:1b", cancellationToken: Harness.Safety());
        Assert.Equal(ProgressUpdate.SuccessStatus, done.Status);
    }

    [Fact]
    public async Task Embed_failure_is_typed_and_the_next_embed_succeeds()
    {
        await using var server = await StartAsync();
        server.Faults.Next("/api/embed", Fault.CutAfterChunks(0));
        using var client = Harness.Client(server);

        await Assert.ThrowsAsync<OllamaException>(() => client.EmbedAsync(Harness.EmbedModel, "hello", Harness.Safety()));
        var result = await client.EmbedAsync(Harness.EmbedModel, "hello", Harness.Safety());

        Assert.Equal(8, result.Dimensions);
    }

    [Fact]
    public async Task Success_status_with_a_non_JSON_body_is_an_OllamaException()
    {
        await using var server = await StartAsync();
        server.Faults.Next(Fault.Respond(200, "<html>captive portal</html>", "text/html"));
        using var client = Harness.Client(server);

        var error = await Assert.ThrowsAsync<OllamaException>(() => client.ChatAsync(Harness.Chat(), Harness.Safety()));

        Assert.IsAssignableFrom<JsonException>(error.InnerException);
    }

    [Fact]
    public async Task Empty_success_stream_is_an_OllamaException_not_an_empty_answer()
    {
        await using var server = await StartAsync();
        server.Faults.Next(Fault.Respond(200, string.Empty, "application/x-ndjson"));
        using var client = Harness.Client(server);

        var (updates, error) = await Harness.DrainAsync(client.ChatStreamingAsync(Harness.Chat(), Harness.Safety()));

        Assert.Empty(updates);
        Assert.Contains("without any data", Assert.IsType<OllamaException>(error).Message);
    }

    [Fact]
    public async Task Server_stopped_mid_stream_ends_the_stream_with_an_OllamaException()
    {
        var server = await StartAsync();
        server.Faults.Next(Fault.HangAfterChunks(1));
        using var client = Harness.Client(server);
        var updates = new List<ChatUpdate>();

        var error = await Harness.CaptureAsync(async () =>
        {
            await foreach (var update in client.ChatStreamingAsync(Harness.Chat(), Harness.Safety()))
            {
                updates.Add(update);
                if (updates.Count == 1)
                {
                    await server.DisposeAsync();
                }
            }
        });

        Assert.Single(updates);
        Assert.IsType<OllamaException>(error);
    }

    [Fact]
    public async Task Leaving_a_hanging_stream_early_releases_it_and_the_client_goes_on()
    {
        await using var server = await StartAsync();
        server.Faults.Next(Fault.HangAfterChunks(1));
        using var client = Harness.Client(server);

        await foreach (var update in client.ChatStreamingAsync(Harness.Chat(), Harness.Safety()))
        {
            Assert.Equal("0", update.Message.Content);
            break;
        }

        var record = server.Requests.Single();
        await record.Completion.WaitAsync(Harness.Bound);
        Assert.True(record.ClientAborted);
        await AssertRecoveredAsync(client);
    }

    [Fact]
    public async Task Cancelled_before_the_call_sends_nothing()
    {
        await using var server = await StartAsync();
        using var client = Harness.Client(server);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ChatAsync(Harness.Chat(), new CancellationToken(canceled: true)));
        var (_, error) = await Harness.DrainAsync(client.ChatStreamingAsync(Harness.Chat(), new CancellationToken(canceled: true)));

        Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Stream_line_over_the_line_limit_is_an_OllamaException()
    {
        await using var server = await StartAsync();
        server.Replies.Enqueue(Harness.ChatModel, new ScriptedReply { Content = new string('x', 4096), ChunkSize = 4096 });
        using var client = Harness.Client(server, o => o.MaxStreamLineLength = 1024);

        var (updates, error) = await Harness.DrainAsync(client.ChatStreamingAsync(Harness.Chat(), Harness.Safety()));

        Assert.Empty(updates);
        Assert.Contains("MaxStreamLineLength", Assert.IsType<OllamaException>(error).Message);
    }

    [Fact]
    public async Task Response_over_MaxResponseContentLength_is_refused_by_its_Content_Length()
    {
        await using var server = await StartAsync();
        server.Replies.Enqueue(Harness.ChatModel, new ScriptedReply { Content = new string('x', 64 * 1024) });
        using var client = Harness.Client(server, o => o.MaxResponseContentLength = 16 * 1024);

        var error = await Assert.ThrowsAsync<OllamaException>(() => client.ChatAsync(Harness.Chat(), Harness.Safety()));

        Assert.Contains("MaxResponseContentLength", error.Message);
        Assert.Contains("it was not read", error.Message);
        await AssertRecoveredAsync(client);
    }

    [Fact]
    public async Task Response_under_MaxResponseContentLength_is_read()
    {
        await using var server = await StartAsync();
        var content = new string('x', 8 * 1024);
        server.Replies.Enqueue(Harness.ChatModel, new ScriptedReply { Content = content });
        using var client = Harness.Client(server, o => o.MaxResponseContentLength = 16 * 1024);

        var result = await client.ChatAsync(Harness.Chat(), Harness.Safety());

        Assert.Equal(content, result.Message.Content);
    }

    [Fact]
    public void MaxResponseContentLength_must_be_positive_or_null()
    {
        var error = Assert.Throws<ArgumentException>("options", () => Harness.Client(new Uri("http://127.0.0.1:1/"), o => o.MaxResponseContentLength = 0));
        Assert.StartsWith("MaxResponseContentLength must be at least 1 byte, but it is 0.", error.Message, StringComparison.Ordinal);
        using var unlimited = Harness.Client(new Uri("http://127.0.0.1:1/"), o => o.MaxResponseContentLength = null);
        Assert.Equal(OllamaClientOptions.DefaultMaxResponseContentLength, new OllamaClientOptions().MaxResponseContentLength);
    }
}
