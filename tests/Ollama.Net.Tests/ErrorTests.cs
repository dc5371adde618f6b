using System.Net;
using System.Net.Sockets;
using Ollama.Net.Tests.Infrastructure;

namespace Ollama.Net.Tests;

public class ErrorTests
{
    private const string Chunk = """{"model":"m","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":"part"},"done":false}""";
    private const string Done = """{"model":"m","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop"}""";
    private const string ApiKey = "sk-very-secret-key-0042";

    private static ChatRequest Request() => new("m", Message.User("q"));

    [Fact]
    public async Task A_json_error_body_becomes_an_OllamaException_with_status_and_server_text()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"error":"top_logprobs must be between 0 and 20"}""", HttpStatusCode.BadRequest);
        using var client = TestClient.Create(handler);
        var ex = await Assert.ThrowsAsync<OllamaException>(() => client.ChatAsync(Request()));
        Assert.Equal(typeof(OllamaException), ex.GetType());
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal("top_logprobs must be between 0 and 20", ex.ServerMessage);
        Assert.Contains("400", ex.Message, StringComparison.Ordinal);
        Assert.Contains("top_logprobs must be between 0 and 20", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_text_body_is_kept_as_the_server_message()
    {
        var handler = new FakeHttpHandler().Enqueue(FakeResponse.Text("404 page not found", HttpStatusCode.NotFound));
        using var client = TestClient.Create(handler);
        var ex = await Assert.ThrowsAsync<OllamaException>(() => client.GetVersionAsync());
        Assert.IsNotType<OllamaModelNotFoundException>(ex);
        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
        Assert.Equal("404 page not found", ex.ServerMessage);
        Assert.Contains("404 page not found", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_plain_text_body_is_truncated()
    {
        var handler = new FakeHttpHandler().Enqueue(FakeResponse.Text(new string('x', 100_000), HttpStatusCode.BadGateway));
        using var client = TestClient.Create(handler);
        var ex = await Assert.ThrowsAsync<OllamaException>(() => client.GetVersionAsync());
        Assert.Equal(HttpStatusCode.BadGateway, ex.StatusCode);
        Assert.True(ex.ServerMessage!.Length <= 1025, $"length {ex.ServerMessage.Length}");
        Assert.EndsWith("…", ex.ServerMessage, StringComparison.Ordinal);
        Assert.True(ex.Message.Length < 2000);
    }

    [Fact]
    public async Task An_empty_error_body_still_names_the_status()
    {
        var handler = new FakeHttpHandler().Enqueue(FakeResponse.Empty(HttpStatusCode.InternalServerError));
        using var client = TestClient.Create(handler);
        var ex = await Assert.ThrowsAsync<OllamaException>(() => client.GetVersionAsync());
        Assert.Equal(HttpStatusCode.InternalServerError, ex.StatusCode);
        Assert.Null(ex.ServerMessage);
        Assert.Contains("500", ex.Message, StringComparison.Ordinal);
        Assert.Contains("empty body", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_403_with_an_empty_body_hints_at_the_host_check()
    {
        var handler = new FakeHttpHandler().Enqueue(FakeResponse.Empty(HttpStatusCode.Forbidden));
        using var client = TestClient.Create(handler);
        var ex = await Assert.ThrowsAsync<OllamaException>(() => client.GetVersionAsync());
        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.Contains("Host header", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_401_becomes_OllamaUnauthorizedException_with_the_signin_url()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"error":"unauthorized","signin_url":"https://ollama.com/connect?name=box&key=abc"}""", HttpStatusCode.Unauthorized);
        using var client = TestClient.Create(handler);
        var ex = await Assert.ThrowsAsync<OllamaUnauthorizedException>(() => client.ChatAsync(Request()));
        Assert.Equal(HttpStatusCode.Unauthorized, ex.StatusCode);
        Assert.Equal("unauthorized", ex.ServerMessage);
        Assert.Equal("https://ollama.com/connect?name=box&key=abc", ex.SigninUrl);
        Assert.Contains("https://ollama.com/connect?name=box&key=abc", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_401_without_signin_url_is_still_unauthorized()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"error":"you are not currently signed in"}""", HttpStatusCode.Unauthorized);
        using var client = TestClient.Create(handler);
        var ex = await Assert.ThrowsAsync<OllamaUnauthorizedException>(() => client.GetVersionAsync());
        Assert.Null(ex.SigninUrl);
        Assert.Contains("OLLAMA_API_KEY", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"error":"model 'llama9' not found"}""", "llama9")]
    [InlineData("""{"error":"model \"llama9:70b\" not found, try pulling it first"}""", "llama9:70b")]
    [InlineData("""{"error":"model 'hf.co/org/repo:Q4_K_M' not found"}""", "hf.co/org/repo:Q4_K_M")]
    [InlineData("""{"error":"model 'llama9:latest' not found"}""", "llama9:latest")]
    [InlineData("""{"error":"model \"llama9\" not found"}""", "llama9")]
    public async Task Every_404_wording_becomes_OllamaModelNotFoundException(string body, string model)
    {
        var handler = new FakeHttpHandler().EnqueueJson(body, HttpStatusCode.NotFound);
        using var client = TestClient.Create(handler);
        var ex = await Assert.ThrowsAsync<OllamaModelNotFoundException>(() => client.ChatAsync(new ChatRequest(model, Message.User("q"))));
        Assert.Equal(model, ex.ModelName);
        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
        Assert.Contains("not found", ex.ServerMessage, StringComparison.Ordinal);
        Assert.Contains($"ollama pull {model}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_empty_model_wording_becomes_OllamaModelNotFoundException_with_an_empty_name()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"error":"model '' not found"}""", HttpStatusCode.NotFound);
        using var client = TestClient.Create(handler);
        var ex = await Assert.ThrowsAsync<OllamaModelNotFoundException>(() => client.GenerateAsync(new GenerateRequest("m", "x")));
        Assert.Equal(string.Empty, ex.ModelName);
        Assert.Equal("model '' not found", ex.ServerMessage);
        Assert.Contains("named no model", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ollama pull", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_not_found_on_a_streaming_call_throws_on_first_MoveNext()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"error":"model 'nope' not found"}""", HttpStatusCode.NotFound);
        using var client = TestClient.Create(handler);
        var stream = client.ChatStreamingAsync(new ChatRequest("nope", Message.User("q")));
        Assert.Empty(handler.Requests); // lazy: nothing sent until enumerated
        var ex = await Assert.ThrowsAsync<OllamaModelNotFoundException>(async () => await stream.ToListAsync());
        Assert.Equal("nope", ex.ModelName);
    }

    [Fact]
    public async Task A_relayed_upstream_error_reads_the_error_key()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"StatusCode":502,"Status":"502 Bad Gateway","error":"upstream exploded"}""", HttpStatusCode.BadGateway);
        using var client = TestClient.Create(handler);
        var ex = await Assert.ThrowsAsync<OllamaException>(() => client.GenerateAsync(new GenerateRequest("m", "x")));
        Assert.Equal(HttpStatusCode.BadGateway, ex.StatusCode);
        Assert.Equal("upstream exploded", ex.ServerMessage);
    }

    [Fact]
    public async Task An_openai_style_nested_error_reads_the_message()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"error":{"message":"bad thing","type":"invalid_request_error"}}""", HttpStatusCode.BadRequest);
        using var client = TestClient.Create(handler);
        var ex = await Assert.ThrowsAsync<OllamaException>(() => client.GetVersionAsync());
        Assert.Equal("bad thing", ex.ServerMessage);
    }

    [Fact]
    public async Task A_503_busy_server_keeps_its_message()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"error":"server busy, please try again.  maximum pending requests exceeded"}""", HttpStatusCode.ServiceUnavailable);
        using var client = TestClient.Create(handler);
        var ex = await Assert.ThrowsAsync<OllamaException>(() => client.EmbedAsync("e", "x"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.StartsWith("server busy", ex.ServerMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_499_status_without_a_known_name_is_reported()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"error":"request canceled"}""", (HttpStatusCode)499);
        using var client = TestClient.Create(handler);
        var ex = await Assert.ThrowsAsync<OllamaException>(() => client.ChatAsync(Request()));
        Assert.Equal((HttpStatusCode)499, ex.StatusCode);
        Assert.Contains("499", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_streaming_call_that_fails_before_any_chunk_uses_the_status()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"error":"\"m\" does not support thinking"}""", HttpStatusCode.BadRequest);
        using var client = TestClient.Create(handler);
        var ex = await Assert.ThrowsAsync<OllamaException>(async () => await client.ChatStreamingAsync(Request()).ToListAsync());
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal("\"m\" does not support thinking", ex.ServerMessage);
    }

    [Fact]
    public async Task An_error_line_mid_stream_throws_after_the_chunks_already_yielded()
    {
        var handler = new FakeHttpHandler().EnqueueNdjson(Chunk, Chunk, """{"error":"runner process has terminated: CUDA out of memory"}""");
        using var client = TestClient.Create(handler);
        var received = new List<ChatUpdate>();
        var ex = await Assert.ThrowsAsync<OllamaException>(async () =>
        {
            await foreach (var update in client.ChatStreamingAsync(Request()))
            {
                received.Add(update);
            }
        });
        Assert.Equal(2, received.Count);
        Assert.Null(ex.StatusCode);
        Assert.Equal("runner process has terminated: CUDA out of memory", ex.ServerMessage);
        Assert.Contains("CUDA out of memory", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_error_line_mid_generate_stream_throws()
    {
        var handler = new FakeHttpHandler().EnqueueNdjson(
            """{"model":"m","created_at":"2025-01-01T00:00:00Z","response":"a","done":false}""",
            """{"error":"boom"}""");
        using var client = TestClient.Create(handler);
        var count = 0;
        var ex = await Assert.ThrowsAsync<OllamaException>(async () =>
        {
            await foreach (var update in client.GenerateStreamingAsync(new GenerateRequest("m", "x")))
            {
                count++;
            }
        });
        Assert.Equal(1, count);
        Assert.Equal("boom", ex.ServerMessage);
    }

    [Fact]
    public async Task An_error_line_with_signin_url_mid_stream_is_unauthorized()
    {
        var handler = new FakeHttpHandler().EnqueueNdjson(Chunk, """{"error":"unauthorized","signin_url":"https://ollama.com/connect?x=1"}""");
        using var client = TestClient.Create(handler);
        var ex = await Assert.ThrowsAsync<OllamaUnauthorizedException>(async () => await client.ChatStreamingAsync(Request()).ToListAsync());
        Assert.Equal("https://ollama.com/connect?x=1", ex.SigninUrl);
    }

    [Fact]
    public async Task Content_equal_to_the_word_error_is_not_mistaken_for_an_error_line()
    {
        var handler = new FakeHttpHandler().EnqueueNdjson(
            """{"model":"m","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":"error"},"done":false}""",
            """{"model":"m","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":"{\"error\":\"x\"}"},"done":false}""",
            Done);
        using var client = TestClient.Create(handler);
        var updates = await client.ChatStreamingAsync(Request()).ToListAsync();
        Assert.Equal("error", updates[0].Message.Content);
        Assert.Equal("""{"error":"x"}""", updates[1].Message.Content);
    }

    [Fact]
    public async Task An_empty_error_value_in_a_line_is_not_an_error()
    {
        var handler = new FakeHttpHandler().EnqueueNdjson(Done.Replace("\"done\":true", "\"error\":\"\",\"done\":true", StringComparison.Ordinal));
        using var client = TestClient.Create(handler);
        var updates = await client.ChatStreamingAsync(Request()).ToListAsync();
        Assert.True(Assert.Single(updates).Done);
    }

    [Fact]
    public async Task A_stream_cut_before_done_is_an_error_not_a_silent_success()
    {
        var handler = new FakeHttpHandler().EnqueueNdjson(Chunk, Chunk);
        using var client = TestClient.Create(handler);
        var received = 0;
        var ex = await Assert.ThrowsAsync<OllamaException>(async () =>
        {
            await foreach (var update in client.ChatStreamingAsync(Request()))
            {
                received++;
            }
        });
        Assert.Equal(2, received);
        Assert.Contains("ended early", ex.Message, StringComparison.Ordinal);
        Assert.Contains("done", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_cut_mid_line_is_an_error()
    {
        var handler = new FakeHttpHandler().Enqueue(FakeResponse.Stream(TrickleStream.FromText(Chunk + "\n" + Done[..40], 7)));
        using var client = TestClient.Create(handler);
        var ex = await Assert.ThrowsAsync<OllamaException>(async () => await client.ChatStreamingAsync(Request()).ToListAsync());
        Assert.IsType<System.Text.Json.JsonException>(ex.InnerException);
    }

    [Fact]
    public async Task An_empty_stream_is_an_error()
    {
        var handler = new FakeHttpHandler().EnqueueNdjson();
        using var client = TestClient.Create(handler);
        var ex = await Assert.ThrowsAsync<OllamaException>(async () => await client.GenerateStreamingAsync(new GenerateRequest("m", "x")).ToListAsync());
        Assert.Contains("without any data", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_reset_mid_stream_is_an_OllamaException()
    {
        var body = new TrickleStream(System.Text.Encoding.UTF8.GetBytes(Chunk + "\n" + Done + "\n"), 16) { FailAt = Chunk.Length + 5 };
        var handler = new FakeHttpHandler().Enqueue(FakeResponse.Stream(body));
        using var client = TestClient.Create(handler);
        var received = 0;
        var ex = await Assert.ThrowsAsync<OllamaException>(async () =>
        {
            await foreach (var update in client.ChatStreamingAsync(Request()))
            {
                received++;
            }
        });
        Assert.Equal(1, received);
        Assert.IsType<IOException>(ex.InnerException);
        Assert.True(body.IsDisposed);
    }

    [Fact]
    public async Task A_non_json_line_in_a_200_stream_is_an_error()
    {
        var handler = new FakeHttpHandler().EnqueueNdjson(Chunk, "<html>proxy error</html>");
        using var client = TestClient.Create(handler);
        var ex = await Assert.ThrowsAsync<OllamaException>(async () => await client.ChatStreamingAsync(Request()).ToListAsync());
        Assert.Contains("<html>proxy error</html>", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_json_in_a_unary_response_is_an_OllamaException()
    {
        var handler = new FakeHttpHandler().EnqueueJson("not json");
        using var client = TestClient.Create(handler);
        var ex = await Assert.ThrowsAsync<OllamaException>(() => client.GetVersionAsync());
        Assert.IsType<System.Text.Json.JsonException>(ex.InnerException, exactMatch: false);
    }

    [Fact]
    public async Task Connection_refused_names_the_endpoint_and_suggests_ollama_serve()
    {
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (127.0.0.1:11434)", new SocketException((int)SocketError.ConnectionRefused));
        var handler = new FakeHttpHandler().EnqueueThrow(refused);
        using var client = TestClient.Create(handler);
        var ex = await Assert.ThrowsAsync<OllamaException>(() => client.GetVersionAsync());
        Assert.Same(refused, ex.InnerException);
        Assert.Null(ex.StatusCode);
        Assert.Contains("http://127.0.0.1:11434", ex.Message, StringComparison.Ordinal);
        Assert.Contains("connection refused", ex.Message, StringComparison.Ordinal);
        Assert.Contains("ollama serve", ex.Message, StringComparison.Ordinal);
        Assert.Contains("OLLAMA_HOST", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connection_refused_on_a_streaming_call_is_an_OllamaException()
    {
        var handler = new FakeHttpHandler().EnqueueThrow(new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException((int)SocketError.ConnectionRefused)));
        using var client = TestClient.Create(handler);
        var ex = await Assert.ThrowsAsync<OllamaException>(async () => await client.ChatStreamingAsync(Request()).ToListAsync());
        Assert.IsType<HttpRequestException>(ex.InnerException);
        Assert.Contains("ollama serve", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_host_is_reported_as_such()
    {
        var handler = new FakeHttpHandler().EnqueueThrow(new HttpRequestException(HttpRequestError.NameResolutionError, "Name or service not known", new SocketException((int)SocketError.HostNotFound)));
        using var client = TestClient.Create(handler, o => o.Endpoint = new Uri("http://no-such-host:11434"));
        var ex = await Assert.ThrowsAsync<OllamaException>(() => client.GetVersionAsync());
        Assert.Contains("host not found", ex.Message, StringComparison.Ordinal);
        Assert.Contains("no-such-host", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_transport_failures_are_wrapped()
    {
        var handler = new FakeHttpHandler().EnqueueThrow(new HttpRequestException(HttpRequestError.SecureConnectionError, "The SSL connection could not be established"));
        using var client = TestClient.Create(handler);
        var ex = await Assert.ThrowsAsync<OllamaException>(() => client.GetVersionAsync());
        Assert.Contains("SSL", ex.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(ex.InnerException);
    }

    [Fact]
    public async Task No_exception_text_contains_the_api_key()
    {
        var scenarios = new Func<FakeHttpHandler, FakeHttpHandler>[]
        {
            h => h.EnqueueJson("""{"error":"unauthorized","signin_url":"https://ollama.com/connect?k=pub"}""", HttpStatusCode.Unauthorized),
            h => h.EnqueueJson("""{"error":"model 'x' not found"}""", HttpStatusCode.NotFound),
            h => h.Enqueue(FakeResponse.Text("nope", HttpStatusCode.BadGateway)),
            h => h.EnqueueThrow(new HttpRequestException(HttpRequestError.ConnectionError, "refused", new SocketException((int)SocketError.ConnectionRefused))),
            h => h.EnqueueNdjson(Chunk, """{"error":"mid"}"""),
            h => h.EnqueueNdjson(Chunk),
        };

        foreach (var scenario in scenarios)
        {
            var handler = scenario(new FakeHttpHandler());
            using var client = TestClient.Create(handler, o => o.ApiKey = ApiKey);
            var ex = await Assert.ThrowsAnyAsync<Exception>(async () => await client.ChatStreamingAsync(Request()).ToListAsync());
            Assert.Equal("Bearer " + ApiKey, handler.LastRequest.Headers["Authorization"]); // it was sent...
            Assert.DoesNotContain(ApiKey, ex.ToString(), StringComparison.Ordinal); // ...but never shown
            Assert.DoesNotContain(ApiKey, ex.Message, StringComparison.Ordinal);
        }
    }
}
