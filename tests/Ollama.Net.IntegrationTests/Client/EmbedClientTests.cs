using Ollama.Net.Testing;

namespace Ollama.Net.IntegrationTests.Client;

/// <summary>POST /api/embed and the legacy POST /api/embeddings through the real client.</summary>
public class EmbedClientTests
{
    private const string Embedder = ScriptedTarget.Embedder;

    [Fact]
    public async Task Single_input()
    {
        await using var target = await ScriptedTarget.StartAsync();
        using var client = target.CreateClient();

        var result = await client.EmbedAsync(Embedder, "hello world").Within();

        var vector = Assert.Single(result.Embeddings);
        Assert.Equal(TestEmbeddings.Generate("hello world", 384), vector.ToArray());
        Assert.Equal(Embedder, result.Model);
        Assert.True(result.TotalDuration > TimeSpan.Zero);
        Assert.True(result.LoadDuration > TimeSpan.Zero);
        var sent = target.Server.Requests.Single().Json!.Value;
        Assert.Equal("hello world", sent.GetProperty("input").GetString()); // one input goes out as a string
    }

    [Fact]
    public async Task Batch_keeps_the_order_in_one_contiguous_buffer()
    {
        await using var target = await ScriptedTarget.StartAsync();
        using var client = target.CreateClient();
        string[] inputs = ["cat", "dog", "猫が好きです", "a much longer sentence about databases"];

        var result = await client.EmbedAsync(Embedder, inputs).Within();

        Assert.Equal(4, result.Embeddings.Count);
        for (var i = 0; i < inputs.Length; i++)
        {
            Assert.Equal(TestEmbeddings.Generate(inputs[i], 384), result.Embeddings[i].ToArray());
            Assert.Equal(result.Embeddings[i].ToArray(), result.Buffer.Slice(i * 384, 384).ToArray());
        }

        Assert.Single(target.Server.Requests);
    }

    [Fact]
    public async Task Dimensions_shorten_the_vectors()
    {
        await using var target = await ScriptedTarget.StartAsync();
        using var client = target.CreateClient();

        var result = await client.EmbedAsync(new EmbedRequest(Embedder, "a", "b") { Dimensions = 64, Truncate = true }).Within();

        Assert.Equal(64, result.Dimensions);
        Assert.All(result.Embeddings, v => Assert.Equal(64, v.Length));
        Assert.Equal(TestEmbeddings.Generate("a", 64), result.Embeddings[0].ToArray());
        var sent = target.Server.Requests.Single().Json!.Value;
        Assert.Equal(64, sent.GetProperty("dimensions").GetInt32());
        Assert.True(sent.GetProperty("truncate").GetBoolean());
    }

    [Fact]
    public async Task Embedding_with_a_chat_model_unknown_model_and_too_long_input_fail_with_the_server_text()
    {
        await using var target = await ScriptedTarget.StartAsync();
        using var client = target.CreateClient();

        var chat = await Guard.Throws<OllamaException>(() => client.EmbedAsync(ScriptedTarget.Chat, "x"));
        var missing = await Guard.Throws<OllamaModelNotFoundException>(() => client.EmbedAsync("nomic-embed-text", "x"));
        var tooLong = await Guard.Throws<OllamaException>(
            () => client.EmbedAsync(new EmbedRequest(Embedder, string.Join(' ', Enumerable.Repeat("word", 2000))) { Truncate = false }));

        Assert.Equal(System.Net.HttpStatusCode.NotImplemented, chat.StatusCode);
        Assert.Equal("This server does not support embeddings. Start it with `--embeddings`", chat.ServerMessage);
        Assert.Equal("model \"nomic-embed-text\" not found, try pulling it first", missing.ServerMessage);
        Assert.Equal("nomic-embed-text", missing.ModelName);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("the input length exceeds the context length", tooLong.ServerMessage);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, tooLong.StatusCode);
    }

    [Fact]
    public async Task Legacy_embeddings_return_one_vector()
    {
        await using var target = await ScriptedTarget.StartAsync();
        using var client = target.CreateClient();

#pragma warning disable CS0618 // the legacy endpoint is obsolete on purpose
        var result = await client.EmbeddingsAsync(Embedder, "hello").Within();
        var missing = await Guard.Throws<OllamaModelNotFoundException>(() => client.EmbeddingsAsync("nope", "hello"));
#pragma warning restore CS0618

        Assert.Equal(384, result.Embedding.Length);
        Assert.Contains(result.Embedding.ToArray(), x => x != 0);
        var sent = target.Server.Requests[0];
        Assert.Equal("/api/embeddings", sent.Path);
        Assert.Equal("hello", sent.Json!.Value.GetProperty("prompt").GetString());

        // The scheduler's wording: model "NAME" not found, try pulling it first.
        Assert.Equal("model \"nope\" not found, try pulling it first", missing.ServerMessage);
        Assert.Equal("nope", missing.ModelName);
    }
}
