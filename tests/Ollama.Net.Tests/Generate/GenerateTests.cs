using Ollama.Net.Tests.Infrastructure;

namespace Ollama.Net.Tests.Generate;

public class GenerateTests
{
    private const string FinalJson = """{"model":"m","created_at":"2025-01-01T00:00:00Z","response":"Paris","done":true,"done_reason":"stop","context":[1,2,3],"total_duration":5000000000,"load_duration":1000,"prompt_eval_count":5,"prompt_eval_duration":2000000,"eval_count":3,"eval_duration":300000000}""";

    [Fact]
    public async Task GenerateAsync_posts_every_field_with_stream_false()
    {
        var handler = new FakeHttpHandler().EnqueueJson(FinalJson);
        using var client = TestClient.Create(handler);
        var request = new GenerateRequest("m", "Capital of France?")
        {
            Suffix = "end",
            System = "You are terse.",
            Template = "{{ .Prompt }}",
            Context = [7, 8],
            Raw = false,
            Format = OutputFormat.FromSchema(System.Text.Json.JsonElement.Parse("""{"type":"object","properties":{"city":{"type":"string"}}}""")),
            KeepAlive = TimeSpan.FromSeconds(30),
            Images = [ImageData.FromBase64("AAEC")],
            Options = new ModelOptions { Seed = 42, NumPredict = 10 },
            Think = false,
            Truncate = true,
            Shift = false,
            Logprobs = true,
            TopLogprobs = 5,
            DebugRenderOnly = false,
        };
        await client.GenerateAsync(request);
        var sent = handler.LastRequest;
        Assert.Equal("http://127.0.0.1:11434/api/generate", sent.Uri.AbsoluteUri);
        Assert.Equal("application/json", sent.Headers["Accept"]);
        JsonAssert.Equal("""
            {"model":"m","prompt":"Capital of France?","suffix":"end","system":"You are terse.","template":"{{ .Prompt }}",
             "context":[7,8],"stream":false,"raw":false,
             "format":{"type":"object","properties":{"city":{"type":"string"}}},
             "keep_alive":30,"images":["AAEC"],"options":{"seed":42,"num_predict":10},
             "think":false,"truncate":true,"shift":false,"logprobs":true,"top_logprobs":5,"_debug_render_only":false}
            """, sent.Body);
        Assert.Null(request.Stream);
    }

    [Fact]
    public async Task GenerateAsync_minimal_request_sends_only_model_prompt_and_stream()
    {
        var handler = new FakeHttpHandler().EnqueueJson(FinalJson);
        using var client = TestClient.Create(handler);
        await client.GenerateAsync(new GenerateRequest("m", "Hi"));
        JsonAssert.Equal("""{"model":"m","prompt":"Hi","stream":false}""", handler.LastRequest.Body);
    }

    [Fact]
    public async Task GenerateAsync_returns_response_context_and_metrics()
    {
        var handler = new FakeHttpHandler().EnqueueJson(FinalJson);
        using var client = TestClient.Create(handler);
        var result = await client.GenerateAsync(new GenerateRequest("m", "Capital of France?"));
        Assert.Equal("Paris", result.Response);
        Assert.Equal([1, 2, 3], result.Context!);
        Assert.Equal(DoneReason.Stop, result.DoneReason);
        Assert.Equal(TimeSpan.FromSeconds(5), result.TotalDuration);
        Assert.Equal(TimeSpan.FromTicks(10), result.LoadDuration);
        Assert.Equal(TimeSpan.FromMilliseconds(2), result.PromptEvalDuration);
        Assert.Equal(10.0, result.TokensPerSecond!.Value, 9);
        Assert.Equal(2500.0, result.PromptTokensPerSecond!.Value, 9);
    }

    [Fact]
    public async Task GenerateAsync_reads_thinking_and_tool_calls()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"model":"m","created_at":"2025-01-01T00:00:00Z","response":"","thinking":"hmm","done":true,"tool_calls":[{"function":{"index":0,"name":"f","arguments":{"a":1}}}]}""");
        using var client = TestClient.Create(handler);
        var result = await client.GenerateAsync(new GenerateRequest("m", "x") { Think = ThinkValue.High });
        Assert.Contains("\"think\":\"high\"", handler.LastRequest.Body, StringComparison.Ordinal);
        Assert.Equal("hmm", result.Thinking);
        Assert.Equal(1, result.ToolCalls![0].Function.Arguments.GetProperty("a").GetInt32());
    }

    [Fact]
    public async Task GenerateAsync_with_empty_prompt_and_zero_keep_alive_unloads()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"model":"m","created_at":"2025-01-01T00:00:00Z","response":"","done":true,"done_reason":"unload"}""");
        using var client = TestClient.Create(handler);
        var result = await client.GenerateAsync(new GenerateRequest { Model = "m", KeepAlive = KeepAlive.UnloadImmediately });
        JsonAssert.Equal("""{"model":"m","stream":false,"keep_alive":0}""", handler.LastRequest.Body);
        Assert.Equal(DoneReason.Unload, result.DoneReason);
    }

    [Fact]
    public async Task GenerateStreamingAsync_posts_stream_true_and_yields_deltas()
    {
        var handler = new FakeHttpHandler().EnqueueNdjson(
            """{"model":"m","created_at":"2025-01-01T00:00:00Z","response":"Pa","done":false}""",
            """{"model":"m","created_at":"2025-01-01T00:00:00Z","response":"ri","done":false}""",
            FinalJson.Replace("\"Paris\"", "\"s\"", StringComparison.Ordinal));
        using var client = TestClient.Create(handler);
        var updates = await client.GenerateStreamingAsync(new GenerateRequest("m", "Capital?")).ToListAsync();
        JsonAssert.Equal("""{"model":"m","prompt":"Capital?","stream":true}""", handler.LastRequest.Body);
        Assert.Equal("application/x-ndjson", handler.LastRequest.Headers["Accept"]);
        Assert.Equal("Paris", string.Concat(updates.Select(u => u.Response)));
        Assert.True(updates[^1].Done);
        Assert.Equal([1, 2, 3], updates[^1].Context!);
        Assert.Null(updates[0].Context);
    }

    [Fact]
    public void GenerateStreamingAsync_validates_before_enumeration()
    {
        using var client = TestClient.Create(new FakeHttpHandler());
        Assert.Throws<ArgumentNullException>("request", () => client.GenerateStreamingAsync(null!));
        Assert.Throws<ArgumentException>("request", () => client.GenerateStreamingAsync(new GenerateRequest { Prompt = "x" }));
    }

    [Fact]
    public void GenerateAsync_validates_before_sending()
    {
        var handler = new FakeHttpHandler();
        using var client = TestClient.Create(handler);
        Assert.Throws<ArgumentNullException>("request", () => { _ = client.GenerateAsync(null!); });
        Assert.Throws<ArgumentException>("request", () => { _ = client.GenerateAsync(new GenerateRequest(" ", "x")); });
        Assert.Empty(handler.Requests);
    }
}
