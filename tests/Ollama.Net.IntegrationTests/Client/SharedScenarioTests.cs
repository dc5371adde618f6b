using System.Text.Json;
using System.Text.Json.Nodes;
using Ollama.Net.Testing;

namespace Ollama.Net.IntegrationTests.Client;

/// <summary>
/// The same bodies as <see cref="LiveOllamaTests"/>, against the scripted server, plus the exact content that was
/// scripted (which a real Ollama cannot promise).
/// </summary>
public class SharedScenarioTests
{
    [Fact]
    public async Task Version()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Version = "0.33.0-rc2";

        var version = await Scenarios.VersionAsync(target);

        Assert.Equal("0.33.0-rc2", version.Version);
        Assert.Equal(new Version(0, 33, 0), version.ParsedVersion);
        Assert.Equal("rc2", version.PreRelease);
    }

    [Fact]
    public async Task List()
    {
        await using var target = await ScriptedTarget.StartAsync();

        var list = await Scenarios.ListAsync(target);

        Assert.Equal(["all-minilm:latest", ScriptedTarget.Chat, ScriptedTarget.Thinker], list.Models.Select(m => m.Name).Order().ToArray());
        var qwen = list.Models.Single(m => m.Name == ScriptedTarget.Chat);
        var preset = PresetModels.Qwen25;
        Assert.Equal(preset.Size, qwen.Size);
        Assert.Equal(preset.Digest, qwen.Digest);
        Assert.Equal(preset.ModifiedAt, qwen.ModifiedAt);
        Assert.Equal("qwen2", qwen.Details.Family);
        Assert.Equal("494.03M", qwen.Details.ParameterSize);
        Assert.Equal("Q4_K_M", qwen.Details.QuantizationLevel);
        Assert.Equal("gguf", qwen.Details.Format);
        Assert.Equal([ModelCapability.Completion, ModelCapability.Tools], qwen.Capabilities);
    }

    [Fact]
    public async Task Chat_stream_shape()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies.Enqueue(ScriptedTarget.Chat, new ScriptedReply { Content = "Hello there, nice to meet!", ChunkSize = 5, EvalCount = 6 });

        var (updates, content) = await Scenarios.ChatStreamAsync(target);

        Assert.Equal("Hello there, nice to meet!", content);
        Assert.Equal(["Hello", " ther", "e, ni", "ce to", " meet", "!", ""], updates.Select(u => u.Message.Content));
        Assert.Equal(DoneReason.Stop, updates[^1].DoneReason);
        Assert.Equal(6, updates[^1].EvalCount);

        // What the client sent.
        var sent = target.Server.Requests.Single().Json!.Value;
        Assert.Equal(ScriptedTarget.Chat, sent.GetProperty("model").GetString());
        Assert.True(sent.GetProperty("stream").GetBoolean());
        Assert.False(sent.GetProperty("think").GetBoolean());
        Assert.Equal(24, sent.GetProperty("options").GetProperty("num_predict").GetInt32());
        Assert.Equal("user", sent.GetProperty("messages")[0].GetProperty("role").GetString());
        Assert.Equal("Say hello in five words.", sent.GetProperty("messages")[0].GetProperty("content").GetString());
    }

    [Fact]
    public async Task Embed_shape()
    {
        await using var target = await ScriptedTarget.StartAsync();

        var result = await Scenarios.EmbedAsync(target);

        Assert.Equal(384, result.Dimensions);
        Assert.Equal(TestEmbeddings.Generate("The sky is blue.", 384), result.Embeddings[0].ToArray());
        Assert.Equal(TestEmbeddings.Generate("Das Gras ist grün.", 384), result.Embeddings[1].ToArray());
    }

    [Fact]
    public async Task Show()
    {
        await using var target = await ScriptedTarget.StartAsync();

        var show = await Scenarios.ShowAsync(target);

        var preset = PresetModels.Qwen25;
        Assert.Equal(preset.Template, show.Template);
        Assert.Equal(preset.System, show.System);
        Assert.Equal(preset.License, show.License);
        Assert.Equal(32768, show.ContextLength);
        Assert.Equal(896, show.EmbeddingLength);
        Assert.Equal([ModelCapability.Completion, ModelCapability.Tools], show.Capabilities);
        Assert.Contains("stop", show.Parameters, StringComparison.Ordinal);
        Assert.Contains("<|im_end|>", show.Parameters, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_non_streaming()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies.Enqueue(ScriptedTarget.Chat, new ScriptedReply { Content = "Red.", PromptEvalCount = 9, EvalCount = 2 });

        var result = await Scenarios.ChatAsync(target);

        Assert.Equal("Red.", result.Message.Content);
        Assert.Equal(DoneReason.Stop, result.DoneReason);
        Assert.Equal(9, result.PromptEvalCount);
        Assert.Equal(2, result.EvalCount);
        Assert.Equal(ScriptedTarget.Chat, result.Model);

        var record = target.Server.Requests.Single();
        Assert.Equal("/api/chat", record.Path);
        var sent = record.Json!.Value;
        Assert.False(sent.GetProperty("stream").GetBoolean());
        Assert.False(sent.GetProperty("think").GetBoolean());
        var options = sent.GetProperty("options");
        Assert.Equal(24, options.GetProperty("num_predict").GetInt32());
        Assert.Equal(0, options.GetProperty("temperature").GetDouble());
        Assert.Equal(7, options.GetProperty("seed").GetInt32());
        Assert.Equal("Name one primary colour.", sent.GetProperty("messages")[0].GetProperty("content").GetString());
    }

    [Fact]
    public async Task Chat_structured_output()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies.Enqueue(ScriptedTarget.Chat, new ScriptedReply
        {
            Json = new JsonObject { ["country"] = "France", ["capital"] = "Paris" },
            ChunkSize = 4,
        });

        var result = await Scenarios.StructuredChatAsync(target);

        Assert.Equal(new CountryCapital("France", "Paris"), result.Value);
        Assert.Equal("""{"country":"France","capital":"Paris"}""", result.Raw.Message.Content);

        var sent = target.Server.Requests.Single().Json!.Value;
        Assert.False(sent.GetProperty("stream").GetBoolean());
        var format = sent.GetProperty("format");
        Assert.Equal(JsonValueKind.Object, format.ValueKind);
        Assert.Equal("object", format.GetProperty("type").GetString());
        Assert.Equal("string", format.GetProperty("properties").GetProperty("country").GetProperty("type").GetString());
        Assert.Equal("string", format.GetProperty("properties").GetProperty("capital").GetProperty("type").GetString());
        Assert.Equal(["country", "capital"], format.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Chat_with_tools()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies.Enqueue(ScriptedTarget.Chat, new ScriptedReply
        {
            ToolCalls = [new ScriptedToolCall("get_weather", new JsonObject { ["city"] = "Paris" }) { Id = "call_7" }],
        });

        var result = await Scenarios.ToolChatAsync(target);

        var call = Assert.Single(result.Message.ToolCalls!);
        Assert.Equal("call_7", call.Id);
        Assert.Equal("get_weather", call.Function.Name);
        Assert.Equal(0, call.Function.Index);
        Assert.Equal(new WeatherArgs("Paris", null), call.GetArguments(ClientTestJson.Default.WeatherArgs));
        Assert.Equal("""{"city":"Paris"}""", call.Function.Arguments.GetRawText());
        Assert.Equal(string.Empty, result.Message.Content);

        var sent = target.Server.Requests.Single().Json!.Value;
        var tool = Assert.Single(sent.GetProperty("tools").EnumerateArray());
        Assert.Equal("function", tool.GetProperty("type").GetString());
        var function = tool.GetProperty("function");
        Assert.Equal("get_weather", function.GetProperty("name").GetString());
        Assert.Equal("Gets the current weather for a city.", function.GetProperty("description").GetString());
        Assert.Equal("object", function.GetProperty("parameters").GetProperty("type").GetString());
        Assert.Equal("string", function.GetProperty("parameters").GetProperty("properties").GetProperty("city").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Generate_stream_shape()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies.Enqueue(ScriptedTarget.Chat, new ScriptedReply { Content = "The sea is calm.", ChunkSize = 6, PromptEvalCount = 11, EvalCount = 5 });

        var (updates, text) = await Scenarios.GenerateStreamAsync(target);

        Assert.Equal("The sea is calm.", text);
        Assert.Equal(["The se", "a is c", "alm.", ""], updates.Select(u => u.Response));
        Assert.Equal(DoneReason.Stop, updates[^1].DoneReason);
        Assert.Equal(16, updates[^1].Context!.Count); // prompt + answer tokens
        Assert.Equal(5, updates[^1].EvalCount);

        var record = target.Server.Requests.Single();
        Assert.Equal("/api/generate", record.Path);
        Assert.True(record.Json!.Value.GetProperty("stream").GetBoolean());
        Assert.Equal("Write one short sentence about the sea.", record.Json.Value.GetProperty("prompt").GetString());
        Assert.Equal("application/x-ndjson", record.Headers["Accept"]);
    }

    [Fact]
    public async Task Generate_non_streaming()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies.Enqueue(ScriptedTarget.Chat, new ScriptedReply { Content = "Waves roll in.", ChunkSize = 3, PromptEvalCount = 5, EvalCount = 4 });

        var result = await Scenarios.GenerateAsync(target);

        Assert.Equal("Waves roll in.", result.Response);
        Assert.Equal(DoneReason.Stop, result.DoneReason);
        Assert.Equal(9, result.Context!.Count);
        Assert.Equal(5, result.PromptEvalCount);
        Assert.Equal(4, result.EvalCount);

        var sent = target.Server.Requests.Single().Json!.Value;
        Assert.False(sent.GetProperty("stream").GetBoolean());
        Assert.False(sent.GetProperty("think").GetBoolean());
        Assert.Equal(24, sent.GetProperty("options").GetProperty("num_predict").GetInt32());
    }
}
