using Microsoft.Extensions.VectorData;

namespace Ollama.Net.VectorData.Tests;

public sealed class EmbeddingIndexVectorStoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "ollama-net-vectordata-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Collections_are_created_listed_found_and_deleted()
    {
        using var store = new EmbeddingIndexVectorStore();
        var poems = store.GetCollection<int, Poem>("poems");
        var keyed = store.GetCollection<string, Keyed<string>>("keyed");

        await poems.EnsureCollectionExistsAsync();
        await keyed.EnsureCollectionExistsAsync();
        var names = await store.ListCollectionNamesAsync().ToListAsync();
        await store.EnsureCollectionDeletedAsync("poems");

        Assert.Equal(["keyed", "poems"], names);
        Assert.False(await store.CollectionExistsAsync("poems"));
        Assert.False(await poems.CollectionExistsAsync());
        Assert.True(await keyed.CollectionExistsAsync());
    }

    [Fact]
    public async Task Collection_objects_of_one_name_share_their_records()
    {
        using var store = new EmbeddingIndexVectorStore();
        var first = store.GetCollection<int, Keyed<int>>("shared");
        await first.EnsureCollectionExistsAsync();
        await first.UpsertAsync(new Keyed<int> { Key = 1, Value = 7, Vector = [1, 0] });

        var second = store.GetCollection<int, Keyed<int>>("shared");

        Assert.Equal(7, (await second.GetAsync(1))!.Value);
    }

    [Fact]
    public async Task Opening_a_collection_with_another_definition_throws_naming_both()
    {
        using var store = new EmbeddingIndexVectorStore();
        await store.GetCollection<int, Keyed<int>>("shape").EnsureCollectionExistsAsync();

        var other = store.GetCollection<int, Poem>("shape");

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => other.GetAsync(1));
        Assert.Contains("other properties", e.Message);
    }

    [Fact]
    public void Bad_names_and_dictionary_records_through_GetCollection_are_rejected()
    {
        using var store = new EmbeddingIndexVectorStore();

        Assert.Throws<ArgumentException>("name", () => store.GetCollection<int, Poem>(""));
        Assert.Throws<ArgumentException>("name", () => store.GetCollection<int, Poem>("../escape"));
        Assert.Throws<NotSupportedException>(() => store.GetCollection<object, Dictionary<string, object?>>("dictionary"));
    }

    [Fact]
    public async Task A_store_with_a_directory_saves_every_change_and_a_new_store_loads_it()
    {
        using (var store = new EmbeddingIndexVectorStore(new() { Directory = _directory }))
        {
            var poems = store.GetCollection<int, Poem>("poems");
            await poems.EnsureCollectionExistsAsync();
            await poems.UpsertAsync([EmbeddingIndexCollectionTests.NewPoem(1, "Frost", [1, 0, 0]), EmbeddingIndexCollectionTests.NewPoem(2, "Keats", [0, 1, 0])]);
            await poems.DeleteAsync(1);
        }

        using var reopened = new EmbeddingIndexVectorStore(new() { Directory = _directory });
        var again = reopened.GetCollection<int, Poem>("poems");

        Assert.Equal(["poems"], await reopened.ListCollectionNamesAsync().ToListAsync());
        Assert.Null(await again.GetAsync(1));
        Poem keats = (await again.GetAsync(2, new() { IncludeVectors = true }))!;
        Poem expected = EmbeddingIndexCollectionTests.NewPoem(2, "Keats", [0, 1, 0]);
        Assert.Equal([0f, 1f, 0f], keats.Embedding.ToArray());
        (expected.Embedding, keats.Embedding) = (default, default);
        Assert.Equivalent(expected, keats, strict: true);
        Assert.Equal(2, (await again.SearchAsync(new[] { 0f, 1, 0 }, 1).SingleAsync()).Record.Id);
    }

    [Fact]
    public async Task Generated_vectors_and_their_text_are_saved_and_searchable_after_reloading()
    {
        var generator = new WordEmbeddingGenerator(8);
        using (var store = new EmbeddingIndexVectorStore(new() { Directory = _directory, EmbeddingGenerator = generator }))
        {
            var sentences = store.GetCollection<Guid, Sentence>("sentences");
            await sentences.EnsureCollectionExistsAsync();
            await sentences.UpsertAsync([new Sentence { Author = "a", Text = "moon over the river" }, new Sentence { Author = "b", Text = "snow on the mountain" }]);
        }

        using var reopened = new EmbeddingIndexVectorStore(new() { Directory = _directory, EmbeddingGenerator = generator });
        var hit = await reopened.GetCollection<Guid, Sentence>("sentences").SearchAsync("the river moon", 1).SingleAsync();

        Assert.Equal("moon over the river", hit.Record.Text);
        Assert.Equal(2, generator.Calls); // one batch for the upsert, one for the search: the stored vectors were not recomputed
    }

    [Fact]
    public async Task A_save_cut_short_leaves_the_previous_snapshot_in_place()
    {
        using (var store = new EmbeddingIndexVectorStore(new() { Directory = _directory }))
        {
            var keyed = store.GetCollection<int, Keyed<int>>("keyed");
            await keyed.EnsureCollectionExistsAsync();
            await keyed.UpsertAsync(new Keyed<int> { Key = 1, Value = 1, Vector = [1, 0] });
        }

        // A crash during a save leaves at most a partial temporary file: the snapshot itself is only ever replaced whole.
        await File.WriteAllBytesAsync(Path.Combine(_directory, "keyed.onvs.tmp"), [1, 2, 3]);

        using var reopened = new EmbeddingIndexVectorStore(new() { Directory = _directory });
        Assert.Equal(1, (await reopened.GetCollection<int, Keyed<int>>("keyed").GetAsync(1))!.Value);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(-12)]
    [InlineData(-1)]
    public async Task A_damaged_or_truncated_snapshot_is_refused_with_InvalidDataException(int at)
    {
        using (var store = new EmbeddingIndexVectorStore(new() { Directory = _directory }))
        {
            var keyed = store.GetCollection<int, Keyed<int>>("keyed");
            await keyed.EnsureCollectionExistsAsync();
            await keyed.UpsertAsync(new Keyed<int> { Key = 1, Value = 1, Vector = [1, 0] });
        }

        string path = Path.Combine(_directory, "keyed.onvs");
        byte[] bytes = await File.ReadAllBytesAsync(path);
        if (at == -1)
        {
            bytes = bytes[..^3];
        }
        else
        {
            bytes[at < 0 ? bytes.Length + at : at] ^= 0x40;
        }

        await File.WriteAllBytesAsync(path, bytes);

        using var reopened = new EmbeddingIndexVectorStore(new() { Directory = _directory });
        await Assert.ThrowsAsync<InvalidDataException>(() => reopened.GetCollection<int, Keyed<int>>("keyed").GetAsync(1));
    }

    [Fact]
    public async Task Deleting_a_collection_deletes_its_snapshot()
    {
        using var store = new EmbeddingIndexVectorStore(new() { Directory = _directory });
        await store.GetCollection<int, Keyed<int>>("gone").EnsureCollectionExistsAsync();
        Assert.True(File.Exists(Path.Combine(_directory, "gone.onvs")));

        await store.EnsureCollectionDeletedAsync("gone");

        Assert.False(File.Exists(Path.Combine(_directory, "gone.onvs")));
        Assert.Empty(await store.ListCollectionNamesAsync().ToListAsync());
    }

    [Fact]
    public async Task Dynamic_collections_of_the_store_share_records_with_typed_ones()
    {
        using var store = new EmbeddingIndexVectorStore();
        var typed = store.GetCollection<int, Keyed<int>>("mixed");
        await typed.EnsureCollectionExistsAsync();
        await typed.UpsertAsync(new Keyed<int> { Key = 5, Value = 50, Vector = [1, 0] });
        var definition = new VectorStoreCollectionDefinition
        {
            Properties = [new VectorStoreKeyProperty("Key", typeof(int)), new VectorStoreDataProperty("Value", typeof(int)), new VectorStoreVectorProperty("Vector", typeof(float[]), 2)],
        };

        var dynamic = store.GetDynamicCollection("mixed", definition);

        Assert.Equal(50, (await dynamic.GetAsync(5))!["Value"]);
        Assert.IsType<VectorStoreMetadata>(store.GetService(typeof(VectorStoreMetadata)));
    }
}
