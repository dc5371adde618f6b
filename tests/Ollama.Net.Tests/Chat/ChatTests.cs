using System.Text.Json;
using Ollama.Net.Tests.Infrastructure;

namespace Ollama.Net.Tests.Chat;

public class ChatTests
{
    private const string FinalJson = """{"model":"qwen2.5:0.5b","created_at":"2025-06-01T10:00:00.123456789Z","message":{"role":"assistant","content":"Hello!"},"done":true,"done_reason":"stop","total_duration":2500000000,"load_duration":500000000,"prompt_eval_count":12,"prompt_eval_duration":100000000,"eval_count":20,"eval_duration":1000000000}""";

    [Fact]
    public async Task ChatAsync_posts_the_exact_request_json_with_stream_false()
    {
        var handler = new FakeHttpHandler().EnqueueJson(FinalJson);
        using var client = TestClient.Create(handler);
        var request = new ChatRequest("qwen2.5:0.5b", Message.System("Be brief."), Message.User("Hi"))
        {
            Options = new ModelOptions { Temperature = 0.5f, NumCtx = 4096, Stop = ["\n\n"] },
            KeepAlive = KeepAlive.Parse("10m"),
            Think = ThinkValue.Low,
            Format = OutputFormat.Json,
            Truncate = false,
            Shift = true,
            Logprobs = true,
            TopLogprobs = 3,
        };

        await client.ChatAsync(request);

        var sent = handler.LastRequest;
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal("http://127.0.0.1:11434/api/chat", sent.Uri.AbsoluteUri);
        Assert.StartsWith("application/json", sent.ContentType, StringComparison.Ordinal);
        Assert.Equal("application/json", sent.Headers["Accept"]);
        JsonAssert.Equal("""
            {"model":"qwen2.5:0.5b",
             "messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}],
             "stream":false,"format":"json","keep_alive":"10m",
             "options":{"num_ctx":4096,"temperature":0.5,"stop":["\n\n"]},
             "think":"low","truncate":false,"shift":true,"logprobs":true,"top_logprobs":3}
            """, sent.Body);
        Assert.Null(request.Stream); // the caller's request is not changed
    }

    [Fact]
    public async Task ChatAsync_sends_a_content_length()
    {
        var handler = new FakeHttpHandler().EnqueueJson(FinalJson);
        using var client = TestClient.Create(handler);
        await client.ChatAsync(new ChatRequest("m", Message.User("Hi")));
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(handler.LastRequest.Body!), handler.LastRequest.ContentLength);
    }

    [Fact]
    public async Task ChatAsync_returns_the_whole_reply_with_metrics()
    {
        var handler = new FakeHttpHandler().EnqueueJson(FinalJson);
        using var client = TestClient.Create(handler);
        var result = await client.ChatAsync(new ChatRequest("qwen2.5:0.5b", Message.User("Hi")));
        Assert.Equal("qwen2.5:0.5b", result.Model);
        Assert.Equal(MessageRole.Assistant, result.Message.Role);
        Assert.Equal("Hello!", result.Message.Content);
        Assert.True(result.Done);
        Assert.Equal(DoneReason.Stop, result.DoneReason);
        Assert.Equal(TimeSpan.FromSeconds(2.5), result.TotalDuration);
        Assert.Equal(TimeSpan.FromMilliseconds(500), result.LoadDuration);
        Assert.Equal(TimeSpan.FromMilliseconds(100), result.PromptEvalDuration);
        Assert.Equal(TimeSpan.FromSeconds(1), result.EvalDuration);
        Assert.Equal(12, result.PromptEvalCount);
        Assert.Equal(20, result.EvalCount);
        Assert.Equal(20.0, result.TokensPerSecond);
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 10, 0, 0, TimeSpan.Zero).AddTicks(1234567), result.CreatedAt);
        Assert.Equal("Hello!", result.ToString());
    }

    [Fact]
    public async Task ChatAsync_reads_tool_calls_with_ids_and_ordered_arguments()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""
            {"model":"m","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":"",
             "tool_calls":[{"id":"call_1","function":{"index":0,"name":"get_weather","arguments":{"zeta":1,"city":"Tokyo","alpha":true}}}]},
             "done":true,"done_reason":"stop"}
            """);
        using var client = TestClient.Create(handler);
        var result = await client.ChatAsync(new ChatRequest("m", Message.User("Weather?")) { Tools = [WeatherTool()] });
        var call = Assert.Single(result.Message.ToolCalls!);
        Assert.Equal("call_1", call.Id);
        Assert.Equal(0, call.Function.Index);
        Assert.Equal("get_weather", call.Function.Name);
        Assert.Equal(["zeta", "city", "alpha"], call.Function.Arguments.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Tokyo", call.Function.Arguments.GetProperty("city").GetString());
    }

    [Fact]
    public async Task ChatAsync_sends_tools_and_tool_results()
    {
        var handler = new FakeHttpHandler().EnqueueJson(FinalJson);
        using var client = TestClient.Create(handler);
        var assistant = Message.Assistant("");
        assistant.ToolCalls = [new ToolCall { Id = "call_1", Function = new ToolCallFunction { Index = 0, Name = "get_weather", Arguments = JsonElement.Parse("""{"city":"Tokyo"}""") } }];
        var request = new ChatRequest("m", Message.User("Weather in Tokyo?"), assistant, Message.Tool("""{"temp":21}""", "get_weather", "call_1"))
        {
            Tools = [WeatherTool()],
        };
        await client.ChatAsync(request);
        JsonAssert.Equal("""
            {"model":"m","stream":false,
             "messages":[
               {"role":"user","content":"Weather in Tokyo?"},
               {"role":"assistant","content":"","tool_calls":[{"id":"call_1","function":{"index":0,"name":"get_weather","arguments":{"city":"Tokyo"}}}]},
               {"role":"tool","content":"{\"temp\":21}","tool_name":"get_weather","tool_call_id":"call_1"}],
             "tools":[{"type":"function","function":{"name":"get_weather","description":"Current weather",
               "parameters":{"type":"object","required":["city"],"properties":{"city":{"type":"string","description":"City name"}}}}}]}
            """, handler.LastRequest.Body);
    }

    [Fact]
    public async Task ChatAsync_sends_images_as_base64()
    {
        var handler = new FakeHttpHandler().EnqueueJson(FinalJson);
        using var client = TestClient.Create(handler);
        await client.ChatAsync(new ChatRequest("llava", Message.User("What is this?", ImageData.FromBytes(new byte[] { 1, 2, 3, 250 }))));
        JsonAssert.Equal("""{"model":"llava","stream":false,"messages":[{"role":"user","content":"What is this?","images":["AQID+g=="]}]}""", handler.LastRequest.Body);
    }

    [Fact]
    public async Task ChatAsync_sends_debug_render_only_and_reads_debug_info()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"model":"m","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":""},"done":true,"_debug_info":{"rendered_template":"<|user|>Hi","image_count":0}}""");
        using var client = TestClient.Create(handler);
        var result = await client.ChatAsync(new ChatRequest("m", Message.User("Hi")) { DebugRenderOnly = true });
        JsonAssert.Equal("""{"model":"m","stream":false,"messages":[{"role":"user","content":"Hi"}],"_debug_render_only":true}""", handler.LastRequest.Body);
        Assert.Equal("<|user|>Hi", result.DebugInfo!.RenderedTemplate);
        Assert.Equal(0, result.DebugInfo.ImageCount);
    }

    [Fact]
    public async Task ChatAsync_with_no_messages_loads_the_model()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"model":"m","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"load"}""");
        using var client = TestClient.Create(handler);
        var result = await client.ChatAsync(new ChatRequest { Model = "m", KeepAlive = KeepAlive.Forever });
        JsonAssert.Equal("""{"model":"m","messages":[],"stream":false,"keep_alive":-1}""", handler.LastRequest.Body);
        Assert.Equal(DoneReason.Load, result.DoneReason);
    }

    [Fact]
    public async Task ChatStreamingAsync_posts_stream_true_with_ndjson_accept()
    {
        var handler = new FakeHttpHandler().EnqueueNdjson(FinalJson);
        using var client = TestClient.Create(handler);
        var request = new ChatRequest("qwen2.5:0.5b", Message.User("Hi"));
        await client.ChatStreamingAsync(request).ToListAsync();
        JsonAssert.Equal("""{"model":"qwen2.5:0.5b","messages":[{"role":"user","content":"Hi"}],"stream":true}""", handler.LastRequest.Body);
        Assert.Equal("application/x-ndjson", handler.LastRequest.Headers["Accept"]);
        Assert.Null(request.Stream);
    }

    [Fact]
    public async Task ChatStreamingAsync_yields_content_thinking_and_tool_call_deltas_then_the_final_chunk()
    {
        var handler = new FakeHttpHandler().EnqueueNdjson(
            """{"model":"m","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":"","thinking":"Let me "},"done":false}""",
            """{"model":"m","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":"","thinking":"think."},"done":false}""",
            """{"model":"m","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":"The "},"done":false}""",
            """{"model":"m","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":"answer","tool_calls":[{"id":"c1","function":{"index":0,"name":"f","arguments":{}}}]},"done":false}""",
            """{"model":"m","created_at":"2025-01-01T00:00:01Z","message":{"role":"assistant","content":"."},"done":true,"done_reason":"stop","eval_count":4,"eval_duration":2000000000}""");
        using var client = TestClient.Create(handler);
        var updates = await client.ChatStreamingAsync(new ChatRequest("m", Message.User("q"))).ToListAsync();

        Assert.Equal(5, updates.Count);
        Assert.Equal("Let me think.", string.Concat(updates.Select(u => u.Message.Thinking)));
        Assert.Equal("The answer.", string.Concat(updates.Select(u => u.Message.Content)));
        Assert.Equal("f", Assert.Single(updates.SelectMany(u => u.Message.ToolCalls ?? [])).Function.Name);
        Assert.All(updates.Take(4), u => Assert.False(u.Done));
        var last = updates[^1];
        Assert.True(last.Done);
        Assert.Equal(DoneReason.Stop, last.DoneReason);
        Assert.Equal(2.0, last.TokensPerSecond);
        Assert.Null(updates[0].DoneReason);
        Assert.Null(updates[0].TotalDuration);
    }

    [Fact]
    public async Task ChatStreamingAsync_stops_reading_at_the_done_chunk_and_releases_the_response()
    {
        var body = TrickleStream.FromText(FinalJson + "\n" + """{"model":"m","garbage after done":true}""" + "\n", 4096);
        var handler = new FakeHttpHandler().Enqueue(FakeResponse.Stream(body));
        using var client = TestClient.Create(handler);
        var updates = await client.ChatStreamingAsync(new ChatRequest("m", Message.User("q"))).ToListAsync();
        Assert.Single(updates);
        Assert.True(body.IsDisposed);
    }

    [Fact]
    public void ChatStreamingAsync_validates_before_enumeration()
    {
        using var client = TestClient.Create(new FakeHttpHandler());
        Assert.Throws<ArgumentNullException>("request", () => client.ChatStreamingAsync(null!));
        Assert.Throws<ArgumentException>("request", () => client.ChatStreamingAsync(new ChatRequest { Model = "" }));
        Assert.Throws<ArgumentException>("request", () => client.ChatStreamingAsync(new ChatRequest { Model = "  " }));
        Assert.Throws<ArgumentException>("request", () => client.ChatStreamingAsync(new ChatRequest { Model = "m", Messages = [null!] }));
    }

    [Fact]
    public void ChatAsync_validates_before_sending()
    {
        var handler = new FakeHttpHandler();
        using var client = TestClient.Create(handler);
        Assert.Throws<ArgumentNullException>("request", () => { _ = client.ChatAsync(null!); });
        var ex = Assert.Throws<ArgumentException>("request", () => { _ = client.ChatAsync(new ChatRequest { Messages = [Message.User("x")] }); });
        Assert.Contains("model", ex.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Throws<ArgumentException>("request", () => { _ = client.ChatAsync(new ChatRequest { Model = "m", Messages = null! }); });
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task The_same_request_can_be_sent_streaming_and_not_streaming_concurrently()
    {
        var handler = new FakeHttpHandler
        {
            Fallback = (req, _) => Task.FromResult(FakeResponse.Ndjson(FinalJson)),
        };
        using var client = TestClient.Create(handler);
        var request = new ChatRequest("m", Message.User("q"));
        await Task.WhenAll(client.ChatAsync(request), client.ChatStreamingAsync(request).ToListAsync().AsTask());
        Assert.Equal(2, handler.Requests.Count);
        Assert.Contains(handler.Requests, r => r.Body!.Contains("\"stream\":true", StringComparison.Ordinal));
        Assert.Contains(handler.Requests, r => r.Body!.Contains("\"stream\":false", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ChatAsync_ignores_unknown_response_fields()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"model":"m","remote_model":"big","remote_host":"https://ollama.com:443","future_field":{"x":[1,2]},"created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":"ok","new_thing":1},"done":true}""");
        using var client = TestClient.Create(handler);
        var result = await client.ChatAsync(new ChatRequest("m", Message.User("q")));
        Assert.Equal("ok", result.Message.Content);
        Assert.Equal("big", result.RemoteModel);
        Assert.Equal("https://ollama.com:443", result.RemoteHost);
    }

    [Fact]
    public async Task ChatAsync_reads_logprobs()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""
            {"model":"m","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":"Hi"},"done":true,
             "logprobs":[{"token":"Hi","logprob":-0.25,"bytes":[72,105],"top_logprobs":[{"token":"Hi","logprob":-0.25},{"token":"Hello","logprob":-1.5,"bytes":[72]}]}]}
            """);
        using var client = TestClient.Create(handler);
        var result = await client.ChatAsync(new ChatRequest("m", Message.User("q")) { Logprobs = true, TopLogprobs = 2 });
        var logprob = Assert.Single(result.Logprobs!);
        Assert.Equal("Hi", logprob.Token);
        Assert.Equal(-0.25, logprob.LogProbability);
        Assert.Equal([72, 105], logprob.Bytes);
        Assert.Equal(2, logprob.TopLogprobs!.Count);
        Assert.Equal("Hello", logprob.TopLogprobs[1].Token);
        Assert.Equal(Math.Exp(-1.5), logprob.TopLogprobs[1].Probability, 12);
    }

    internal static Tool WeatherTool() => new()
    {
        Function = new ToolFunction
        {
            Name = "get_weather",
            Description = "Current weather",
            Parameters = new ToolFunctionParameters
            {
                Required = ["city"],
                Properties = new() { ["city"] = new ToolProperty { Type = "string", Description = "City name" } },
            },
        },
    };
}

public class WireEncodingTests
{
    [Fact]
    public async Task Non_ascii_text_is_sent_as_utf8_not_escaped()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"model":"m","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":""},"done":true}""");
        using var client = TestClient.Create(handler);
        await client.ChatAsync(new ChatRequest("m", Message.User("日本語 é <b> & \"q\" \n")) { KeepAlive = KeepAlive.Parse("10µs") });
        var body = handler.LastRequest.Body!;
        Assert.Contains("日本語 é <b> & \\\"q\\\" \\n", body, StringComparison.Ordinal);
        Assert.Contains("\"keep_alive\":\"10µs\"", body, StringComparison.Ordinal);
        JsonAssert.Equal("""{"model":"m","stream":false,"keep_alive":"10µs","messages":[{"role":"user","content":"日本語 é <b> & \"q\" \n"}]}""", body);
    }
}
