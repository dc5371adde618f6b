using Microsoft.Extensions.AI;
using Ollama.Net.Extensions.AI.Tests.Infrastructure;

namespace Ollama.Net.Extensions.AI.Tests;

public class GetServiceTests
{
    [Fact]
    public void The_chat_client_exposes_metadata_the_ollama_client_and_itself()
    {
        using var client = TestClient.Create(new FakeHttpHandler());
        var chat = client.AsIChatClient("llama3.2");

        var metadata = chat.GetService<ChatClientMetadata>();
        Assert.NotNull(metadata);
        Assert.Equal("ollama", metadata.ProviderName);
        Assert.Equal(TestClient.Endpoint, metadata.ProviderUri);
        Assert.Equal("llama3.2", metadata.DefaultModelId);
        Assert.Same(client, chat.GetService<OllamaClient>());
        Assert.Same(chat, chat.GetService<IChatClient>());
        Assert.Same(chat, chat.GetService(chat.GetType()));
        Assert.Null(chat.GetService<string>());
        Assert.Null(chat.GetService<OllamaClient>("some key"));
        Assert.Throws<ArgumentNullException>(() => chat.GetService(null!));
    }

    [Fact]
    public void Metadata_falls_back_to_the_clients_default_model()
    {
        using var client = TestClient.Create(new FakeHttpHandler(), o => o.DefaultModel = "qwen2.5:0.5b");
        Assert.Equal("qwen2.5:0.5b", client.AsIChatClient().GetService<ChatClientMetadata>()!.DefaultModelId);
        Assert.Equal("qwen2.5:0.5b", client.AsIEmbeddingGenerator().GetService<EmbeddingGeneratorMetadata>()!.DefaultModelId);
    }

    [Fact]
    public void The_embedding_generator_exposes_metadata_the_ollama_client_and_itself()
    {
        using var client = TestClient.Create(new FakeHttpHandler());
        var generator = client.AsIEmbeddingGenerator("nomic-embed-text");

        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();
        Assert.NotNull(metadata);
        Assert.Equal("ollama", metadata.ProviderName);
        Assert.Equal(TestClient.Endpoint, metadata.ProviderUri);
        Assert.Equal("nomic-embed-text", metadata.DefaultModelId);
        Assert.Same(client, generator.GetService<OllamaClient>());
        Assert.Same(generator, generator.GetService<IEmbeddingGenerator<string, Embedding<float>>>());
        Assert.Null(generator.GetService<string>());
        Assert.Null(generator.GetService<OllamaClient>("key"));
    }

    [Fact]
    public async Task Disposing_the_adapters_leaves_the_ollama_client_usable()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"version":"0.12.10"}""");
        using var client = TestClient.Create(handler);
        client.AsIChatClient("m").Dispose();
        client.AsIEmbeddingGenerator("e").Dispose();
        Assert.Equal("0.12.10", (await client.GetVersionAsync()).Version);
    }

    [Fact]
    public void The_entry_points_reject_a_null_client()
    {
        Assert.Throws<ArgumentNullException>("client", () => ((OllamaClient)null!).AsIChatClient());
        Assert.Throws<ArgumentNullException>("client", () => ((OllamaClient)null!).AsIEmbeddingGenerator());
    }

    [Fact]
    public void The_adapter_classes_are_internal_and_sealed_so_the_entry_points_are_the_extension_methods()
    {
        using var client = TestClient.Create(new FakeHttpHandler());
        foreach (var adapter in new object[] { client.AsIChatClient("m"), client.AsIEmbeddingGenerator("e") })
        {
            Assert.False(adapter.GetType().IsVisible, adapter.GetType().FullName);
            Assert.True(adapter.GetType().IsSealed, adapter.GetType().FullName);
        }

        Assert.DoesNotContain(typeof(OllamaClientExtensions).Assembly.GetExportedTypes(), t => typeof(IChatClient).IsAssignableFrom(t));
        Assert.DoesNotContain(typeof(OllamaClientExtensions).Assembly.GetExportedTypes(), t => typeof(IEmbeddingGenerator).IsAssignableFrom(t));
    }
}
