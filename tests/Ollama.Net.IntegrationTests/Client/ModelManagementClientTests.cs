using Ollama.Net.Testing;

namespace Ollama.Net.IntegrationTests.Client;

/// <summary>List, ps, show, copy, delete, load/unload and recommendations through the real client.</summary>
public class ModelManagementClientTests
{
    private const string Chat = ScriptedTarget.Chat;

    [Fact]
    public async Task Ps_is_empty_then_lists_a_loaded_model_then_empty_after_unload()
    {
        await using var target = await ScriptedTarget.StartAsync();
        using var client = target.CreateClient();

        var before = await client.ListRunningModelsAsync().Within();
        await client.LoadModelAsync(Chat, KeepAlive.FromTimeSpan(TimeSpan.FromMinutes(30))).Within();
        var loaded = await client.ListRunningModelsAsync().Within();
        await client.UnloadModelAsync(Chat).Within();
        var after = await client.ListRunningModelsAsync().Within();

        Assert.Empty(before.Models);
        var running = Assert.Single(loaded.Models);
        Assert.Equal(Chat, running.Name);
        Assert.Equal(Chat, running.Model);
        Assert.Equal(PresetModels.Qwen25.Digest, running.Digest);
        Assert.True(running.Size > 0);
        Assert.InRange(running.GpuFraction, 0, 1);
        Assert.True(running.ExpiresAt > DateTimeOffset.Now.AddMinutes(20), $"expires {running.ExpiresAt}");
        Assert.True(running.ContextLength > 0);
        Assert.Equal("qwen2", running.Details.Family);
        Assert.Empty(after.Models);

        // Load and unload are generate calls with no prompt; unload sends keep_alive 0.
        var generates = target.Server.Requests.Where(r => r.Path == "/api/generate").ToList();
        Assert.Equal(2, generates.Count);
        Assert.Equal(string.Empty, generates[0].Json!.Value.TryGetProperty("prompt", out var prompt) ? prompt.GetString() : string.Empty);
        Assert.Equal(1800, generates[0].Json!.Value.GetProperty("keep_alive").GetDouble());
        Assert.Equal(0, generates[1].Json!.Value.GetProperty("keep_alive").GetDouble());
        Assert.Empty(target.Server.LoadedModels);
    }

    [Fact]
    public async Task Loading_an_unknown_model_is_model_not_found()
    {
        await using var target = await ScriptedTarget.StartAsync();
        using var client = target.CreateClient();

        var error = await Guard.Throws<OllamaModelNotFoundException>(() => client.LoadModelAsync("ghost:1b"));

        Assert.Equal("ghost:1b", error.ModelName);
    }

    [Fact]
    public async Task Show_verbose_sends_the_flag_and_returns_tensors_and_model_info()
    {
        await using var target = await ScriptedTarget.StartAsync();
        using var client = target.CreateClient();

        var show = await client.ShowModelAsync(new ShowModelRequest(Chat) { Verbose = true }).Within();

        Assert.True(target.Server.Requests.Single().Json!.Value.GetProperty("verbose").GetBoolean());
        Assert.NotEmpty(show.Tensors!);
        Assert.All(show.Tensors!, t => Assert.NotEmpty(t.Shape));
        Assert.Equal("qwen2", show.Architecture);
        Assert.True(show.ParameterCount > 0);
    }

    [Fact]
    public async Task Show_of_an_unknown_model_is_model_not_found()
    {
        await using var target = await ScriptedTarget.StartAsync();
        using var client = target.CreateClient();

        var error = await Guard.Throws<OllamaModelNotFoundException>(() => client.ShowModelAsync("ghost"));

        Assert.Equal("model 'ghost:latest' not found", error.ServerMessage);
        Assert.Equal("ghost:latest", error.ModelName);
        Assert.Contains("ollama pull ghost:latest", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Copy_then_delete()
    {
        await using var target = await ScriptedTarget.StartAsync();
        using var client = target.CreateClient();

        await client.CopyModelAsync(Chat, "my-qwen:latest").Within();
        var afterCopy = await client.ListModelsAsync().Within();
        await client.DeleteModelAsync("my-qwen").Within();
        var afterDelete = await client.ListModelsAsync().Within();

        var copy = Assert.Single(afterCopy.Models, m => m.Name == "my-qwen:latest");
        Assert.Equal(PresetModels.Qwen25.Size, copy.Size);
        Assert.DoesNotContain(afterDelete.Models, m => m.Name == "my-qwen:latest");
        Assert.Contains(afterDelete.Models, m => m.Name == Chat);

        var copyRequest = target.Server.Requests.Single(r => r.Path == "/api/copy");
        Assert.Equal("POST", copyRequest.Method);
        Assert.Equal(Chat, copyRequest.Json!.Value.GetProperty("source").GetString());
        Assert.Equal("my-qwen:latest", copyRequest.Json.Value.GetProperty("destination").GetString());
        var deleteRequest = target.Server.Requests.Single(r => r.Path == "/api/delete");
        Assert.Equal("DELETE", deleteRequest.Method);
        Assert.Equal("my-qwen", deleteRequest.Json!.Value.GetProperty("model").GetString());
    }

    [Fact]
    public async Task Copy_and_delete_of_unknown_models_are_model_not_found_in_both_wordings()
    {
        await using var target = await ScriptedTarget.StartAsync();
        using var client = target.CreateClient();

        var copy = await Guard.Throws<OllamaModelNotFoundException>(() => client.CopyModelAsync("ghost", "other"));
        var delete = await Guard.Throws<OllamaModelNotFoundException>(() => client.DeleteModelAsync("ghost"));

        Assert.Equal("model \"ghost\" not found", copy.ServerMessage);
        Assert.Equal("ghost", copy.ModelName);
        Assert.Equal("model 'ghost' not found", delete.ServerMessage);
        Assert.Equal("ghost", delete.ModelName);
    }

    [Fact]
    public async Task Recommendations()
    {
        await using var target = await ScriptedTarget.StartAsync();
        using var client = target.CreateClient();

        var result = await client.GetModelRecommendationsAsync().Within();

        Assert.Equal(3, result.Recommendations.Count);
        var first = result.Recommendations[0];
        Assert.Equal("qwen3:0.6b", first.Model);
        Assert.False(string.IsNullOrEmpty(first.Description));
        Assert.Equal(40960, first.ContextLength);
        Assert.Equal(8192, first.MaxOutputTokens);
        Assert.Equal(1_100_000_000, first.VramBytes);
        Assert.Equal("free", first.RequiredPlan);
        Assert.Null(result.Recommendations[2].VramBytes);
        Assert.Equal("pro", result.Recommendations[2].RequiredPlan);
        Assert.Equal("/api/experimental/model-recommendations", target.Server.Requests.Single().Path);
    }
}
