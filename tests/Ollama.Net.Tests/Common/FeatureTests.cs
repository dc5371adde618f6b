using System.Text.Json;
using Ollama.Net.Serialization;
using Ollama.Net.Tests.Infrastructure;

namespace Ollama.Net.Tests.Common;

/// <summary>Keep-alive forms, images, thinking, log probabilities and tools, as they go over the wire.</summary>
public sealed class FeatureTests : IDisposable
{
    private const string GenerateDone = """{"model":"m","created_at":"2025-01-01T00:00:00Z","response":"","done":true,"done_reason":"stop"}""";
    private readonly string _directory = Directory.CreateTempSubdirectory("ollama-feature-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    public static TheoryData<string, string> KeepAliveForms => new()
    {
        { "timespan-90s", "90" },
        { "timespan-1.5s", "1.5" },
        { "string-5m", "\"5m\"" },
        { "string-1h30m", "\"1h30m\"" },
        { "seconds-300", "300" },
        { "forever", "-1" },
        { "negative-timespan", "-60" },
        { "unload", "0" },
        { "string-0", "\"0\"" },
    };

    [Theory]
    [MemberData(nameof(KeepAliveForms))]
    public async Task Keep_alive_is_written_in_each_form(string form, string expectedJson)
    {
        KeepAlive value = form switch
        {
            "timespan-90s" => TimeSpan.FromSeconds(90),
            "timespan-1.5s" => TimeSpan.FromMilliseconds(1500),
            "string-5m" => KeepAlive.Parse("5m"),
            "string-1h30m" => KeepAlive.Parse("1h30m"),
            "seconds-300" => KeepAlive.FromSeconds(300),
            "forever" => KeepAlive.Forever,
            "negative-timespan" => TimeSpan.FromMinutes(-1),
            "unload" => KeepAlive.UnloadImmediately,
            "string-0" => KeepAlive.Parse("0"),
            _ => throw new ArgumentOutOfRangeException(nameof(form)),
        };
        var handler = new FakeHttpHandler().EnqueueJson(GenerateDone);
        using var client = TestClient.Create(handler);

        await client.GenerateAsync(new GenerateRequest("m", "hi") { KeepAlive = value });

        using var body = JsonDocument.Parse(handler.LastRequest.Body!);
        Assert.Equal(expectedJson, body.RootElement.GetProperty("keep_alive").GetRawText());
    }

    [Fact]
    public void Keep_alive_knows_forever_and_unload()
    {
        Assert.True(KeepAlive.Forever.IsForever);
        Assert.True(((KeepAlive)TimeSpan.FromSeconds(-5)).IsForever);
        Assert.True(KeepAlive.UnloadImmediately.IsUnloadImmediately);
        Assert.True(KeepAlive.Parse("0").IsUnloadImmediately);
        Assert.Equal(TimeSpan.FromMinutes(5), KeepAlive.Parse("5m").Duration);
        Assert.Equal(TimeSpan.FromMinutes(90), KeepAlive.Parse("1.5h").Duration);
        Assert.Throws<FormatException>(() => KeepAlive.Parse("10")); // Go needs a unit
        Assert.Throws<ArgumentOutOfRangeException>(() => KeepAlive.FromSeconds(double.NaN));
    }

    [Fact]
    public async Task Images_from_bytes_a_stream_and_a_file_are_sent_as_standard_base64()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0xFF, 0xFE];
        var path = Path.Combine(_directory, "pixel.png");
        await File.WriteAllBytesAsync(path, png);
        var fromBytes = ImageData.FromBytes(png);
        var fromStream = await ImageData.FromStreamAsync(new TrickleStream(png, 3));
        var fromFile = await ImageData.FromFileAsync(path);
        var handler = new FakeHttpHandler()
            .EnqueueJson("""{"model":"llava","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":"a pixel"},"done":true}""")
            .EnqueueJson(GenerateDone);
        using var client = TestClient.Create(handler);

        await client.ChatAsync(new ChatRequest("llava", Message.User("What is this?", fromBytes, fromStream, fromFile)));
        await client.GenerateAsync(new GenerateRequest("llava", "Describe") { Images = [fromFile] });

        var base64 = Convert.ToBase64String(png);
        Assert.Equal("iVBORw0KGgr//g==", base64); // standard alphabet with padding, no data: prefix
        JsonAssert.Equal($$"""{"model":"llava","stream":false,"messages":[{"role":"user","content":"What is this?","images":["{{base64}}","{{base64}}","{{base64}}"]}]}""", handler.Requests[0].Body);
        JsonAssert.Equal($$"""{"model":"llava","prompt":"Describe","stream":false,"images":["{{base64}}"]}""", handler.Requests[1].Body);
        Assert.Equal(png, ImageData.FromBase64("data:image/png;base64," + base64).Bytes.ToArray());
    }

    [Theory]
    [InlineData(true, "true")]
    [InlineData(false, "false")]
    public async Task Think_as_a_boolean(bool think, string expected)
    {
        var handler = new FakeHttpHandler().EnqueueJson(GenerateDone);
        using var client = TestClient.Create(handler);
        await client.GenerateAsync(new GenerateRequest("m", "q") { Think = think });
        using var body = JsonDocument.Parse(handler.LastRequest.Body!);
        Assert.Equal(expected, body.RootElement.GetProperty("think").GetRawText());
    }

    [Theory]
    [InlineData("low")]
    [InlineData("medium")]
    [InlineData("high")]
    [InlineData("max")]
    public async Task Think_as_a_level(string level)
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"model":"m","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":""},"done":true}""");
        using var client = TestClient.Create(handler);
        await client.ChatAsync(new ChatRequest("gpt-oss", Message.User("q")) { Think = ThinkValue.FromLevel(level) });
        using var body = JsonDocument.Parse(handler.LastRequest.Body!);
        Assert.Equal(level, body.RootElement.GetProperty("think").GetString());
    }

    [Fact]
    public async Task Thinking_text_arrives_in_stream_deltas_and_in_the_final_message()
    {
        var handler = new FakeHttpHandler()
            .EnqueueNdjson(
                """{"model":"qwen3","created_at":"2025-01-01T00:00:00Z","response":"","thinking":"Hmm, ","done":false}""",
                """{"model":"qwen3","created_at":"2025-01-01T00:00:00Z","response":"","thinking":"2+2.","done":false}""",
                """{"model":"qwen3","created_at":"2025-01-01T00:00:00Z","response":"4","done":true,"done_reason":"stop"}""")
            .EnqueueJson("""{"model":"qwen3","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":"4","thinking":"Hmm, 2+2."},"done":true,"done_reason":"stop"}""");
        using var client = TestClient.Create(handler);

        var updates = await client.GenerateStreamingAsync(new GenerateRequest("qwen3", "2+2?") { Think = true }).ToListAsync();
        var chat = await client.ChatAsync(new ChatRequest("qwen3", Message.User("2+2?")) { Think = ThinkValue.High });

        Assert.Equal("Hmm, 2+2.", string.Concat(updates.Select(u => u.Thinking)));
        Assert.Equal("4", string.Concat(updates.Select(u => u.Response)));
        Assert.Equal("Hmm, 2+2.", chat.Message.Thinking);
        Assert.Equal("4", chat.Message.Content);
    }

    [Fact]
    public async Task Logprobs_and_top_logprobs_on_chat_and_generate()
    {
        const string logprobs = """[{"token":"Hel","logprob":-0.0123,"bytes":[72,101,108],"top_logprobs":[{"token":"Hel","logprob":-0.0123,"bytes":[72,101,108]},{"token":"Hi","logprob":-4.5}]},{"token":"\u003c","logprob":-1.5}]""";
        var handler = new FakeHttpHandler()
            .EnqueueJson($$"""{"model":"m","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":"Hel<"},"done":true,"logprobs":{{logprobs}}}""")
            .EnqueueNdjson(
                $$"""{"model":"m","created_at":"2025-01-01T00:00:00Z","response":"Hel","done":false,"logprobs":[{"token":"Hel","logprob":-0.0123}]}""",
                """{"model":"m","created_at":"2025-01-01T00:00:00Z","response":"","done":true}""");
        using var client = TestClient.Create(handler);

        var chat = await client.ChatAsync(new ChatRequest("m", Message.User("hi")) { Logprobs = true, TopLogprobs = 2 });
        var stream = await client.GenerateStreamingAsync(new GenerateRequest("m", "hi") { Logprobs = true, TopLogprobs = 0 }).ToListAsync();

        JsonAssert.Equal("""{"model":"m","messages":[{"role":"user","content":"hi"}],"stream":false,"logprobs":true,"top_logprobs":2}""", handler.Requests[0].Body);
        JsonAssert.Equal("""{"model":"m","prompt":"hi","stream":true,"logprobs":true,"top_logprobs":0}""", handler.Requests[1].Body);
        Assert.Equal(2, chat.Logprobs!.Count);
        var first = chat.Logprobs[0];
        Assert.Equal("Hel", first.Token);
        Assert.Equal(-0.0123, first.LogProbability);
        Assert.Equal([72, 101, 108], first.Bytes!);
        Assert.Equal(2, first.TopLogprobs!.Count);
        Assert.Equal("Hi", first.TopLogprobs[1].Token);
        Assert.Null(first.TopLogprobs[1].Bytes);
        Assert.Equal(Math.Exp(-4.5), first.TopLogprobs[1].Probability, 12);
        Assert.Equal("<", chat.Logprobs[1].Token);
        Assert.Null(chat.Logprobs[1].TopLogprobs);
        Assert.Equal("Hel", Assert.Single(stream[0].Logprobs!).Token);
    }

    [Fact]
    public async Task Tools_from_a_raw_schema_and_from_a_type_round_trip_calls_with_ids_and_index()
    {
        var raw = Tool.FromSchema("get_time", "Current time in a time zone", JsonElement.Parse("""
            {"type":"object","properties":{"zone":{"type":["string","null"],"description":"IANA zone","enum":["UTC","Europe/Paris"]}},"required":["zone"]}
            """));
        var typed = Tool.FromType("get_weather", "Weather for a city", ApiTestJsonContext.Default.WeatherQuery);
        var handler = new FakeHttpHandler()
            .EnqueueJson("""
                {"model":"m","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":"","tool_calls":[
                  {"id":"call_a1","function":{"index":0,"name":"get_weather","arguments":{"city":"Tokyo","unit":"celsius"}}},
                  {"id":"call_b2","function":{"index":1,"name":"get_time","arguments":{"zone":"UTC"}}}]},"done":true,"done_reason":"stop"}
                """)
            .EnqueueJson("""{"model":"m","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":"Sunny, 21°C, 09:00 UTC."},"done":true}""");
        using var client = TestClient.Create(handler);
        var history = new List<Message> { Message.User("Weather and time in Tokyo?") };

        var first = await client.ChatAsync(new ChatRequest("m", history) { Tools = [typed, raw] });
        history.Add(first.Message);
        foreach (var call in first.Message.ToolCalls!)
        {
            var result = call.Function.Name == "get_weather" ? $"Sunny in {call.GetArguments(ApiTestJsonContext.Default.WeatherQuery).City}" : "09:00";
            history.Add(Message.Tool(result, call.Function.Name, call.Id));
        }

        await client.ChatAsync(new ChatRequest("m", history) { Tools = [typed, raw] });

        using var firstBody = JsonDocument.Parse(handler.Requests[0].Body!);
        var tools = firstBody.RootElement.GetProperty("tools");
        Assert.Equal("function", tools[0].GetProperty("type").GetString());
        Assert.Equal("get_weather", tools[0].GetProperty("function").GetProperty("name").GetString());
        var weatherParams = tools[0].GetProperty("function").GetProperty("parameters");
        Assert.Equal("object", weatherParams.GetProperty("type").GetString());
        Assert.Equal(["city", "unit"], weatherParams.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        var zone = tools[1].GetProperty("function").GetProperty("parameters").GetProperty("properties").GetProperty("zone");
        Assert.Equal("""["string","null"]""", zone.GetProperty("type").GetRawText());
        Assert.Equal(2, zone.GetProperty("enum").GetArrayLength());

        var calls = first.Message.ToolCalls!;
        Assert.Equal(["call_a1", "call_b2"], calls.Select(c => c.Id));
        Assert.Equal([0, 1], calls.Select(c => c.Function.Index));
        Assert.Equal("celsius", calls[0].GetArguments(ApiTestJsonContext.Default.WeatherQuery).Unit);

        using var secondBody = JsonDocument.Parse(handler.Requests[1].Body!);
        var messages = secondBody.RootElement.GetProperty("messages");
        Assert.Equal(4, messages.GetArrayLength());
        Assert.Equal("""{"index":0,"name":"get_weather","arguments":{"city":"Tokyo","unit":"celsius"}}""", messages[1].GetProperty("tool_calls")[0].GetProperty("function").GetRawText());
        Assert.Equal("call_a1", messages[1].GetProperty("tool_calls")[0].GetProperty("id").GetString());
        Assert.Equal("tool", messages[2].GetProperty("role").GetString());
        Assert.Equal("Sunny in Tokyo", messages[2].GetProperty("content").GetString());
        Assert.Equal("get_weather", messages[2].GetProperty("tool_name").GetString());
        Assert.Equal("call_a1", messages[2].GetProperty("tool_call_id").GetString());
        Assert.Equal("call_b2", messages[3].GetProperty("tool_call_id").GetString());
    }

    [Fact]
    public void Model_options_cover_every_option_of_spec_section_6()
    {
        string[] keys =
        [
            "num_ctx", "num_batch", "num_gpu", "main_gpu", "use_mmap", "num_thread", "draft_num_predict", "num_keep", "seed",
            "num_predict", "top_k", "top_p", "min_p", "typical_p", "repeat_last_n", "temperature", "repeat_penalty",
            "presence_penalty", "frequency_penalty", "stop",
        ];
        var properties = OllamaJsonContext.Default.ModelOptions.Properties.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        Assert.All(keys, key => Assert.Contains(key, properties));

        var options = new ModelOptions
        {
            NumCtx = 1, NumBatch = 2, NumGpu = 3, MainGpu = 0, UseMmap = false, NumThread = 4, DraftNumPredict = 0, NumKeep = 5,
            Seed = -1, NumPredict = 6, TopK = 7, TopP = 0.5f, MinP = 0.25f, TypicalP = 1f, RepeatLastN = -1, Temperature = 0f,
            RepeatPenalty = 1.5f, PresencePenalty = 0.125f, FrequencyPenalty = 0.75f, Stop = ["a"],
            AdditionalOptions = new Dictionary<string, JsonElement> { ["future_option"] = JsonElement.Parse("true") },
        };
        JsonAssert.Equal("""
            {"num_ctx":1,"num_batch":2,"num_gpu":3,"main_gpu":0,"use_mmap":false,"num_thread":4,"draft_num_predict":0,"num_keep":5,
             "seed":-1,"num_predict":6,"top_k":7,"top_p":0.5,"min_p":0.25,"typical_p":1,"repeat_last_n":-1,"temperature":0,
             "repeat_penalty":1.5,"presence_penalty":0.125,"frequency_penalty":0.75,"stop":["a"],"future_option":true}
            """, JsonSerializer.Serialize(options, OllamaJsonContext.Default.ModelOptions));
    }
}
