using System.Text.Json;
using Ollama.Net.Testing;
using OllamaSharp;
using OllamaSharp.Models;
using OllamaSharp.Models.Chat;

namespace Ollama.Net.Interop.Tests;

/// <summary>
/// OllamaSharp 5.5.2 (written by others) against OllamaTestServer: each call must see exactly what the server was
/// scripted to send. Known differences are written down as assertions with the reason.
/// </summary>
public class OllamaSharpTests
{
    private static OllamaApiClient Client(OllamaTestServer server) =>
        new(new HttpClient { BaseAddress = server.Endpoint, Timeout = Script.Bound }, Script.Chat);

    private static async Task<List<T>> ReadAllAsync<T>(IAsyncEnumerable<T> stream)
    {
        var list = new List<T>();
        await using var e = stream.GetAsyncEnumerator();
        while (await e.MoveNextAsync().AsTask().WaitAsync(Script.Bound))
        {
            list.Add(e.Current);
        }

        return list;
    }

    [Fact]
    public async Task Streaming_chat_sees_every_thinking_and_content_chunk_then_done()
    {
        await using var server = await Script.StartAsync();
        server.Replies.Enqueue(Script.Thinker, Script.Reply(thinking: true));
        using var client = Client(server);

        var chunks = await ReadAllAsync(client.ChatAsync(new ChatRequest
        {
            Model = Script.Thinker,
            Messages = [new Message(ChatRole.User, "Tell me something.")],
            Think = true,
        }));

        Assert.All(chunks, c => Assert.NotNull(c));
        Assert.Equal([.. Script.ThinkingChunks, .. Script.ContentChunks.Select(_ => (string?)null), null], chunks.Select(c => c!.Message.Thinking));
        Assert.Equal([.. Script.ThinkingChunks.Select(_ => ""), .. Script.ContentChunks, ""], chunks.Select(c => c!.Message.Content));
        Assert.All(chunks, c => Assert.Equal(ChatRole.Assistant, c!.Message.Role));
        Assert.All(chunks, c => Assert.Equal(Script.Thinker, c!.Model));
        Assert.All(chunks.SkipLast(1), c => Assert.False(c!.Done));
        var done = Assert.IsType<ChatDoneResponseStream>(chunks[^1]);
        Assert.True(done.Done);
        Assert.Equal("stop", done.DoneReason);
        Assert.Equal(Script.PromptEvalCount, done.PromptEvalCount);
        Assert.Equal(Script.EvalCount, done.EvalCount);
        Assert.True(done.TotalDuration > 0);
        Assert.True(done.EvalDuration > 0);

        var sent = server.Requests.Single().Json!.Value;
        Assert.True(sent.GetProperty("stream").GetBoolean());
        Assert.True(sent.GetProperty("think").GetBoolean());
    }

    [Fact]
    public async Task Chat_tool_calls_keep_id_index_and_arguments()
    {
        await using var server = await Script.StartAsync();
        server.Replies.Enqueue(Script.Chat, Script.ToolReply());
        using var client = Client(server);

        var chunks = await ReadAllAsync(client.ChatAsync(new ChatRequest
        {
            Model = Script.Chat,
            Messages = [new Message(ChatRole.User, "Weather in Tokyo?")],
            Tools = [new Tool { Function = new Function { Name = "get_weather", Description = "Gets the weather." } }],
        }));

        var call = Assert.Single(chunks.SelectMany(c => c?.Message.ToolCalls ?? []));
        Assert.Equal("call_tokyo", call.Id);
        Assert.Equal(0, call.Function!.Index);
        Assert.Equal("get_weather", call.Function.Name);
        Assert.Equal("Tokyo", call.Function.Arguments!["city"]?.ToString());
        Assert.Equal("2", call.Function.Arguments["days"]?.ToString());
    }

    [Fact]
    public async Task Streaming_generate_sees_every_chunk_and_the_final_context()
    {
        await using var server = await Script.StartAsync();
        server.Replies.Enqueue(Script.Chat, Script.Reply());
        using var client = Client(server);

        var chunks = await ReadAllAsync(client.GenerateAsync(new GenerateRequest { Model = Script.Chat, Prompt = "Why is the sky blue?" }));

        Assert.Equal([.. Script.ContentChunks, ""], chunks.Select(c => c!.Response));
        var done = Assert.IsType<GenerateDoneResponseStream>(chunks[^1]);
        Assert.Equal("stop", done.DoneReason);
        Assert.Equal(Script.EvalCount, done.EvalCount);
        Assert.Equal(Script.PromptEvalCount, done.PromptEvalCount);
#pragma warning disable CS0618 // OllamaSharp marks context obsolete; the server still sends it (the spec: deprecated, still returned)
        Assert.Equal(Script.PromptEvalCount + Script.EvalCount, done.Context!.Length);
#pragma warning restore CS0618
        Assert.True(server.Requests.Single().Json!.Value.GetProperty("stream").GetBoolean());
    }

    [Fact]
    public async Task Embed_gets_the_exact_vectors()
    {
        await using var server = await Script.StartAsync();
        using var client = Client(server);

        var response = await client.EmbedAsync(new EmbedRequest { Model = Script.Embedder, Input = ["cat", "dog"], Dimensions = 8 }).WaitAsync(Script.Bound);

        Assert.Equal(2, response.Embeddings.Count);
        Assert.Equal(TestEmbeddings.Generate("cat", 8), response.Embeddings[0]);
        Assert.Equal(TestEmbeddings.Generate("dog", 8), response.Embeddings[1]);
        Assert.True(response.PromptEvalCount > 0);
        Assert.Equal(8, server.Requests.Single().Json!.Value.GetProperty("dimensions").GetInt32());
    }

    [Fact]
    public async Task List_sees_every_installed_model()
    {
        await using var server = await Script.StartAsync();
        using var client = Client(server);

        var models = (await client.ListLocalModelsAsync().WaitAsync(Script.Bound)).ToList();

        Assert.Equal(["all-minilm:latest", Script.Chat, Script.Thinker], models.Select(m => m.Name).Order());
        var qwen = models.Single(m => m.Name == Script.Chat);
        var preset = PresetModels.Qwen25;
        Assert.Equal(preset.Size, qwen.Size);
        Assert.Equal(preset.Digest, qwen.Digest);
        Assert.Equal(preset.ModifiedAt, new DateTimeOffset(qwen.ModifiedAt));
        Assert.Equal("qwen2", qwen.Details.Family);
        Assert.Equal("494.03M", qwen.Details.ParameterSize);
        Assert.Equal("Q4_K_M", qwen.Details.QuantizationLevel);
        Assert.Equal("gguf", qwen.Details.Format);
    }

    [Fact]
    public async Task Show_sees_the_template_system_license_parameters_and_model_info()
    {
        await using var server = await Script.StartAsync();
        using var client = Client(server);

        var show = await client.ShowModelAsync(new ShowModelRequest { Model = Script.Chat }).WaitAsync(Script.Bound);

        var preset = PresetModels.Qwen25;
        Assert.Equal(preset.Template, show.Template);
        Assert.Equal(preset.System, show.System);
        Assert.Equal(preset.License, show.License);
        Assert.Contains("<|im_end|>", show.Parameters, StringComparison.Ordinal);
        Assert.Equal("qwen2", show.Details.Family);
        Assert.Equal("qwen2", show.Info.Architecture);
        Assert.Equal(["completion", "tools"], show.Capabilities!.Select(c => c.ToString()));
    }

    [Fact]
    public async Task Ps_sees_the_loaded_model()
    {
        await using var server = await Script.StartAsync();
        using var client = Client(server);
        await ReadAllAsync(client.GenerateAsync(new GenerateRequest { Model = Script.Chat, Prompt = "warm up" }));

        var running = Assert.Single(await client.ListRunningModelsAsync().WaitAsync(Script.Bound));

        Assert.Equal(Script.Chat, running.Name);
        Assert.Equal(PresetModels.Qwen25.Digest, running.Digest);
        Assert.True(running.Size > 0);
        Assert.Equal(running.Size, running.SizeVram);
        Assert.True(running.ContextLength > 0);
        Assert.True(running.ExpiresAt > DateTime.Now);
    }

    [Fact]
    public async Task Pull_sees_every_progress_line()
    {
        var digests = await RawWire.PullDigestsAsync();
        await using var server = await Script.StartAsync();
        using var client = Client(server);

        var lines = await ReadAllAsync(client.PullModelAsync(new PullModelRequest { Model = Script.Pullable }));

        var expected = Script.PullLines(digests);
        Assert.Equal(expected.Count, lines.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Status, lines[i]!.Status);
            Assert.Equal(expected[i].Digest, lines[i]!.Digest);
            Assert.Equal(expected[i].Total ?? 0, lines[i]!.Total);
            Assert.Equal(expected[i].Completed ?? 0, lines[i]!.Completed);
        }

        Assert.Contains(server.Models, m => m.Name == Script.Pullable);
    }
}
