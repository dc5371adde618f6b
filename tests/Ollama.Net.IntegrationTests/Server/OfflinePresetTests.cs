using System.Text.Json;
using Ollama.Net.Testing;

namespace Ollama.Net.IntegrationTests.Server;

public class OfflinePresetTests
{
    private static Task<OllamaTestServer> StartOffline() => OllamaTestServer.StartAsync(OllamaTestServerOptions.Offline(TimeSpan.Zero));

    private static async Task<JsonElement> Chat(HttpClient http, string model, string messages, string extra = "") =>
        (await Wire.PostAsync(http, "/api/chat", $$"""{"model":"{{model}}","stream":false{{extra}},"messages":{{messages}}}""")).Json;

    [Fact]
    public async Task Preset_installs_friendly_models_and_a_registry()
    {
        await using var server = await StartOffline();
        using var http = Wire.Client(server);
        var names = (await Wire.GetAsync(http, "/api/tags")).Json.GetProperty("models").EnumerateArray().Select(m => m.Str("name")).ToList();
        Assert.Equal(["all-minilm:latest", "qwen2.5:0.5b", "qwen3:0.6b"], names.Order());
        Assert.Equal(TestModelCapabilities.Completion | TestModelCapabilities.Tools, server.Models.Find("qwen2.5:0.5b")!.Capabilities);
        Assert.True(server.Models.Find("qwen3:0.6b")!.Capabilities.HasFlag(TestModelCapabilities.Thinking));
        Assert.Equal(384, server.Models.Find("all-minilm")!.EmbeddingLength);
        Assert.True(server.Registry.Contains("llama3.2:1b"));
        Assert.True(server.Registry.Contains("nomic-embed-text"));

        var pulled = await Wire.PostAsync(http, "/api/pull", """{"model":"llama3.2:1b","stream":false}""");
        Assert.Equal("""{"status":"success"}""", pulled.Text);
    }

    [Fact]
    public async Task Simulated_answers_are_plausible_and_deterministic()
    {
        await using var server = await StartOffline();
        using var http = Wire.Client(server);
        const string question = """[{"role":"user","content":"Why is the sky blue?"}]""";
        var a = (await Chat(http, "qwen2.5:0.5b", question)).GetProperty("message").Str("content");
        var b = (await Chat(http, "qwen2.5:0.5b", question)).GetProperty("message").Str("content");
        Assert.Equal(a, b);
        Assert.Contains("sky blue", a, StringComparison.OrdinalIgnoreCase);
        Assert.True(a.Split(' ').Length > 20);

        var hello = (await Chat(http, "qwen2.5:0.5b", """[{"role":"user","content":"Hello!"}]""")).GetProperty("message").Str("content");
        Assert.StartsWith("Hello!", hello);

        var chinese = (await Chat(http, "qwen2.5:0.5b", """[{"role":"user","content":"天空为什么是蓝色的？"}]""")).GetProperty("message").Str("content");
        Assert.Contains("天空为什么是蓝色的", chinese);
    }

    [Fact]
    public async Task Simulated_answers_follow_simple_format_instructions()
    {
        await using var server = await StartOffline();
        using var http = Wire.Client(server);
        async Task<string> Ask(string prompt) =>
            (await Wire.PostAsync(http, "/api/generate", $$"""{"model":"qwen2.5:0.5b","stream":false,"prompt":{{JsonSerializer.Serialize(prompt)}}}""")).Json.Str("response");

        var n = int.Parse(await Ask("Rate this review with a number between 1 and 5. Review: great!"));
        Assert.InRange(n, 1, 5);
        Assert.Contains(await Ask("Classify the sentiment. Answer with one of: positive, negative, neutral"), new[] { "positive", "negative", "neutral" });
        Assert.Contains(await Ask("Is water wet? Answer yes or no."), new[] { "Yes.", "No." });
        Assert.Equal("12 * 3 = 36.", await Ask("What is 12 * 3?"));
    }

    [Fact]
    public async Task Thinking_model_thinks_and_tools_are_called_then_results_summarized()
    {
        await using var server = await StartOffline();
        using var http = Wire.Client(server);
        var thought = await Chat(http, "qwen3:0.6b", """[{"role":"user","content":"Explain recursion"}]""");
        Assert.Contains("recursion", thought.GetProperty("message").Str("thinking"));

        const string tools = ""","tools":[{"type":"function","function":{"name":"get_time","description":"Current time","parameters":{"type":"object","properties":{}}}},{"type":"function","function":{"name":"get_weather","description":"Get the weather for a city","parameters":{"type":"object","properties":{"city":{"type":"string"},"unit":{"type":"string","enum":["celsius","fahrenheit"]}},"required":["city"]}}}]""";
        var call = await Chat(http, "qwen2.5:0.5b", """[{"role":"user","content":"What is the weather in Tokyo today?"}]""", tools);
        var fn = call.GetProperty("message").GetProperty("tool_calls")[0].GetProperty("function");
        Assert.Equal("get_weather", fn.Str("name"));
        Assert.Equal("""{"city":"Tokyo"}""", fn.GetProperty("arguments").GetRawText());

        var summary = await Chat(http, "qwen2.5:0.5b",
            """[{"role":"user","content":"What is the weather in Tokyo today?"},{"role":"assistant","content":"","tool_calls":[{"function":{"name":"get_weather","arguments":{"city":"Tokyo"}}}]},{"role":"tool","tool_name":"get_weather","content":"22 degrees and sunny"}]""", tools);
        Assert.Contains("22 degrees and sunny", summary.GetProperty("message").Str("content"));
    }

    [Fact]
    public async Task Structured_output_fills_the_schema()
    {
        await using var server = await StartOffline();
        using var http = Wire.Client(server);
        const string schema = ""","format":{"type":"object","properties":{"name":{"type":"string"},"age":{"type":"integer","minimum":0,"maximum":120},"tags":{"type":"array","items":{"type":"string"},"minItems":2},"mood":{"enum":["happy","sad"]},"ok":{"type":"boolean"}},"required":["name","age"]}""";
        var content = (await Chat(http, "qwen2.5:0.5b", """[{"role":"user","content":"Describe Alice, who is 30 years old."}]""", schema)).GetProperty("message").Str("content");
        var doc = JsonDocument.Parse(content).RootElement;
        Assert.Equal("Alice", doc.Str("name"));
        Assert.Equal(30, doc.GetProperty("age").GetInt32());
        Assert.Equal(2, doc.GetProperty("tags").GetArrayLength());
        Assert.Contains(doc.Str("mood"), new[] { "happy", "sad" });
        Assert.True(doc.GetProperty("ok").ValueKind is JsonValueKind.True or JsonValueKind.False);

        var json = (await Chat(http, "qwen2.5:0.5b", """[{"role":"user","content":"Say hi in JSON"}]""", ""","format":"json" """)).GetProperty("message").Str("content");
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(json).RootElement.ValueKind);
    }

    [Fact]
    public async Task Embedding_model_returns_384_dimensions()
    {
        await using var server = await StartOffline();
        using var http = Wire.Client(server);
        var r = await Wire.PostAsync(http, "/api/embed", """{"model":"all-minilm","input":"hello"}""");
        Assert.Equal(384, r.Json.GetProperty("embeddings")[0].GetArrayLength());
    }

    [Fact]
    public void Preset_options_use_simulated_replies_and_a_default_chunk_delay()
    {
        var options = OllamaTestServerOptions.Offline();
        Assert.Equal(TimeSpan.FromMilliseconds(15), options.ChunkDelay);
        Assert.NotNull(options.ReplyGenerator);
        Assert.Equal(3, options.Models.Count);
        Assert.Equal(5, options.Registry.Count);
        Assert.Empty(new OllamaTestServerOptions().Models);
    }
}
