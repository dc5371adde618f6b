using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Ollama.Net.Extensions.AI.Tests.Infrastructure;

namespace Ollama.Net.Extensions.AI.Tests;

public class ServiceCollectionTests
{
    [Fact]
    public async Task AddOllamaChatClient_uses_the_registered_ollama_client_and_returns_a_pipeline_builder()
    {
        var handler = new FakeHttpHandler().EnqueueJson(TestClient.TextReply("Hi!"));
        var services = new ServiceCollection();
        services.AddOllamaClient(o =>
        {
            o.Endpoint = new Uri("http://ollama.test:1234");
            o.UseEnvironmentVariables = false;
        }).ConfigurePrimaryHttpMessageHandler(() => handler);
        var builder = services.AddOllamaChatClient("llama3.2").UseFunctionInvocation();
        Assert.IsType<ChatClientBuilder>(builder);

        using var provider = services.BuildServiceProvider();
        var chat = provider.GetRequiredService<IChatClient>();
        var response = await chat.GetResponseAsync("Hello");

        Assert.Equal("Hi!", response.Text);
        Assert.Equal("http://ollama.test:1234/api/chat", handler.LastRequest.Uri.AbsoluteUri);
        Assert.Equal("llama3.2", handler.Body().GetProperty("model").GetString());
        Assert.NotNull(chat.GetService<FunctionInvokingChatClient>());
        Assert.Same(provider.GetRequiredService<OllamaClient>(), chat.GetService<OllamaClient>());
    }

    [Fact]
    public async Task Without_an_explicit_client_one_is_registered_from_the_Ollama_section()
    {
        var handler = new FakeHttpHandler().EnqueueJson(TestClient.TextReply("Hi!"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ollama:Endpoint"] = "http://configured.test:5555",
            ["Ollama:DefaultModel"] = "qwen2.5:0.5b",
        }).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.ConfigureHttpClientDefaults(b => b.ConfigurePrimaryHttpMessageHandler(() => handler));
        services.AddOllamaChatClient();

        using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IChatClient>().GetResponseAsync("Hello");

        Assert.Equal("configured.test", handler.LastRequest.Uri.Host);
        Assert.Equal("qwen2.5:0.5b", handler.Body().GetProperty("model").GetString());
    }

    [Fact]
    public async Task Keyed_chat_clients_use_the_ollama_client_with_the_same_key()
    {
        var gpu = new FakeHttpHandler().EnqueueJson(TestClient.TextReply("from gpu"));
        var laptop = new FakeHttpHandler().EnqueueJson(TestClient.TextReply("from laptop"));
        var services = new ServiceCollection();
        services.AddKeyedOllamaClient("gpu", o => o.Endpoint = new Uri("http://gpu.test:11434")).ConfigurePrimaryHttpMessageHandler(() => gpu);
        services.AddKeyedOllamaClient("laptop", o => o.Endpoint = new Uri("http://laptop.test:11434")).ConfigurePrimaryHttpMessageHandler(() => laptop);
        services.AddKeyedOllamaChatClient("gpu", "llama3.3:70b");
        services.AddKeyedOllamaChatClient("laptop", "qwen2.5:0.5b").UseLogging();
        services.AddLogging();
        services.AddSingleton<Consumer>();

        using var provider = services.BuildServiceProvider();
        var consumer = provider.GetRequiredService<Consumer>();
        Assert.Equal("from gpu", (await consumer.Gpu.GetResponseAsync("Hi")).Text);
        Assert.Equal("from laptop", (await consumer.Laptop.GetResponseAsync("Hi")).Text);

        Assert.Equal("llama3.3:70b", gpu.Body().GetProperty("model").GetString());
        Assert.Equal("qwen2.5:0.5b", laptop.Body().GetProperty("model").GetString());
        Assert.Null(provider.GetService<IChatClient>());
    }

    [Fact]
    public async Task Embedding_generators_register_plain_and_keyed()
    {
        var plain = new FakeHttpHandler().EnqueueJson("""{"model":"e","embeddings":[[1,0]]}""");
        var keyed = new FakeHttpHandler().EnqueueJson("""{"model":"k","embeddings":[[0,1]]}""");
        var services = new ServiceCollection();
        services.AddOllamaClient(o => o.Endpoint = new Uri("http://plain.test")).ConfigurePrimaryHttpMessageHandler(() => plain);
        services.AddKeyedOllamaClient("other", o => o.Endpoint = new Uri("http://keyed.test")).ConfigurePrimaryHttpMessageHandler(() => keyed);
        services.AddOllamaEmbeddingGenerator("nomic-embed-text");
        services.AddKeyedOllamaEmbeddingGenerator("other", "mxbai-embed-large");

        using var provider = services.BuildServiceProvider();
        var first = await provider.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>().GenerateVectorAsync("a");
        var second = await provider.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>("other").GenerateVectorAsync("a");

        Assert.Equal([1f, 0f], first.ToArray());
        Assert.Equal([0f, 1f], second.ToArray());
        Assert.Equal("nomic-embed-text", plain.Body().GetProperty("model").GetString());
        Assert.Equal("mxbai-embed-large", keyed.Body().GetProperty("model").GetString());
    }

    [Fact]
    public void Arguments_are_validated()
    {
        var services = new ServiceCollection();
        Assert.Throws<ArgumentNullException>(() => OllamaAIServiceCollectionExtensions.AddOllamaChatClient(null!));
        Assert.Throws<ArgumentException>(() => services.AddKeyedOllamaChatClient(""));
        Assert.Throws<ArgumentException>(() => services.AddKeyedOllamaEmbeddingGenerator(" "));
    }

    private sealed class Consumer([FromKeyedServices("gpu")] IChatClient gpu, [FromKeyedServices("laptop")] IChatClient laptop)
    {
        public IChatClient Gpu { get; } = gpu;

        public IChatClient Laptop { get; } = laptop;
    }
}
