using Microsoft.Extensions.VectorData;

namespace Ollama.Net.VectorData.Tests;

public sealed class EmbeddingIndexDynamicCollectionTests
{
    private static readonly VectorStoreCollectionDefinition Definition = new()
    {
        Properties =
        [
            new VectorStoreKeyProperty("Key", typeof(long)),
            new VectorStoreDataProperty("Author", typeof(string)),
            new VectorStoreDataProperty("Year", typeof(int)),
            new VectorStoreDataProperty("Tags", typeof(string[])),
            new VectorStoreVectorProperty("Vector", typeof(ReadOnlyMemory<float>), 2),
        ],
    };

    private static Dictionary<string, object?> Record(long key, string author, int year, float[] vector) => new()
    {
        ["Key"] = key,
        ["Author"] = author,
        ["Year"] = year,
        ["Tags"] = new[] { author.ToLowerInvariant() },
        ["Vector"] = new ReadOnlyMemory<float>(vector),
    };

    [Fact]
    public async Task Dictionary_records_upsert_get_filter_search_and_delete()
    {
        var collection = new EmbeddingIndexDynamicCollection("dynamic", new EmbeddingIndexCollectionOptions { Definition = Definition });
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync([Record(1, "Frost", 1916, [1, 0]), Record(2, "Dickinson", 1890, [0, 1]), Record(3, "Frost", 1923, [1, 1])]);

        var got = await collection.GetAsync(2L, new() { IncludeVectors = true });
        var frost = await collection.GetAsync(r => (string)r["Author"]! == "Frost" && (int)r["Year"]! > 1920, 10).ToListAsync();
        var byObjectEquality = await collection.GetAsync(r => r["Author"] == (object)"Dickinson", 10).ToListAsync();
        var tagged = await collection.GetAsync(r => ((string[])r["Tags"]!).Contains("frost"), 10).CountAsync();
        var nearest = await collection.SearchAsync(new[] { 1f, 0.1f }, 1, new() { Filter = r => (string)r["Author"]! == "Frost" }).SingleAsync();
        await collection.DeleteAsync(1L);

        Assert.NotNull(got);
        Assert.Equal("Dickinson", got["Author"]);
        Assert.IsType<long>(got["Key"]);
        Assert.Equal([0f, 1f], ((ReadOnlyMemory<float>)got["Vector"]!).ToArray());
        Assert.Equal(3L, Assert.Single(frost)["Key"]);
        Assert.Equal(2L, Assert.Single(byObjectEquality)["Key"]);
        Assert.Equal(2, tagged);
        Assert.Equal(1L, nearest.Record["Key"]);
        Assert.Null(await collection.GetAsync(1L));
    }

    [Fact]
    public async Task A_key_of_another_type_than_the_definition_is_rejected()
    {
        var collection = new EmbeddingIndexDynamicCollection("dynamic", new EmbeddingIndexCollectionOptions { Definition = Definition });
        await collection.EnsureCollectionExistsAsync();

        Dictionary<string, object?> intKey = Record(1, "x", 1, [1, 0]);
        intKey["Key"] = 1;

        Assert.Throws<ArgumentException>("key", () => collection.GetAsync(1).GetAwaiter().GetResult());
        var e = await Assert.ThrowsAsync<InvalidCastException>(() => collection.UpsertAsync(intKey));
        Assert.Contains("'Key'", e.Message);
    }

    [Fact]
    public void A_dynamic_collection_needs_a_definition()
    {
        Assert.Throws<ArgumentNullException>(() => new EmbeddingIndexDynamicCollection("dynamic", new EmbeddingIndexCollectionOptions()));
    }
}
