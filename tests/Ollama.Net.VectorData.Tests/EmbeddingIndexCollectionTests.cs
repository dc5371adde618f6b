using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace Ollama.Net.VectorData.Tests;

public sealed class EmbeddingIndexCollectionTests
{
    internal static Poem NewPoem(int id, string author, float[] vector, int lines = 4) => new()
    {
        Id = id,
        Author = author,
        Title = $"Poem {id}",
        Lines = lines,
        Long = 1L << 40,
        Short = -7,
        Byte = 200,
        Float = 1.5f,
        Double = Math.PI,
        Decimal = 12.345m,
        Rhymes = id % 2 == 0,
        Guid = new Guid("603840bf-cf91-4521-8b8e-8b6a2e75910a"),
        DateTime = new DateTime(2026, 12, 7, 12, 0, 0, DateTimeKind.Utc),
        DateTimeOffset = new DateTimeOffset(2026, 12, 7, 12, 0, 0, TimeSpan.FromHours(2)),
        DateOnly = new DateOnly(2026, 12, 7),
        TimeOnly = new TimeOnly(12, 30, 15),
        NullableInt = id % 3 == 0 ? null : id,
        Tags = ["sea", $"tag{id}"],
        Themes = ["love", $"theme{id}"],
        Embedding = vector,
    };

    internal static async Task<EmbeddingIndexCollection<int, Poem>> PoemsAsync(string? directory = null, string kind = IndexKind.Flat)
    {
        var definition = new VectorStoreCollectionDefinition
        {
            Properties = [new VectorStoreVectorProperty(nameof(Poem.Embedding), typeof(ReadOnlyMemory<float>), 3) { IndexKind = kind }],
        };
        var collection = new EmbeddingIndexCollection<int, Poem>("poems", new EmbeddingIndexCollectionOptions { Directory = directory, Definition = definition });
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(
        [
            NewPoem(1, "Dickinson", [1, 0, 0]),
            NewPoem(2, "Frost", [0.9f, 0.1f, 0], lines: 14),
            NewPoem(3, "Dickinson", [0, 1, 0], lines: 8),
            NewPoem(4, "Whitman", [0, 0, 1], lines: 20),
        ]);
        return collection;
    }

    [Fact]
    public async Task GetAsync_returns_a_copy_equal_to_the_upserted_record_with_every_data_type()
    {
        using var collection = await PoemsAsync();
        Poem expected = NewPoem(3, "Dickinson", [0, 1, 0], lines: 8);

        Poem? got = await collection.GetAsync(3, new RecordRetrievalOptions { IncludeVectors = true });

        Assert.NotNull(got);
        Assert.Equal([0f, 1f, 0f], got.Embedding.ToArray());
        (expected.Embedding, got.Embedding) = (default, default);
        Assert.Equivalent(expected, got, strict: true);
    }

    [Fact]
    public async Task GetAsync_leaves_vectors_out_unless_asked_and_returns_null_for_a_missing_key()
    {
        using var collection = await PoemsAsync();

        Assert.True((await collection.GetAsync(1))!.Embedding.IsEmpty);
        Assert.Null(await collection.GetAsync(99));
    }

    [Fact]
    public async Task Records_returned_do_not_share_arrays_or_lists_with_the_store()
    {
        using var collection = await PoemsAsync();
        Poem got = (await collection.GetAsync(1))!;
        got.Tags![0] = "changed";
        got.Themes!.Add("changed");

        Poem again = (await collection.GetAsync(1))!;

        Assert.Equal(["sea", "tag1"], again.Tags!);
        Assert.Equal(["love", "theme1"], again.Themes);
    }

    [Fact]
    public async Task UpsertAsync_replaces_the_record_with_the_same_key_in_get_and_search()
    {
        using var collection = await PoemsAsync();

        await collection.UpsertAsync(NewPoem(1, "Rossetti", [0, 0, -1]));

        Assert.Equal("Rossetti", (await collection.GetAsync(1))!.Author);
        var nearest = await collection.SearchAsync(new ReadOnlyMemory<float>([0, 0, -1]), 1).SingleAsync();
        Assert.Equal(1, nearest.Record.Id);
        Assert.Equal(1d, nearest.Score!.Value, 6);
        Assert.Equal(4, await collection.GetAsync(r => true, 10).CountAsync());
    }

    [Fact]
    public async Task DeleteAsync_removes_records_from_get_and_search()
    {
        using var collection = await PoemsAsync();

        await collection.DeleteAsync(1);
        await collection.DeleteAsync([2, 99]);

        Assert.Null(await collection.GetAsync(1));
        var found = await collection.SearchAsync(new[] { 1f, 0, 0 }, 10).Select(r => r.Record.Id).ToListAsync();
        Assert.Equal([3, 4], found.Order());
    }

    [Fact]
    public async Task A_deleted_slot_is_reused_and_search_still_maps_rows_to_the_right_records()
    {
        using var collection = await PoemsAsync();
        await collection.DeleteAsync(2);
        await collection.UpsertAsync(NewPoem(5, "Keats", [0.8f, 0, 0.6f]));

        await foreach (var result in collection.SearchAsync(new[] { 1f, 0, 0 }, 10, new() { IncludeVectors = true }))
        {
            float[] vector = result.Record.Embedding.ToArray();
            Assert.Equal(vector[0] / MathF.Sqrt(vector.Sum(x => x * x)), (float)result.Score!.Value, 5);
        }

        var ids = await collection.SearchAsync(new[] { 1f, 0, 0 }, 10).Select(r => r.Record.Id).ToListAsync();
        Assert.Equal([1, 5], ids[..2]);
        Assert.Equal([3, 4], ids[2..].Order()); // both score 0
    }

    [Theory]
    [InlineData(IndexKind.Flat)]
    [InlineData(IndexKind.QuantizedFlat)]
    [InlineData(IndexKind.Dynamic)]
    [InlineData(IndexKind.IvfFlat)]
    public async Task SearchAsync_returns_the_nearest_records_best_first_with_cosine_scores_for_every_index_kind(string kind)
    {
        using var collection = await PoemsAsync(kind: kind);

        var results = await collection.SearchAsync(new ReadOnlyMemory<float>([2, 0, 0]), 3).ToListAsync();

        Assert.Equal([1, 2, 3], results.Select(r => r.Record.Id));
        Assert.Equal(1d, results[0].Score!.Value, 5);
        Assert.Equal(0.9 / Math.Sqrt(0.82), results[1].Score!.Value, 5);
        Assert.Equal(0d, results[2].Score!.Value, 5);
    }

    [Fact]
    public async Task An_IvfFlat_collection_finds_each_stored_vector_and_filters_exactly()
    {
        const int dimensions = 32;
        var random = new Random(5);
        float[][] centers = [.. Enumerable.Range(0, 40).Select(_ => Enumerable.Range(0, dimensions).Select(_ => (float)random.NextDouble() - 0.5f).ToArray())];
        float[][] vectors = [.. Enumerable.Range(0, 6000).Select(i => centers[i % 40].Select(x => x + (0.3f * ((float)random.NextDouble() - 0.5f))).ToArray())];
        var collection = new EmbeddingIndexCollection<int, Keyed<int>>("ivf", new EmbeddingIndexCollectionOptions
        {
            Definition = new VectorStoreCollectionDefinition
            {
                Properties = [new VectorStoreVectorProperty(nameof(Keyed<int>.Vector), typeof(float[]), dimensions) { IndexKind = IndexKind.IvfFlat }],
            },
        });
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(vectors.Select((v, i) => new Keyed<int> { Key = i, Value = i % 7, Vector = v }));

        for (int i = 0; i < 6000; i += 397)
        {
            var best = await collection.SearchAsync(vectors[i], 1).SingleAsync();
            Assert.Equal(i, best.Record.Key);
            Assert.Equal(1d, best.Score!.Value, 5);

            var filtered = await collection.SearchAsync(vectors[i], 3, new() { Filter = r => r.Value == 3 }).ToListAsync();
            double[] exact = [.. vectors.Select((v, key) => (v, key)).Where(x => x.key % 7 == 3)
                .Select(x => Cosine(x.v, vectors[i])).OrderDescending().Take(3)];
            Assert.Equal(exact, filtered.Select(r => r.Score!.Value), (a, b) => Math.Abs(a - b) < 1e-5);
        }
    }

    private static double Cosine(float[] x, float[] y)
    {
        double dot = 0, xx = 0, yy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            dot += x[i] * (double)y[i];
            xx += x[i] * (double)x[i];
            yy += y[i] * (double)y[i];
        }

        return dot / Math.Sqrt(xx * yy);
    }

    [Theory]
    [InlineData(DistanceFunction.CosineSimilarity, new[] { 1, 3, 2 })]
    [InlineData(DistanceFunction.CosineDistance, new[] { 1, 3, 2 })]
    [InlineData(DistanceFunction.DotProductSimilarity, new[] { 3, 2, 1 })]
    [InlineData(DistanceFunction.NegativeDotProductSimilarity, new[] { 3, 2, 1 })]
    [InlineData(DistanceFunction.EuclideanDistance, new[] { 1, 2, 3 })]
    [InlineData(DistanceFunction.EuclideanSquaredDistance, new[] { 1, 2, 3 })]
    public async Task Every_distance_function_ranks_and_scores_exactly_on_the_vectors_as_given(string function, int[] expectedOrder)
    {
        float[][] vectors = [[1, 0], [1, 1], [10, -3]];
        var collection = new EmbeddingIndexCollection<int, Keyed<int>>("d", new EmbeddingIndexCollectionOptions
        {
            Definition = new VectorStoreCollectionDefinition
            {
                Properties = [new VectorStoreVectorProperty(nameof(Keyed<int>.Vector), typeof(float[]), 2) { DistanceFunction = function }],
            },
        });
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(vectors.Select((v, i) => new Keyed<int> { Key = i + 1, Vector = v }));
        float[] query = [1.5f, 0.25f];

        var results = await collection.SearchAsync(query, 3).ToListAsync();

        // Cosine orders by angle, dot product by projection (the long vector first), Euclidean by distance.
        Assert.Equal(expectedOrder, results.Select(r => r.Record.Key));
        foreach (var result in results)
        {
            double[] v = [.. vectors[result.Record.Key - 1].Select(x => (double)x)];
            double dot = (v[0] * query[0]) + (v[1] * query[1]);
            double cosine = dot / Math.Sqrt(((v[0] * v[0]) + (v[1] * v[1])) * ((query[0] * query[0]) + (query[1] * query[1])));
            double squared = Math.Pow(v[0] - query[0], 2) + Math.Pow(v[1] - query[1], 2);
            double expected = function switch
            {
                DistanceFunction.CosineSimilarity => cosine,
                DistanceFunction.CosineDistance => 1 - cosine,
                DistanceFunction.DotProductSimilarity => dot,
                DistanceFunction.NegativeDotProductSimilarity => -dot,
                DistanceFunction.EuclideanDistance => Math.Sqrt(squared),
                _ => squared,
            };
            Assert.Equal(expected, result.Score!.Value, 5);
        }
    }

    [Fact]
    public async Task SearchAsync_honours_Skip_and_ScoreThreshold()
    {
        using var collection = await PoemsAsync();
        float[] query = [1, 0, 0];

        var skipped = await collection.SearchAsync(query, 2, new() { Skip = 1 }).Select(r => r.Record.Id).ToListAsync();
        var above = await collection.SearchAsync(query, 4, new() { ScoreThreshold = 0.5 }).Select(r => r.Record.Id).ToListAsync();

        Assert.Equal([2, 3], skipped);
        Assert.Equal([1, 2], above);
    }

    [Fact]
    public async Task SearchAsync_with_a_filter_returns_the_nearest_matching_records()
    {
        using var collection = await PoemsAsync();

        var results = await collection.SearchAsync(new[] { 1f, 0, 0 }, 10, new() { Filter = p => p.Author == "Dickinson" }).ToListAsync();

        Assert.Equal([1, 3], results.Select(r => r.Record.Id));
        Assert.Equal(1d, results[0].Score!.Value, 5);
    }

    [Fact]
    public async Task SearchAsync_with_VectorProperty_searches_the_chosen_vector_and_returns_each_vector_type_unchanged()
    {
        var collection = new EmbeddingIndexCollection<string, MultiVector>("multi");
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(
        [
            new MultiVector { Key = "a", Memory = new float[] { 1, 0 }, Embedding = new Embedding<float>(new float[] { 0, 1 }), Array = [3, 4] },
            new MultiVector { Key = "b", Memory = new float[] { 0, 1 }, Embedding = new Embedding<float>(new float[] { 1, 0 }), Array = [0.5f, 0.25f] },
        ]);

        var byMemory = await collection.SearchAsync(new[] { 1f, 0 }, 1, new() { VectorProperty = r => r.Memory }).SingleAsync();
        var byEmbedding = await collection.SearchAsync(new[] { 1f, 0 }, 1, new() { VectorProperty = r => r.Embedding, IncludeVectors = true }).SingleAsync();
        var byArray = await collection.SearchAsync(new[] { 3f, 4 }, 1, new() { VectorProperty = r => r.Array }).SingleAsync();

        Assert.Equal("a", byMemory.Record.Key);
        Assert.Equal("b", byEmbedding.Record.Key);
        Assert.Equal([0f, 1f], byEmbedding.Record.Memory!.Value.ToArray());
        Assert.Equal([1f, 0f], byEmbedding.Record.Embedding!.Vector.ToArray());
        Assert.Equal([0.5f, 0.25f], byEmbedding.Record.Array!);
        Assert.Equal("a", byArray.Record.Key);
        Assert.Equal(0d, byArray.Score!.Value, 6);
        await Assert.ThrowsAsync<InvalidOperationException>(() => collection.SearchAsync(new[] { 1f, 0 }, 1).ToListAsync().AsTask());
    }

    [Fact]
    public async Task A_record_without_a_vector_is_stored_but_not_found_by_that_vector()
    {
        var collection = new EmbeddingIndexCollection<string, MultiVector>("partial");
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync([new MultiVector { Key = "a", Memory = new float[] { 1, 0 } }, new MultiVector { Key = "b", Array = [1, 0] }]);

        var byMemory = await collection.SearchAsync(new[] { 1f, 0 }, 5, new() { VectorProperty = r => r.Memory }).Select(r => r.Record.Key).ToListAsync();
        await collection.UpsertAsync(new MultiVector { Key = "a", Array = [1, 1] });
        var afterRemoval = await collection.SearchAsync(new[] { 1f, 0 }, 5, new() { VectorProperty = r => r.Memory }).CountAsync();

        Assert.Equal(["a"], byMemory);
        Assert.Equal(0, afterRemoval);
        Assert.Equal(2, await collection.SearchAsync(new[] { 1f, 0 }, 5, new() { VectorProperty = r => r.Array }).CountAsync());
    }

    [Fact]
    public async Task GetAsync_by_filter_orders_skips_and_takes()
    {
        using var collection = await PoemsAsync();

        var ids = await collection.GetAsync(p => p.Lines > 4, 2, new() { Skip = 1, OrderBy = o => o.Descending(p => p.Lines) }).Select(p => p.Id).ToListAsync();
        var byAuthorThenLines = await collection.GetAsync(p => true, 10, new() { OrderBy = o => o.Ascending(p => p.Author).Descending(p => p.Lines) })
            .Select(p => p.Id).ToListAsync();

        Assert.Equal([2, 3], ids);
        Assert.Equal([3, 1, 2, 4], byAuthorThenLines);
    }

    [Theory]
    [InlineData(typeof(int), 8, 9)]
    [InlineData(typeof(long), 8L, 9L)]
    [InlineData(typeof(string), "eight", "nine")]
    public async Task Every_key_type_upserts_gets_and_deletes(Type type, object key1, object key2)
    {
        await (Task)typeof(EmbeddingIndexCollectionTests).GetMethod(nameof(RoundTripAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(type).Invoke(null, [key1, key2])!;
    }

    [Fact]
    public async Task Guid_keys_round_trip_and_an_empty_Guid_key_is_generated()
    {
        await RoundTripAsync(Guid.NewGuid(), Guid.NewGuid());
        var collection = new EmbeddingIndexCollection<Guid, Keyed<Guid>>("guids");
        await collection.EnsureCollectionExistsAsync();
        var record = new Keyed<Guid> { Value = 1, Vector = [1, 0] };

        await collection.UpsertAsync(record);

        Assert.NotEqual(Guid.Empty, record.Key);
        Assert.Equal(1, (await collection.GetAsync(record.Key))!.Value);
    }

    private static async Task RoundTripAsync<TKey>(TKey key1, TKey key2)
        where TKey : notnull
    {
        var collection = new EmbeddingIndexCollection<TKey, Keyed<TKey>>("keys");
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync([new Keyed<TKey> { Key = key1, Value = 1, Vector = [1, 0] }, new Keyed<TKey> { Key = key2, Value = 2, Vector = [0, 1] }]);

        Assert.Equal(1, (await collection.GetAsync(key1))!.Value);
        Assert.Equal([1, 2], await collection.GetAsync([key1, key2]).Select(r => r.Value).ToListAsync());
        await collection.DeleteAsync(key1);
        Assert.Null(await collection.GetAsync(key1));
        Assert.Equal(key2, (await collection.SearchAsync(new[] { 1f, 0 }, 5).SingleAsync()).Record.Key);
    }

    [Fact]
    public void An_unsupported_key_type_throws_NotSupportedException_naming_it()
    {
        var e = Assert.Throws<NotSupportedException>(() => new EmbeddingIndexCollection<short, Keyed<short>>("shorts"));
        Assert.Contains("Int16", e.Message);
    }

    [Theory]
    [InlineData(IndexKind.Hnsw, null)]
    [InlineData(IndexKind.DiskAnn, null)]
    [InlineData(null, DistanceFunction.HammingDistance)]
    [InlineData(null, DistanceFunction.ManhattanDistance)]
    public void An_unsupported_index_kind_or_distance_function_throws_NotSupportedException_naming_it(string? kind, string? function)
    {
        var options = new EmbeddingIndexCollectionOptions
        {
            Definition = new VectorStoreCollectionDefinition
            {
                Properties = [new VectorStoreVectorProperty(nameof(Keyed<int>.Vector), typeof(float[]), 2) { IndexKind = kind, DistanceFunction = function }],
            },
        };

        var e = Assert.Throws<NotSupportedException>(() => new EmbeddingIndexCollection<int, Keyed<int>>("bad", options));
        Assert.Contains(kind ?? function!, e.Message);
    }

    [Fact]
    public async Task Bad_input_is_rejected_with_a_clear_error_before_anything_is_stored()
    {
        using var collection = await PoemsAsync();

        var wrongLength = await Assert.ThrowsAsync<ArgumentException>(() => collection.UpsertAsync([NewPoem(10, "A", [1, 0, 0]), NewPoem(11, "B", [1, 0])]));
        var notFinite = await Assert.ThrowsAsync<ArgumentException>(() => collection.UpsertAsync(NewPoem(12, "C", [float.NaN, 0, 0])));

        Assert.Contains("'Embedding' of record 11 has 2 elements", wrongLength.Message);
        Assert.Contains("NaN", notFinite.Message);
        Assert.Null(await collection.GetAsync(10));
        Assert.Throws<ArgumentOutOfRangeException>(() => collection.SearchAsync(new[] { 1f, 0, 0 }, 0));
        Assert.Throws<ArgumentNullException>(() => collection.GetAsync(null!, 1));
        await Assert.ThrowsAsync<ArgumentException>(() => collection.SearchAsync(new[] { 1f, 0 }, 1).ToListAsync().AsTask());
    }

    [Fact]
    public async Task Operations_on_a_collection_that_does_not_exist_throw_VectorStoreException()
    {
        var collection = new EmbeddingIndexCollection<int, Poem>("missing");

        Assert.False(await collection.CollectionExistsAsync());
        await Assert.ThrowsAsync<VectorStoreException>(() => collection.UpsertAsync(NewPoem(1, "A", [1, 0, 0])));
        await Assert.ThrowsAsync<VectorStoreException>(() => collection.GetAsync(1));
    }

    [Fact]
    public async Task Text_is_embedded_on_upsert_and_search_with_the_collection_generator()
    {
        var generator = new WordEmbeddingGenerator(8);
        var collection = new EmbeddingIndexCollection<Guid, Sentence>("sentences", new EmbeddingIndexCollectionOptions { EmbeddingGenerator = generator });
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(
        [
            new Sentence { Author = "a", Text = "the cat sat on the mat" },
            new Sentence { Author = "b", Text = "stock prices fell sharply today" },
        ]);

        var best = await collection.SearchAsync("a cat on a mat", 1).SingleAsync();

        Assert.Equal("a", best.Record.Author);
        Assert.Equal("the cat sat on the mat", best.Record.Text);
        Assert.Equal(2, generator.Calls);
        Assert.Throws<NotSupportedException>(() => collection.SearchAsync("x", 1, new() { IncludeVectors = true }));
    }

    [Fact]
    public async Task Search_input_that_is_not_a_vector_without_a_generator_throws_NotSupportedException()
    {
        using var collection = await PoemsAsync();

        Assert.Throws<NotSupportedException>(() => collection.SearchAsync("a poem", 1));
    }

    [Fact]
    public async Task GetService_returns_the_metadata_and_the_collection_itself()
    {
        using var collection = await PoemsAsync();

        var metadata = Assert.IsType<VectorStoreCollectionMetadata>(collection.GetService(typeof(VectorStoreCollectionMetadata)));
        Assert.Equal("poems", metadata.CollectionName);
        Assert.Same(collection, collection.GetService(typeof(IVectorSearchable<Poem>)));
        Assert.Null(collection.GetService(typeof(string)));
    }

    [Fact]
    public async Task Searches_run_while_another_thread_upserts_and_deletes_and_never_see_a_torn_record()
    {
        var collection = new EmbeddingIndexCollection<int, Keyed<int>>("busy");
        await collection.EnsureCollectionExistsAsync();
        await collection.UpsertAsync(Enumerable.Range(0, 200).Select(i => new Keyed<int> { Key = i, Value = i, Vector = [i, 1] }));
        using var stop = new CancellationTokenSource();
        Task writer = Task.Run(async () =>
        {
            for (int round = 0; round < 200; round++)
            {
                int key = round % 200;
                await collection.DeleteAsync(key);
                await collection.UpsertAsync(new Keyed<int> { Key = key, Value = key, Vector = [key, 1] });
            }
        });

        int searches = 0;
        while (!writer.IsCompleted || searches < 50)
        {
            await foreach (var result in collection.SearchAsync(new[] { 1f, 0.5f }, 5, new() { IncludeVectors = true, Filter = r => r.Value >= 0 }))
            {
                Assert.Equal(result.Record.Key, result.Record.Value);
                Assert.Equal([result.Record.Key, 1f], result.Record.Vector!);
            }

            searches++;
        }

        await writer;
    }
}
