using System.Net;
using Ollama.Net.Testing;

namespace Ollama.Net.IntegrationTests.Client;

/// <summary>
/// Every fault of the test server against the real client: each ends in the documented typed exception carrying the
/// server's message, or (delays, trickle) in the normal answer.
/// </summary>
public class FaultClientTests
{
    private const string Chat = ScriptedTarget.Chat;
    private const string Content = "0123456789";

    private static async Task<ScriptedTarget> StartAsync()
    {
        var target = await ScriptedTarget.StartAsync();
        target.Server.Replies.Generator = _ => new ScriptedReply { Content = Content, ChunkSize = 1 };
        return target;
    }

    private static ChatRequest Hi() => new(Chat, Message.User("hi"));

    [Fact]
    public async Task Delay_before_the_first_byte_still_gives_the_answer()
    {
        await using var target = await StartAsync();
        target.Server.Faults.Next(Fault.DelayFirstByte(TimeSpan.FromMilliseconds(300)));
        using var client = target.CreateClient();

        var result = await client.ChatAsync(Hi()).Within();

        Assert.Equal(Content, result.Message.Content);
        Assert.Equal("delay first byte 00:00:00.3000000", target.Server.Requests.Single().Fault?.ToString());
    }

    [Fact]
    public async Task Delay_per_chunk_still_gives_every_chunk()
    {
        await using var target = await StartAsync();
        target.Server.Faults.Next(Fault.DelayEachChunk(TimeSpan.FromMilliseconds(20)));
        using var client = target.CreateClient();

        var updates = await Guard.ToListAsync(client.ChatStreamingAsync(Hi()));

        Assert.Equal(Content, string.Concat(updates.Select(u => u.Message.Content)));
        Assert.Equal(11, updates.Count);
    }

    [Fact]
    public async Task A_request_timeout_shorter_than_the_first_byte_delay_is_a_TimeoutException()
    {
        await using var target = await StartAsync();
        target.Server.Faults.Next(Fault.DelayFirstByte(TimeSpan.FromMinutes(5)));
        using var client = target.CreateClient(requestTimeout: TimeSpan.FromMilliseconds(200));

        var error = await Guard.Throws<TimeoutException>(() => client.ChatAsync(Hi()));

        Assert.Contains("RequestTimeout", error.Message, StringComparison.Ordinal);
        var record = target.Server.Requests.Single();
        await record.Completion.Within();
        Assert.True(record.ClientAborted);
    }

    [Fact]
    public async Task Cut_after_chunks_is_an_early_end_after_exactly_those_chunks()
    {
        await using var target = await StartAsync();
        target.Server.Faults.Next(Fault.CutAfterChunks(3));
        using var client = target.CreateClient();

        var (updates, error) = await Guard.ReadUntilErrorAsync(client.ChatStreamingAsync(Hi()));

        Assert.Equal(["0", "1", "2"], updates.Select(u => u.Message.Content));
        // The chunked body stops without its terminating chunk: the read fails with an IOException.
        var ollama = Assert.IsType<OllamaException>(error);
        Assert.Contains("broke while reading the api/chat response", ollama.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<IOException>(ollama.InnerException);
        Assert.Null(ollama.StatusCode);
    }

    [Fact]
    public async Task A_complete_body_without_the_done_chunk_is_an_early_end()
    {
        await using var target = await StartAsync();
        const string Lines = """
            {"model":"qwen2.5:0.5b","created_at":"2026-01-01T00:00:00Z","message":{"role":"assistant","content":"a"},"done":false}
            {"model":"qwen2.5:0.5b","created_at":"2026-01-01T00:00:00Z","message":{"role":"assistant","content":"b"},"done":false}

            """;
        target.Server.Faults.Next(Fault.Respond(200, Lines, "application/x-ndjson"));
        using var client = target.CreateClient();

        var (updates, error) = await Guard.ReadUntilErrorAsync(client.ChatStreamingAsync(Hi()));

        Assert.Equal(["a", "b"], updates.Select(u => u.Message.Content));
        Assert.Contains("ended early, after 2 chunk(s)", Assert.IsType<OllamaException>(error).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cut_of_a_non_streaming_answer_is_an_OllamaException()
    {
        await using var target = await StartAsync();
        target.Server.Faults.Next(Fault.CutAfterChunks(0));
        using var client = target.CreateClient();

        var error = await Guard.Throws<OllamaException>(() => client.ChatAsync(Hi()));

        Assert.Null(error.StatusCode);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task Error_line_mid_stream_is_an_OllamaException_with_the_server_text()
    {
        await using var target = await StartAsync();
        target.Server.Faults.Next(Fault.ErrorAfterChunks(2, "llama runner process has terminated: exit status 2"));
        using var client = target.CreateClient();

        var (updates, error) = await Guard.ReadUntilErrorAsync(client.ChatStreamingAsync(Hi()));

        Assert.Equal(2, updates.Count);
        var ollama = Assert.IsType<OllamaException>(error);
        Assert.Equal("llama runner process has terminated: exit status 2", ollama.ServerMessage);
        Assert.Null(ollama.StatusCode); // the HTTP status was 200
        Assert.Contains("llama runner process has terminated", ollama.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Error_before_any_chunk_is_an_http_500_with_the_server_text()
    {
        await using var target = await StartAsync();
        target.Server.Faults.Next(Fault.ErrorAfterChunks(0, "model runner crashed"));
        using var client = target.CreateClient();

        var error = await Guard.Throws<OllamaException>(() => Guard.ToListAsync(client.ChatStreamingAsync(Hi())));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal("model runner crashed", error.ServerMessage);
    }

    [Fact]
    public async Task Error_line_on_a_non_streaming_progress_route()
    {
        await using var target = await StartAsync();
        target.Server.Faults.Next("/api/pull", Fault.ErrorAfterChunks(1, "max retries exceeded"));
        using var client = target.CreateClient();

        var error = await Guard.Throws<OllamaException>(() => client.PullModelAsync("llama3.2:1b"));

        Assert.Equal("max retries exceeded", error.ServerMessage);
    }

    [Theory]
    [InlineData(400, "text/plain; charset=utf-8", "bad things", "bad things")]
    [InlineData(418, "text/plain", "I'm a teapot", "I'm a teapot")]
    [InlineData(429, "application/json", """{"error":"too many requests"}""", "too many requests")]
    [InlineData(500, "application/json; charset=utf-8", """{"error":"option \"stop\" must be of type array"}""", "option \"stop\" must be of type array")]
    [InlineData(502, "text/html", "<html><body>Bad Gateway</body></html>", "<html><body>Bad Gateway</body></html>")]
    [InlineData(502, "application/json", """{"StatusCode":502,"Status":"502 Bad Gateway","error":"upstream went away"}""", "upstream went away")]
    [InlineData(504, "text/plain", "", null)]
    public async Task Any_status_with_any_body_is_an_OllamaException_with_that_status_and_text(int status, string contentType, string body, string? expected)
    {
        await using var target = await StartAsync();
        target.Server.Faults.Always(Fault.Respond(status, body, contentType));
        using var client = target.CreateClient();

        var unary = await Guard.Throws<OllamaException>(() => client.ChatAsync(Hi()));
        var streaming = await Guard.Throws<OllamaException>(() => Guard.ToListAsync(client.ChatStreamingAsync(Hi())));
        var get = await Guard.Throws<OllamaException>(() => client.ListModelsAsync());

        foreach (var error in new[] { unary, streaming, get })
        {
            Assert.Equal((HttpStatusCode)status, error.StatusCode);
            Assert.Equal(expected, error.ServerMessage);
            Assert.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task One_byte_trickle_gives_the_same_answer_streaming_and_unary()
    {
        await using var target = await StartAsync();
        using var _ = target.Server.Faults.Always(Fault.Trickle());
        using var client = target.CreateClient();

        var updates = await Guard.ToListAsync(client.ChatStreamingAsync(Hi()));
        var whole = await client.ChatAsync(Hi()).Within();
        var show = await client.ShowModelAsync(Chat).Within();
        var embed = await client.EmbedAsync(ScriptedTarget.Embedder, "x").Within();

        Assert.Equal(11, updates.Count);
        Assert.Equal(Content, string.Concat(updates.Select(u => u.Message.Content)));
        Assert.Equal(Content, whole.Message.Content);
        Assert.Equal("qwen2", show.Architecture);
        Assert.Equal(TestEmbeddings.Generate("x", 384), embed.Embeddings[0].ToArray());
        Assert.All(target.Server.Requests, r => Assert.Equal("one-byte trickle", r.Fault?.ToString()));
    }

    [Fact]
    public async Task Trickle_with_an_error_line_still_reports_the_error()
    {
        await using var target = await StartAsync();
        target.Server.Faults.Next(Fault.Trickle().And(Fault.ErrorAfterChunks(4, "boom")));
        using var client = target.CreateClient();

        var (updates, error) = await Guard.ReadUntilErrorAsync(client.ChatStreamingAsync(Hi()));

        Assert.Equal(4, updates.Count);
        Assert.Equal("boom", Assert.IsType<OllamaException>(error).ServerMessage);
    }

    [Fact]
    public async Task Malformed_json_line_is_an_OllamaException_naming_the_line()
    {
        await using var target = await StartAsync();
        target.Server.Faults.Next(Fault.MalformedLineAfterChunks(2));
        using var client = target.CreateClient();

        var (updates, error) = await Guard.ReadUntilErrorAsync(client.ChatStreamingAsync(Hi()));

        Assert.Equal(2, updates.Count);
        var ollama = Assert.IsType<OllamaException>(error);
        Assert.Contains("not valid JSON", ollama.Message, StringComparison.Ordinal);
        Assert.Contains("\"model\":\"broken\"", ollama.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<System.Text.Json.JsonException>(ollama.InnerException);
    }

    [Fact]
    public async Task Busy_is_a_503_with_ollamas_text()
    {
        await using var target = await StartAsync();
        target.Server.Faults.Next("/api/embed", Fault.Busy());
        using var client = target.CreateClient();

        var error = await Guard.Throws<OllamaException>(() => client.EmbedAsync(ScriptedTarget.Embedder, "x"));
        var retry = await client.EmbedAsync(ScriptedTarget.Embedder, "x").Within();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(Fault.BusyMessage, error.ServerMessage);
        Assert.Single(retry.Embeddings);
    }

    [Fact]
    public async Task Unauthorized_carries_the_signin_url()
    {
        await using var target = await StartAsync();
        const string Signin = "https://ollama.com/connect?name=test&key=abc";
        using var _ = target.Server.Faults.Always(Fault.Unauthorized(Signin));
        using var client = target.CreateClient();

        var unary = await Guard.Throws<OllamaUnauthorizedException>(() => client.ChatAsync(Hi()));
        var streaming = await Guard.Throws<OllamaUnauthorizedException>(() => Guard.ToListAsync(client.ChatStreamingAsync(Hi())));

        foreach (var error in new[] { unary, streaming })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
            Assert.Equal("unauthorized", error.ServerMessage);
            Assert.Equal(Signin, error.SigninUrl);
            Assert.Contains(Signin, error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("model 'ghost:7b' not found")]
    [InlineData("model \"ghost:7b\" not found, try pulling it first")]
    [InlineData("model \"ghost:7b\" not found")]
    public async Task Both_404_wordings_are_model_not_found(string text)
    {
        await using var target = await StartAsync();
        target.Server.Faults.Next(Fault.Error(404, text));
        using var client = target.CreateClient();

        var error = await Guard.Throws<OllamaModelNotFoundException>(() => Guard.ToListAsync(client.ChatStreamingAsync(Hi())));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal(text, error.ServerMessage);
        Assert.Equal("ghost:7b", error.ModelName);
    }

    [Fact]
    public async Task The_empty_model_404_is_model_not_found_without_a_name()
    {
        await using var target = await StartAsync();
        target.Server.Faults.Next(Fault.Error(404, "model '' not found"));
        using var client = target.CreateClient();

        var error = await Guard.Throws<OllamaModelNotFoundException>(() => client.GenerateAsync(new GenerateRequest("m", "x")));

        Assert.Equal(string.Empty, error.ModelName);
        Assert.Equal("model '' not found", error.ServerMessage);
    }

    [Fact]
    public async Task Every_not_found_wording_of_the_server_is_model_not_found()
    {
        await using var target = await StartAsync();
        using var client = target.CreateClient();

        var embed = await Guard.Throws<OllamaModelNotFoundException>(() => client.EmbedAsync("ghost", "x"));
        var show = await Guard.Throws<OllamaModelNotFoundException>(() => client.ShowModelAsync("ghost"));
        var copy = await Guard.Throws<OllamaModelNotFoundException>(() => client.CopyModelAsync("ghost", "copy"));
        var delete = await Guard.Throws<OllamaModelNotFoundException>(() => client.DeleteModelAsync("ghost"));

        Assert.Equal(["ghost", "ghost:latest", "ghost", "ghost"], new[] { embed, show, copy, delete }.Select(e => e.ModelName));
        Assert.Equal("model \"ghost\" not found, try pulling it first", embed.ServerMessage);
        Assert.Equal("model 'ghost:latest' not found", show.ServerMessage);
        Assert.Equal("model \"ghost\" not found", copy.ServerMessage);
        Assert.Equal("model 'ghost' not found", delete.ServerMessage);
    }

    [Fact]
    public async Task The_servers_own_404_for_an_unknown_model_is_model_not_found()
    {
        await using var target = await StartAsync();
        using var client = target.CreateClient();

        var error = await Guard.Throws<OllamaModelNotFoundException>(() => Guard.ToListAsync(client.ChatStreamingAsync(new ChatRequest("ghost:7b", Message.User("x")))));

        Assert.Equal("model 'ghost:7b' not found", error.ServerMessage);
    }

    [Fact]
    public async Task Unknown_route_404_plain_text_is_an_OllamaException_not_model_not_found()
    {
        await using var target = await StartAsync();

        // A base path that the server does not serve (as behind a misconfigured reverse proxy).
        using var client = new OllamaClient(new OllamaClientOptions { Endpoint = new Uri(target.Endpoint, "/not-ollama/"), UseEnvironmentVariables = false });

        var error = await Guard.Throws<OllamaException>(() => client.GetVersionAsync());

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("404 page not found", error.ServerMessage);
        Assert.Equal("/not-ollama/api/version", target.Server.Requests.Single().Path);
        Assert.Equal(404, target.Server.Requests.Single().StatusCode);
    }

    [Fact]
    public async Task A_fault_for_one_route_leaves_other_routes_alone()
    {
        await using var target = await StartAsync();
        using (target.Server.Faults.Always("/api/chat", Fault.Busy()))
        {
            using var client = target.CreateClient();
            await Guard.Throws<OllamaException>(() => client.ChatAsync(Hi()));
            Assert.NotEmpty((await client.ListModelsAsync().Within()).Models);
        }

        using var after = target.CreateClient();
        Assert.Equal(Content, (await after.ChatAsync(Hi()).Within()).Message.Content);
    }
}
