using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.VectorData;

namespace Ollama.Net.VectorData.Tests;

public sealed class EmbeddingIndexServiceCollectionExtensionsTests
{
    [Fact]
    public void AddEmbeddingIndexVectorStore_registers_one_store_as_itself_and_as_VectorStore()
    {
        using ServiceProvider provider = new ServiceCollection().AddEmbeddingIndexVectorStore().BuildServiceProvider();

        var store = provider.GetRequiredService<EmbeddingIndexVectorStore>();

        Assert.Same(store, provider.GetRequiredService<VectorStore>());
    }

    [Fact]
    public async Task The_store_takes_the_registered_embedding_generator_lazily()
    {
        bool resolved = false;
        var services = new ServiceCollection();
        services.AddSingleton<IEmbeddingGenerator>(_ =>
        {
            resolved = true;
            return new WordEmbeddingGenerator(8);
        });
        services.AddKeyedEmbeddingIndexVectorStore("docs");
        using ServiceProvider provider = services.BuildServiceProvider();
        Assert.False(resolved);

        var store = provider.GetRequiredKeyedService<VectorStore>("docs");
        var sentences = store.GetCollection<Guid, Sentence>("sentences");
        await sentences.EnsureCollectionExistsAsync();
        await sentences.UpsertAsync(new Sentence { Author = "a", Text = "hello world" });

        Assert.True(resolved);
        Assert.Equal("a", (await sentences.SearchAsync("hello", 1).SingleAsync()).Record.Author);
    }

    [Fact]
    public void AddEmbeddingIndexCollection_registers_the_collection_as_VectorStoreCollection_and_IVectorSearchable()
    {
        using ServiceProvider provider = new ServiceCollection()
            .AddEmbeddingIndexCollection<int, Poem>("poems")
            .AddKeyedEmbeddingIndexCollection<int, Poem>("other", "more-poems", lifetime: ServiceLifetime.Transient)
            .BuildServiceProvider();

        var collection = provider.GetRequiredService<EmbeddingIndexCollection<int, Poem>>();

        Assert.Same(collection, provider.GetRequiredService<VectorStoreCollection<int, Poem>>());
        Assert.Same(collection, provider.GetRequiredService<IVectorSearchable<Poem>>());
        Assert.Equal("poems", collection.Name);
        Assert.Equal("more-poems", provider.GetRequiredKeyedService<VectorStoreCollection<int, Poem>>("other").Name);
        Assert.NotSame(provider.GetRequiredKeyedService<VectorStoreCollection<int, Poem>>("other"), provider.GetRequiredKeyedService<VectorStoreCollection<int, Poem>>("other"));
    }

    [Fact]
    public void Registrations_check_their_arguments()
    {
        Assert.Throws<ArgumentNullException>("services", () => EmbeddingIndexServiceCollectionExtensions.AddEmbeddingIndexVectorStore(null!));
        Assert.Throws<ArgumentNullException>("services", () => EmbeddingIndexServiceCollectionExtensions.AddEmbeddingIndexCollection<int, Poem>(null!, "poems"));
        Assert.Throws<ArgumentNullException>("name", () => new ServiceCollection().AddEmbeddingIndexCollection<int, Poem>(null!));
        Assert.Throws<ArgumentException>("name", () => new ServiceCollection().AddEmbeddingIndexCollection<int, Poem>(""));
    }
}
