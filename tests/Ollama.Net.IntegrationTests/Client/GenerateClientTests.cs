using System.Text.Json.Nodes;
using Ollama.Net.Testing;

namespace Ollama.Net.IntegrationTests.Client;

/// <summary>POST /api/generate through the real OllamaClient over loopback sockets.</summary>
public class GenerateClientTests
{
    private const string Chat = ScriptedTarget.Chat;
    private const string Thinker = ScriptedTarget.Thinker;

    [Fact]
    public async Task Non_streaming_generate_returns_the_response_and_context()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies.Enqueue(Chat, new ScriptedReply { Content = "The sky is blue.", ChunkSize = 3, PromptEvalCount = 5, EvalCount = 4 });
        using var client = target.CreateClient();

        var result = await client.GenerateAsync(new GenerateRequest(Chat, "Why is the sky blue?") { System = "Be short." }).Within();

        Assert.Equal("The sky is blue.", result.Response);
        Assert.True(result.Done);
        Assert.Equal(DoneReason.Stop, result.DoneReason);
        Assert.Equal(5, result.PromptEvalCount);
        Assert.Equal(4, result.EvalCount);
        Assert.NotNull(result.Context);
        Assert.Equal(9, result.Context!.Count);
        var sent = target.Server.Requests.Single().Json!.Value;
        Assert.False(sent.GetProperty("stream").GetBoolean());
        Assert.Equal("Why is the sky blue?", sent.GetProperty("prompt").GetString());
        Assert.Equal("Be short.", sent.GetProperty("system").GetString());
    }

    [Fact]
    public async Task Streaming_generate_yields_chunks_and_the_final_context()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies.Enqueue(Chat, new ScriptedReply { Content = "abcdefg", ChunkSize = 3 });
        using var client = target.CreateClient();

        var updates = await Guard.ToListAsync(client.GenerateStreamingAsync(new GenerateRequest(Chat, "letters")));

        Assert.Equal(["abc", "def", "g", ""], updates.Select(u => u.Response));
        Assert.True(updates[^1].Done);
        Assert.All(updates.SkipLast(1), u => Assert.Null(u.Context));
        Assert.NotEmpty(updates[^1].Context!);
    }

    [Fact]
    public async Task The_context_of_one_answer_goes_back_with_the_next_prompt()
    {
        await using var target = await ScriptedTarget.StartAsync();
        using var client = target.CreateClient();

        var first = await client.GenerateAsync(new GenerateRequest(Chat, "Remember 7.")).Within();
        await client.GenerateAsync(new GenerateRequest(Chat, "What number?") { Context = first.Context }).Within();

        var sentContext = target.Server.Requests[1].Json!.Value.GetProperty("context").EnumerateArray().Select(e => e.GetInt32());
        Assert.Equal(first.Context!, sentContext);
    }

    [Fact]
    public async Task Thinking_streams_separately_from_the_response()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies.Enqueue(Thinker, new ScriptedReply { Thinking = "2+2 is 4.", Content = "4", ChunkSize = 4 });
        using var client = target.CreateClient();

        var updates = await Guard.ToListAsync(client.GenerateStreamingAsync(new GenerateRequest(Thinker, "2+2?") { Think = ThinkValue.Enabled }));

        Assert.Equal("2+2 is 4.", string.Concat(updates.Select(u => u.Thinking)));
        Assert.Equal("4", string.Concat(updates.Select(u => u.Response)));
    }

    [Fact]
    public async Task Think_false_drops_the_thinking()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies.Enqueue(Thinker, new ScriptedReply { Thinking = "hidden", Content = "4" });
        using var client = target.CreateClient();

        var result = await client.GenerateAsync(new GenerateRequest(Thinker, "2+2?") { Think = ThinkValue.Disabled }).Within();

        Assert.Equal("4", result.Response);
        Assert.Null(result.Thinking);
        Assert.False(target.Server.Requests.Single().Json!.Value.GetProperty("think").GetBoolean());
    }

    [Fact]
    public async Task Tool_calls_come_back_on_generate()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies.Enqueue(Chat, new ScriptedReply
        {
            ToolCalls = [new ScriptedToolCall("get_weather", new JsonObject { ["city"] = "Rome" }) { Id = "c9" }],
        });
        using var client = target.CreateClient();

        var result = await client.GenerateAsync(new GenerateRequest(Chat, "Weather in Rome")).Within();

        var call = Assert.Single(result.ToolCalls!);
        Assert.Equal("c9", call.Id);
        Assert.Equal("get_weather", call.Function.Name);
        Assert.Equal("Rome", call.GetArguments(ClientTestJson.Default.WeatherArgs).City);
    }

    [Fact]
    public async Task Structured_generate_parses_the_typed_answer()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies.Enqueue(Chat, new ScriptedReply { Json = new JsonObject { ["city"] = "Oslo", ["temperature_c"] = -3, ["sunny"] = false } });
        using var client = target.CreateClient();

        var result = await client.GenerateAsync(new GenerateRequest(Chat, "Oslo weather as JSON"), ClientTestJson.Default.CityWeather).Within();

        Assert.Equal(new CityWeather("Oslo", -3, false), result.Value);
        Assert.Equal("object", target.Server.Requests.Single().Json!.Value.GetProperty("format").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Structured_generate_reports_an_answer_that_does_not_parse()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies.Enqueue(Chat, "not json at all");
        using var client = target.CreateClient();

        var error = await Guard.Throws<System.Text.Json.JsonException>(() => client.GenerateAsync(new GenerateRequest(Chat, "x"), ClientTestJson.Default.CityWeather));

        Assert.Contains("not json at all", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logprobs_on_generate()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies.Enqueue(Chat, new ScriptedReply { Content = "yes", Logprobs = [-0.125] });
        using var client = target.CreateClient();

        var result = await client.GenerateAsync(new GenerateRequest(Chat, "ok?") { Logprobs = true, TopLogprobs = 3 }).Within();

        var lp = Assert.Single(result.Logprobs!);
        Assert.Equal("yes", lp.Token);
        Assert.Equal(-0.125, lp.LogProbability);
        Assert.Equal(3, lp.TopLogprobs!.Count);
    }

    [Fact]
    public async Task Images_on_generate_go_out_as_base64()
    {
        await using var target = await ScriptedTarget.StartAsync(o => o.Models.Add(new TestModel("llava:7b")
        {
            Capabilities = TestModelCapabilities.Completion | TestModelCapabilities.Vision,
        }));
        using var client = target.CreateClient();
        var path = Path.Combine(Path.GetTempPath(), $"ollama-net-image-{Guid.NewGuid():N}.bin");
        byte[] bytes = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 74, 70, 73, 70];
        await File.WriteAllBytesAsync(path, bytes);
        try
        {
            var image = await ImageData.FromFileAsync(path).Within();
            await client.GenerateAsync(new GenerateRequest("llava:7b", "Describe.") { Images = [image, ImageData.FromBase64("AQID")] }).Within();
        }
        finally
        {
            File.Delete(path);
        }

        var images = target.Server.Requests.Single().Json!.Value.GetProperty("images");
        Assert.Equal(Convert.ToBase64String(bytes), images[0].GetString());
        Assert.Equal("AQID", images[1].GetString());
    }

    [Fact]
    public async Task Suffix_needs_the_insert_capability()
    {
        await using var target = await ScriptedTarget.StartAsync(o => o.Models.Add(new TestModel("coder:1b")
        {
            Capabilities = TestModelCapabilities.Completion | TestModelCapabilities.Insert,
        }));
        target.Server.Replies.Enqueue("coder:1b", "return a + b;");
        using var client = target.CreateClient();

        var filled = await client.GenerateAsync(new GenerateRequest("coder:1b", "int Add(int a, int b) {") { Suffix = "}" }).Within();
        var refused = await Guard.Throws<OllamaException>(() => client.GenerateAsync(new GenerateRequest(Chat, "x") { Suffix = "}" }));

        Assert.Equal("return a + b;", filled.Response);
        Assert.Equal("}", target.Server.Requests[0].Json!.Value.GetProperty("suffix").GetString());
        Assert.Equal($"registry.ollama.ai/library/{Chat} does not support insert", refused.ServerMessage);
    }

    [Fact]
    public async Task Raw_mode_with_a_system_prompt_is_a_400()
    {
        await using var target = await ScriptedTarget.StartAsync();
        using var client = target.CreateClient();

        var error = await Guard.Throws<OllamaException>(() => client.GenerateAsync(new GenerateRequest(Chat, "x") { Raw = true, System = "s" }));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("raw mode does not support template, system, or context", error.ServerMessage);
    }

    [Fact]
    public async Task Debug_render_only_returns_the_rendered_prompt()
    {
        await using var target = await ScriptedTarget.StartAsync();
        using var client = target.CreateClient();

        var result = await client.GenerateAsync(new GenerateRequest(Chat, "Hello") { DebugRenderOnly = true }).Within();

        Assert.NotNull(result.DebugInfo);
        Assert.Contains("Hello", result.DebugInfo!.RenderedTemplate, StringComparison.Ordinal);
    }
}
