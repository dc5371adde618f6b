using System.Text.Json;
using Microsoft.Extensions.AI;
using Ollama.Net.Extensions.AI.Tests.Infrastructure;

namespace Ollama.Net.Extensions.AI.Tests;

public class EmbeddingGeneratorTests
{
    private const string TwoVectors = """{"model":"nomic-embed-text:latest","embeddings":[[0.6,0.8],[1,0]],"total_duration":3000000,"load_duration":1000000,"prompt_eval_count":7}""";

    [Fact]
    public async Task A_batch_is_embedded_in_one_call_with_usage_and_model()
    {
        var handler = new FakeHttpHandler().EnqueueJson(TwoVectors);
        using var client = TestClient.Create(handler);
        var generator = client.AsIEmbeddingGenerator("nomic-embed-text");

        var embeddings = await generator.GenerateAsync(["first", "second"]);

        var sent = Assert.Single(handler.Requests);
        Assert.Equal("/api/embed", sent.Uri.AbsolutePath);
        JsonAssert.Equal("""{"model":"nomic-embed-text","input":["first","second"]}""", sent.Body);
        Assert.Equal(2, embeddings.Count);
        Assert.Equal([0.6f, 0.8f], embeddings[0].Vector.ToArray());
        Assert.Equal([1f, 0f], embeddings[1].Vector.ToArray());
        Assert.Equal(2, embeddings[0].Dimensions);
        Assert.Equal("nomic-embed-text:latest", embeddings[0].ModelId);
        Assert.NotNull(embeddings[0].CreatedAt);
        Assert.Equal(7, embeddings.Usage!.InputTokenCount);
        Assert.Equal(7, embeddings.Usage.TotalTokenCount);
        Assert.Equal(TimeSpan.FromMilliseconds(3), embeddings.AdditionalProperties!["total_duration"]);
        Assert.Equal(TimeSpan.FromMilliseconds(1), embeddings.AdditionalProperties["load_duration"]);
    }

    [Fact]
    public async Task Options_map_dimensions_model_and_additional_properties()
    {
        var handler = new FakeHttpHandler().EnqueueJson(TwoVectors);
        using var client = TestClient.Create(handler);

        await client.AsIEmbeddingGenerator("default-model").GenerateAsync(["a", "b"], new EmbeddingGenerationOptions
        {
            ModelId = "other-model",
            Dimensions = 256,
            AdditionalProperties = new() { ["truncate"] = false, ["keep_alive"] = "1h", ["num_ctx"] = 512 },
        });

        JsonAssert.Equal(
            """{"model":"other-model","input":["a","b"],"truncate":false,"dimensions":256,"keep_alive":"1h","options":{"num_ctx":512}}""",
            handler.LastRequest.Body);
    }

    [Fact]
    public async Task A_single_value_uses_the_generator_extensions()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"model":"e","embeddings":[[0.6,0.8]]}""");
        using var client = TestClient.Create(handler);
        var vector = await client.AsIEmbeddingGenerator("e").GenerateVectorAsync("hello");
        Assert.Equal([0.6f, 0.8f], vector.ToArray());
        JsonAssert.Equal("""{"model":"e","input":"hello"}""", handler.LastRequest.Body);
    }

    [Fact]
    public async Task An_empty_batch_returns_nothing_without_a_request()
    {
        var handler = new FakeHttpHandler();
        using var client = TestClient.Create(handler);
        var embeddings = await client.AsIEmbeddingGenerator("e").GenerateAsync([]);
        Assert.Empty(embeddings);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Bad_input_and_a_missing_model_are_clear_errors()
    {
        var handler = new FakeHttpHandler();
        using var client = TestClient.Create(handler);
        await Assert.ThrowsAsync<ArgumentNullException>(() => client.AsIEmbeddingGenerator("e").GenerateAsync(null!));
        await Assert.ThrowsAsync<ArgumentException>(() => client.AsIEmbeddingGenerator("e").GenerateAsync(["a", null!]));
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.AsIEmbeddingGenerator().GenerateAsync(["a"]));
        Assert.Contains("EmbeddingGenerationOptions.ModelId", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            client.AsIEmbeddingGenerator("e").GenerateAsync(["a"], new EmbeddingGenerationOptions { Dimensions = 0 }));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task A_reply_with_the_wrong_number_of_vectors_is_an_error()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"model":"e","embeddings":[[1,0]]}""");
        using var client = TestClient.Create(handler);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.AsIEmbeddingGenerator("e").GenerateAsync(["a", "b"]));
        Assert.Contains("1 embedding(s) for 2 input(s)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_default_model_comes_from_the_client_options()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"model":"e","embeddings":[[1,0]]}""");
        using var client = TestClient.Create(handler, o => o.DefaultModel = "from-options");
        await client.AsIEmbeddingGenerator().GenerateAsync(["a"]);
        Assert.Equal("from-options", JsonDocument.Parse(handler.LastRequest.Body!).RootElement.GetProperty("model").GetString());
    }

    [Fact]
    public async Task RawRepresentationFactory_can_supply_a_starting_request()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"model":"e","embeddings":[[1,0]]}""");
        using var client = TestClient.Create(handler);
        await client.AsIEmbeddingGenerator("e").GenerateAsync(["a"], new EmbeddingGenerationOptions
        {
            RawRepresentationFactory = _ => new EmbedRequest { Truncate = true, KeepAlive = KeepAlive.UnloadImmediately },
        });
        JsonAssert.Equal("""{"model":"e","input":"a","truncate":true,"keep_alive":0}""", handler.LastRequest.Body);
    }
}
