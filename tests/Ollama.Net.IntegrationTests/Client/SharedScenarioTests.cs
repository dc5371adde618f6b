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

    [Fact]
    public async Task Embed_with_truncate_and_dimensions()
    {
        await using var target = await ScriptedTarget.StartAsync();

        var result = await Scenarios.EmbedWithOptionsAsync(target);

        Assert.Equal(TestEmbeddings.Generate("The sky is blue.", 64), result.Embeddings[0].ToArray());
        Assert.Equal(TestEmbeddings.Generate("Das Gras ist grün.", 64), result.Embeddings[1].ToArray());
        var sent = target.Server.Requests.Single().Json!.Value;
        Assert.Equal(64, sent.GetProperty("dimensions").GetInt32());
        Assert.True(sent.GetProperty("truncate").GetBoolean());
        Assert.Equal(2, sent.GetProperty("input").GetArrayLength());
    }

    [Fact]
    public async Task Legacy_embeddings()
    {
        await using var target = await ScriptedTarget.StartAsync();

        var (legacy, current) = await Scenarios.LegacyEmbeddingsAsync(target);

        // Not normalized, but the same direction as the /api/embed vector.
        var expected = TestEmbeddings.Generate("The sky is blue.", 384);
        var norm = Math.Sqrt(legacy.Embedding.ToArray().Sum(x => x * x));
        Assert.NotEqual(1.0, norm, 6);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], legacy.Embedding.Span[i] / norm, 5);
        }

        Assert.Equal(expected, current.Embeddings[0].ToArray());
        var sent = target.Server.Requests[0];
        Assert.Equal("/api/embeddings", sent.Path);
        Assert.Equal(ScriptedTarget.Embedder, sent.Json!.Value.GetProperty("model").GetString());
        Assert.Equal("The sky is blue.", sent.Json.Value.GetProperty("prompt").GetString());
        Assert.Equal("/api/embed", target.Server.Requests[1].Path);
    }

    [Fact]
    public async Task Running_models_after_generate()
    {
        await using var target = await ScriptedTarget.StartAsync();

        var running = await Scenarios.RunningModelsAsync(target);

        Assert.Equal(ScriptedTarget.Chat, running.Name);
        Assert.Equal(PresetModels.Qwen25.Digest, running.Digest);
        Assert.Equal("qwen2", running.Details.Family);
        Assert.Equal([ScriptedTarget.Chat], target.Server.LoadedModels);
        Assert.Equal(["/api/generate", "/api/ps"], target.Server.Requests.Select(r => r.Path));
        Assert.Equal("GET", target.Server.Requests[1].Method);
        Assert.Equal(600, target.Server.Requests[0].Json!.Value.GetProperty("keep_alive").GetDouble());
    }

    [Fact]
    public async Task Copy_then_delete()
    {
        await using var target = await ScriptedTarget.StartAsync();

        var (name, copy, afterDelete) = await Scenarios.CopyThenDeleteAsync(target);

        Assert.Matches("^ollama-net-test-copy-[0-9a-f]{8}$", name);
        Assert.Equal(name + ":latest", copy.Name);
        Assert.Equal(PresetModels.Qwen25.Size, copy.Size);
        Assert.Equal(3, afterDelete.Models.Count);

        var copyRequest = target.Server.Requests.Single(r => r.Path == "/api/copy");
        Assert.Equal("POST", copyRequest.Method);
        Assert.Equal(ScriptedTarget.Chat, copyRequest.Json!.Value.GetProperty("source").GetString());
        Assert.Equal(name, copyRequest.Json.Value.GetProperty("destination").GetString());
        var deleteRequest = target.Server.Requests.Single(r => r.Path == "/api/delete");
        Assert.Equal("DELETE", deleteRequest.Method);
        Assert.Equal(name, deleteRequest.Json!.Value.GetProperty("model").GetString());
        Assert.False(target.Server.Models.Contains(name));
    }

    [Fact]
    public async Task Pull_of_the_installed_model()
    {
        await using var target = await ScriptedTarget.StartAsync();

        var (final, reports) = await Scenarios.PullInstalledAsync(target);

        Assert.Equal(7, reports.Count); // manifest, one complete line per layer it has, verifying, writing, success
        Assert.Equal(["verifying sha256 digest", "writing manifest"], reports.Skip(4).Take(2).Select(r => r.Status));
        Assert.Equal(3, final.Layers.Count);
        Assert.Equal(PresetModels.Qwen25.Size, final.TotalBytes);
        var sent = target.Server.Requests[0];
        Assert.Equal("/api/pull", sent.Path);
        Assert.Equal(ScriptedTarget.Chat, sent.Json!.Value.GetProperty("model").GetString());
        Assert.True(sent.Json.Value.GetProperty("stream").GetBoolean());
    }

    [Fact]
    public async Task Create_derived_model_then_delete()
    {
        await using var target = await ScriptedTarget.StartAsync();

        var (name, _, reports, show) = await Scenarios.CreateDerivedAsync(target);

        var statuses = reports.Select(r => r.Status).ToList();
        Assert.StartsWith("using existing layer sha256:", statuses[0], StringComparison.Ordinal);
        Assert.Contains(statuses, s => s.StartsWith("creating new layer sha256:", StringComparison.Ordinal));
        Assert.Equal(["writing manifest", "success"], statuses.TakeLast(2));
        Assert.Equal(PresetModels.Qwen25.Template, show.Template);
        Assert.Equal("qwen2", show.Details.Family);

        var create = target.Server.Requests.Single(r => r.Path == "/api/create").Json!.Value;
        Assert.Equal(name, create.GetProperty("model").GetString());
        Assert.Equal(ScriptedTarget.Chat, create.GetProperty("from").GetString());
        Assert.Equal("You are a terse test assistant.", create.GetProperty("system").GetString());
        Assert.Equal("DELETE", target.Server.Requests.Single(r => r.Path == "/api/delete").Method);
        Assert.False(target.Server.Models.Contains(name));
    }

    [Fact]
    public async Task Model_not_found()
    {
        await using var target = await ScriptedTarget.StartAsync();

        var (name, unary, streaming) = await Scenarios.ModelNotFoundAsync(target);

        Assert.Equal($"model '{name}' not found", unary.ServerMessage);
        Assert.Equal(name, unary.ModelName);
        Assert.Equal($"model '{name}' not found", streaming.ServerMessage);
        Assert.Contains($"ollama pull {name}", unary.Message, StringComparison.Ordinal);
        Assert.Equal([false, true], target.Server.Requests.Select(r => r.Json!.Value.GetProperty("stream").GetBoolean()));
        Assert.All(target.Server.Requests, r => Assert.Equal(404, r.StatusCode));
    }

    [Fact]
    public async Task Server_root_status_and_blob_head()
    {
        await using var target = await ScriptedTarget.StartAsync();

        var (_, status, _) = await Scenarios.ServerAsync(target);

        Assert.False(status.Cloud.Disabled);
        Assert.Equal("none", status.Cloud.Source);
        var requests = target.Server.Requests;
        Assert.Equal(["GET /", "GET /api/status", "HEAD /api/blobs/"], requests.Select(r => $"{r.Method} {r.Path[..Math.Min(r.Path.Length, 11)]}"));
        Assert.Matches("^/api/blobs/sha256[:-][0-9a-f]{64}$", requests[2].Path);
        Assert.Equal(404, requests[2].StatusCode);
    }

    [Fact]
    public async Task Recommendations()
    {
        await using var target = await ScriptedTarget.StartAsync();

        var result = await Scenarios.RecommendationsAsync(target);

        Assert.Equal(3, result.Recommendations.Count);
        Assert.Equal("qwen3:0.6b", result.Recommendations[0].Model);
        Assert.Equal("/api/experimental/model-recommendations", target.Server.Requests.Single().Path);
    }
}
