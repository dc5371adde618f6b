using System.Text.Json;
using System.Text.Json.Nodes;
using Ollama.Net.Testing;

namespace Ollama.Net.IntegrationTests.Client;

/// <summary>POST /api/chat through the real OllamaClient over loopback sockets.</summary>
public class ChatClientTests
{
    private const string Chat = ScriptedTarget.Chat;
    private const string Thinker = ScriptedTarget.Thinker;

    [Fact]
    public async Task Non_streaming_chat_sends_stream_false_and_returns_the_whole_answer()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies.Enqueue(Chat, new ScriptedReply { Content = "Paris is the capital of France.", ChunkSize = 4, EvalCount = 7 });
        using var client = target.CreateClient();

        var result = await client.ChatAsync(new ChatRequest(Chat, Message.System("Be brief."), Message.User("Capital of France?"))).Within();

        Assert.Equal("Paris is the capital of France.", result.Message.Content);
        Assert.Equal(MessageRole.Assistant, result.Message.Role);
        Assert.True(result.Done);
        Assert.Equal(DoneReason.Stop, result.DoneReason);
        Assert.Equal(7, result.EvalCount);
        Assert.True(result.TotalDuration > TimeSpan.Zero);
        Assert.Equal(Chat, result.Model);

        var record = target.Server.Requests.Single();
        Assert.Equal("POST", record.Method);
        Assert.Equal("/api/chat", record.Path);
        Assert.False(record.Json!.Value.GetProperty("stream").GetBoolean());
        Assert.Equal("application/json", record.Headers["Accept"]);
        Assert.StartsWith("application/json", record.Headers["Content-Type"], StringComparison.Ordinal);
        var messages = record.Json.Value.GetProperty("messages");
        Assert.Equal("system", messages[0].GetProperty("role").GetString());
        Assert.Equal("Be brief.", messages[0].GetProperty("content").GetString());
        Assert.Equal(200, record.StatusCode);
    }

    [Fact]
    public async Task Streaming_chat_yields_each_chunk_then_done()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies.Enqueue(Chat, new ScriptedReply { Content = "one two three", ChunkSize = 4 });
        using var client = target.CreateClient();

        var updates = await Guard.ToListAsync(client.ChatStreamingAsync(new ChatRequest(Chat, Message.User("count"))));

        Assert.Equal(["one ", "two ", "thre", "e", ""], updates.Select(u => u.Message.Content));
        Assert.Equal([false, false, false, false, true], updates.Select(u => u.Done));
        Assert.Null(updates[0].TotalDuration);
        Assert.NotNull(updates[^1].TotalDuration);
        Assert.Equal("application/x-ndjson", target.Server.Requests.Single().Headers["Accept"]);
        Assert.True(target.Server.Requests.Single().Json!.Value.GetProperty("stream").GetBoolean());
    }

    [Fact]
    public async Task Thinking_arrives_before_the_content_streaming_and_aggregated()
    {
        await using var target = await ScriptedTarget.StartAsync();
        var reply = new ScriptedReply { Thinking = "The user greets me.", Content = "Hello!", ChunkSize = 5 };
        target.Server.Replies.Enqueue(Thinker, reply).Enqueue(Thinker, reply);
        using var client = target.CreateClient();
        var request = new ChatRequest(Thinker, Message.User("hi")) { Think = ThinkValue.Enabled };

        var updates = await Guard.ToListAsync(client.ChatStreamingAsync(request));
        var whole = await client.ChatAsync(request).Within();

        Assert.Equal("The user greets me.", string.Concat(updates.Select(u => u.Message.Thinking)));
        Assert.Equal("Hello!", string.Concat(updates.Select(u => u.Message.Content)));
        var firstContent = updates.FindIndex(u => u.Message.Content.Length > 0);
        Assert.All(updates.Take(firstContent), u => Assert.False(string.IsNullOrEmpty(u.Message.Thinking)));
        Assert.Equal("The user greets me.", whole.Message.Thinking);
        Assert.Equal("Hello!", whole.Message.Content);
        Assert.True(target.Server.Requests[0].Json!.Value.GetProperty("think").GetBoolean());
    }

    [Fact]
    public async Task Think_levels_go_out_as_strings()
    {
        await using var target = await ScriptedTarget.StartAsync();
        using var client = target.CreateClient();

        await client.ChatAsync(new ChatRequest(Thinker, Message.User("hi")) { Think = ThinkValue.High }).Within();

        Assert.Equal("high", target.Server.Requests.Single().Json!.Value.GetProperty("think").GetString());
    }

    [Fact]
    public async Task Thinking_on_a_model_without_the_capability_is_a_400_with_the_server_text()
    {
        await using var target = await ScriptedTarget.StartAsync();
        using var client = target.CreateClient();

        var error = await Guard.Throws<OllamaException>(() => client.ChatAsync(new ChatRequest(Chat, Message.User("hi")) { Think = ThinkValue.Enabled }));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal($"\"{Chat}\" does not support thinking", error.ServerMessage);
        Assert.Contains(error.ServerMessage!, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tool_calls_round_trip_with_ids_indexes_and_arguments()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies
            .Enqueue(Chat, new ScriptedReply
            {
                ToolCalls =
                [
                    new ScriptedToolCall("get_weather", new JsonObject { ["city"] = "Tokyo", ["unit"] = "celsius" }) { Id = "call_1" },
                    new ScriptedToolCall("get_weather", new JsonObject { ["city"] = "Oslo" }),
                ],
            })
            .Enqueue(Chat, "Tokyo is 22 °C, Oslo is 3 °C.");
        using var client = target.CreateClient();
        var tool = Tool.FromType("get_weather", "Gets the weather for a city.", ClientTestJson.Default.WeatherArgs);
        var request = new ChatRequest(Chat, Message.User("Weather in Tokyo and Oslo?")) { Tools = [tool] };

        var first = await client.ChatAsync(request).Within();

        var calls = first.Message.ToolCalls!;
        Assert.Equal(2, calls.Count);
        Assert.Equal("call_1", calls[0].Id);
        Assert.False(string.IsNullOrEmpty(calls[1].Id));
        Assert.Equal([0, 1], calls.Select(c => c.Function.Index));
        Assert.Equal(new WeatherArgs("Tokyo", "celsius"), calls[0].GetArguments(ClientTestJson.Default.WeatherArgs));
        Assert.Equal(new WeatherArgs("Oslo", null), calls[1].GetArguments(ClientTestJson.Default.WeatherArgs));
        Assert.Equal("""{"city":"Tokyo","unit":"celsius"}""", calls[0].Function.Arguments.GetRawText());

        request.Messages.Add(first.Message);
        request.Messages.Add(Message.Tool("22", "get_weather", calls[0].Id));
        request.Messages.Add(Message.Tool("3", "get_weather", calls[1].Id));
        var second = await client.ChatAsync(request).Within();

        Assert.Equal("Tokyo is 22 °C, Oslo is 3 °C.", second.Message.Content);
        var sent = target.Server.Requests[1].Json!.Value;
        var tools = sent.GetProperty("tools");
        Assert.Equal("function", tools[0].GetProperty("type").GetString());
        Assert.Equal("get_weather", tools[0].GetProperty("function").GetProperty("name").GetString());
        Assert.Equal("string", tools[0].GetProperty("function").GetProperty("parameters").GetProperty("properties").GetProperty("city").GetProperty("type").GetString());
        var messages = sent.GetProperty("messages");
        Assert.Equal(4, messages.GetArrayLength());
        Assert.Equal("call_1", messages[1].GetProperty("tool_calls")[0].GetProperty("id").GetString());
        Assert.Equal("Tokyo", messages[1].GetProperty("tool_calls")[0].GetProperty("function").GetProperty("arguments").GetProperty("city").GetString());
        Assert.Equal("tool", messages[2].GetProperty("role").GetString());
        Assert.Equal("get_weather", messages[2].GetProperty("tool_name").GetString());
        Assert.Equal("call_1", messages[2].GetProperty("tool_call_id").GetString());
    }

    [Fact]
    public async Task Streamed_tool_calls_arrive_in_their_own_chunk()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies.Enqueue(Chat, new ScriptedReply
        {
            Content = "Let me check.",
            ChunkSize = 50,
            ToolCalls = [new ScriptedToolCall("get_weather", new JsonObject { ["city"] = "Lima" })],
        });
        using var client = target.CreateClient();
        var tool = Tool.FromType("get_weather", null, ClientTestJson.Default.WeatherArgs);

        var updates = await Guard.ToListAsync(client.ChatStreamingAsync(new ChatRequest(Chat, Message.User("Lima?")) { Tools = [tool] }));

        var withCalls = Assert.Single(updates, u => u.Message.ToolCalls is { Count: > 0 });
        Assert.False(withCalls.Done);
        Assert.Equal("Lima", withCalls.Message.ToolCalls![0].GetArguments(ClientTestJson.Default.WeatherArgs).City);
    }

    [Fact]
    public async Task Tools_on_a_model_without_the_capability_are_a_400()
    {
        await using var target = await ScriptedTarget.StartAsync();
        using var client = target.CreateClient();
        var tool = Tool.FromType("get_weather", null, ClientTestJson.Default.WeatherArgs);

        var error = await Guard.Throws<OllamaException>(
            () => client.ChatAsync(new ChatRequest(ScriptedTarget.Embedder, Message.User("x")) { Tools = [tool] }));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal("\"all-minilm\" does not support chat", error.ServerMessage);
    }

    [Fact]
    public async Task Structured_output_sends_the_schema_and_parses_the_answer()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies.Enqueue(Chat, new ScriptedReply
        {
            Json = new JsonObject { ["city"] = "Tokyo", ["temperature_c"] = 22, ["sunny"] = true },
            ChunkSize = 3,
        });
        using var client = target.CreateClient();

        var result = await client.ChatAsync(new ChatRequest(Chat, Message.User("Weather as JSON")), ClientTestJson.Default.CityWeather).Within();

        Assert.Equal(new CityWeather("Tokyo", 22, true), result.Value);
        Assert.Equal("""{"city":"Tokyo","temperature_c":22,"sunny":true}""", result.Raw.Message.Content);
        var format = target.Server.Requests.Single().Json!.Value.GetProperty("format");
        Assert.Equal(JsonValueKind.Object, format.ValueKind);
        Assert.Equal("object", format.GetProperty("type").GetString());
        Assert.True(format.GetProperty("properties").TryGetProperty("temperature_c", out _));
    }

    [Fact]
    public async Task Json_mode_sends_format_json()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies.Enqueue(Chat, new ScriptedReply { Json = new JsonObject { ["ok"] = true } });
        using var client = target.CreateClient();

        var result = await client.ChatAsync(new ChatRequest(Chat, Message.User("json")) { Format = OutputFormat.Json }).Within();

        Assert.Equal("""{"ok":true}""", result.Message.Content);
        Assert.Equal("json", target.Server.Requests.Single().Json!.Value.GetProperty("format").GetString());
    }

    [Fact]
    public async Task Logprobs_come_back_per_token_with_alternatives()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies.Enqueue(Chat, new ScriptedReply { Content = "Hi there", ChunkSize = 3, Logprobs = [-0.25, -1.5] });
        using var client = target.CreateClient();

        var updates = await Guard.ToListAsync(client.ChatStreamingAsync(
            new ChatRequest(Chat, Message.User("hi")) { Logprobs = true, TopLogprobs = 2 }));

        var logprobs = updates.Where(u => u.Logprobs is not null).SelectMany(u => u.Logprobs!).ToList();
        Assert.Equal(["Hi ", "the", "re"], logprobs.Select(l => l.Token));
        Assert.Equal([-0.25, -1.5, -0.25], logprobs.Select(l => l.LogProbability));
        Assert.Equal("Hi "u8.ToArray().Select(b => (int)b), logprobs[0].Bytes!);
        Assert.All(logprobs, l => Assert.Equal(2, l.TopLogprobs!.Count));
        Assert.Equal(logprobs[0].Token, logprobs[0].TopLogprobs![0].Token);
        Assert.Equal(Math.Exp(-0.25), logprobs[0].Probability, 12);
        var sent = target.Server.Requests.Single().Json!.Value;
        Assert.True(sent.GetProperty("logprobs").GetBoolean());
        Assert.Equal(2, sent.GetProperty("top_logprobs").GetInt32());
    }

    [Fact]
    public async Task Images_go_out_as_base64_to_a_vision_model()
    {
        await using var target = await ScriptedTarget.StartAsync(o => o.Models.Add(new TestModel("llava:7b")
        {
            Capabilities = TestModelCapabilities.Completion | TestModelCapabilities.Vision,
        }));
        target.Server.Replies.Enqueue("llava:7b", "A red square.");
        using var client = target.CreateClient();
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 250];

        var result = await client.ChatAsync(new ChatRequest("llava:7b", Message.User("What is this?", ImageData.FromBytes(png)))).Within();

        Assert.Equal("A red square.", result.Message.Content);
        var image = target.Server.Requests.Single().Json!.Value.GetProperty("messages")[0].GetProperty("images")[0].GetString();
        Assert.Equal(Convert.ToBase64String(png), image);

        // Ollama passes the image on; the runner, started without a projector, refuses it.
        var refused = await Guard.Throws<OllamaException>(() => client.ChatAsync(new ChatRequest(Chat, Message.User("What?", ImageData.FromBytes(png)))));
        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, refused.StatusCode);
        Assert.Contains("image input is not supported", refused.ServerMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_and_keep_alive_reach_the_server_and_the_stop_option_applies()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies.Enqueue(Chat, "one, two, STOP three");
        using var client = target.CreateClient();
        var request = new ChatRequest(Chat, Message.User("count"))
        {
            KeepAlive = KeepAlive.FromTimeSpan(TimeSpan.FromMinutes(10)),
            Options = new ModelOptions { Temperature = 0.5f, NumCtx = 2048, Stop = ["STOP"], Seed = 42 },
        };

        var result = await client.ChatAsync(request).Within();

        Assert.Equal("one, two, ", result.Message.Content);
        var sent = target.Server.Requests.Single().Json!.Value;
        var options = sent.GetProperty("options");
        Assert.Equal(0.5, options.GetProperty("temperature").GetDouble());
        Assert.Equal(2048, options.GetProperty("num_ctx").GetInt32());
        Assert.Equal(42, options.GetProperty("seed").GetInt32());
        Assert.Equal("STOP", options.GetProperty("stop")[0].GetString());
        Assert.Equal(600, sent.GetProperty("keep_alive").GetDouble()); // a TimeSpan goes out as seconds

        var running = Assert.Single((await client.ListRunningModelsAsync().Within()).Models);
        Assert.Equal(Chat, running.Name);
        Assert.Equal(2048, running.ContextLength);
    }

    [Fact]
    public async Task Num_predict_limits_the_answer_with_done_reason_length()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies.Enqueue(Chat, new ScriptedReply { Content = "a b c d e f", ChunkSize = 2 });
        using var client = target.CreateClient();

        var result = await client.ChatAsync(new ChatRequest(Chat, Message.User("x")) { Options = new ModelOptions { NumPredict = 2 } }).Within();

        Assert.Equal("a b ", result.Message.Content);
        Assert.Equal(DoneReason.Length, result.DoneReason);
    }
}
