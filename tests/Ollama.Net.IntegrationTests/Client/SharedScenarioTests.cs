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
}
