using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.VectorData;
using Ollama.Net.Extensions.AI;
using Ollama.Net.VectorData;

namespace Ollama.Net.Readme.Tests.Packages;

#region snippet:vectordata-record
public sealed class Poem
{
    [VectorStoreKey]
    public int Id { get; set; }

    [VectorStoreData]
    public string Author { get; set; } = "";

    [VectorStoreData]
    public string Title { get; set; } = "";

    [VectorStoreVector(384)]               // all-minilm's dimensions; the store embeds the text
    public string Text { get; set; } = "";
}
#endregion

// The C# blocks of src/Ollama.Net.VectorData/README.md, checked and run by PackageReadmeTests.
internal static class VectorDataPackageSnippets
{
    public static async Task Search()
    {
        #region snippet:vectordata-search
        using var ollama = new OllamaClient();                 // OLLAMA_HOST, default http://127.0.0.1:11434
        IEmbeddingGenerator<string, Embedding<float>> embedder = ollama.AsIEmbeddingGenerator("all-minilm");
        using var store = new EmbeddingIndexVectorStore(new() { EmbeddingGenerator = embedder });

        VectorStoreCollection<int, Poem> poems = store.GetCollection<int, Poem>("poems");
        await poems.EnsureCollectionExistsAsync();
        await poems.UpsertAsync(
        [
            new Poem { Id = 1, Author = "Su Shi", Title = "Prelude to Water Melody", Text = "明月几时有？把酒问青天。" },
            new Poem { Id = 2, Author = "Su Shi", Title = "Red Cliff", Text = "大江东去，浪淘尽，千古风流人物。" },
            new Poem { Id = 3, Author = "Li Qingzhao", Title = "Slow Slow Tune", Text = "寻寻觅觅，冷冷清清，凄凄惨惨戚戚。" },
        ]);

        var options = new VectorSearchOptions<Poem> { Filter = p => p.Author == "Su Shi" };
        await foreach (VectorSearchResult<Poem> hit in poems.SearchAsync("明月", top: 1, options))
        {
            Console.WriteLine($"{hit.Record.Title} ({hit.Score:F2})");
        }
        #endregion
    }

    public static VectorStore Durable(string folder)
    {
        #region snippet:vectordata-durable
        // Each collection is a snapshot file in the folder: loaded when first used, saved atomically after every change.
        var store = new EmbeddingIndexVectorStore(new() { Directory = folder });
        #endregion
        return store;
    }

    public static ServiceProvider Services()
    {
        #region snippet:vectordata-di
        var services = new ServiceCollection();
        services.AddSingleton(new OllamaClient());
        services.AddSingleton(sp => sp.GetRequiredService<OllamaClient>().AsIEmbeddingGenerator("all-minilm"));
        services.AddSingleton<IEmbeddingGenerator>(sp => sp.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>());
        services.AddEmbeddingIndexVectorStore();            // VectorStore, with the registered IEmbeddingGenerator
        #endregion
        return services.BuildServiceProvider();
    }
}
