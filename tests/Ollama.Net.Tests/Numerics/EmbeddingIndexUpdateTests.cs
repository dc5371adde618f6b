using Ollama.Net.Numerics;

namespace Ollama.Net.Tests.Numerics;

/// <summary>Replacing and removing rows, the row filter, and searches while another thread writes.</summary>
public class EmbeddingIndexUpdateTests
{
    private const EmbeddingStorage All = EmbeddingStorage.Float32 | EmbeddingStorage.Int8 | EmbeddingStorage.Binary;

    private static readonly EmbeddingSearchOptions[] Modes =
    [
        new() { Mode = EmbeddingSearchMode.Float32 },
        new() { Mode = EmbeddingSearchMode.Int8 },
        new() { Mode = EmbeddingSearchMode.Int8, Rerank = false },
        new() { Mode = EmbeddingSearchMode.Binary },
        new() { Mode = EmbeddingSearchMode.Float32, MaxDegreeOfParallelism = 2 },
    ];

    private static EmbeddingIndex<string> Fresh(List<(string Key, float[] Vector)> rows, int dimensions)
    {
        var index = new EmbeddingIndex<string>(dimensions, new EmbeddingIndexOptions { Storage = All });
        foreach ((string key, float[] vector) in rows)
        {
            index.Add(key, vector);
        }

        return index;
    }

    [Fact]
    public void SetRow_and_RemoveAt_leave_the_index_searching_exactly_like_one_built_from_the_remaining_rows()
    {
        const int dimensions = 70;
        var random = new Random(3);
        var mirror = new List<(string Key, float[] Vector)>();
        using var index = new EmbeddingIndex<string>(dimensions, new EmbeddingIndexOptions { Storage = All });
        for (int i = 0; i < 900; i++)
        {
            float[] vector = Reference.RandomVector(random, dimensions);
            index.Add($"doc-{i}", vector);
            mirror.Add(($"doc-{i}", vector));
        }

        for (int step = 0; step < 400; step++)
        {
            int row = random.Next(index.Count);
            if (step % 3 == 0)
            {
                float[] vector = Reference.RandomVector(random, dimensions);
                index.SetRow(row, $"new-{step}", vector);
                mirror[row] = ($"new-{step}", vector);
            }
            else
            {
                int moved = index.RemoveAt(row);
                Assert.Equal(mirror.Count - 1, moved);
                mirror[row] = mirror[^1];
                mirror.RemoveAt(mirror.Count - 1);
            }
        }

        using EmbeddingIndex<string> expected = Fresh(mirror, dimensions);
        Assert.Equal(mirror.Count, index.Count);
        for (int row = 0; row < mirror.Count; row++)
        {
            Assert.Equal(mirror[row].Key, index.GetKey(row));
            Assert.Equal(expected.GetVector(row).ToArray(), index.GetVector(row).ToArray());
        }

        var queries = new Random(5);
        for (int q = 0; q < 5; q++)
        {
            float[] query = Reference.RandomVector(queries, dimensions);
            foreach (EmbeddingSearchOptions mode in Modes)
            {
                Assert.Equal(expected.Search(query, 10, mode), index.Search(query, 10, mode));
            }
        }
    }

    [Fact]
    public void Removing_the_last_row_returns_its_own_number_and_bad_rows_throw()
    {
        using var index = new EmbeddingIndex<int>(4);
        index.Add(1, [1f, 0, 0, 0]);
        index.Add(2, [0f, 1, 0, 0]);

        Assert.Equal(1, index.RemoveAt(1));
        Assert.Equal(1, index.Count);
        Assert.Throws<ArgumentOutOfRangeException>("row", () => index.RemoveAt(1));
        Assert.Throws<ArgumentOutOfRangeException>("row", () => index.SetRow(1, 3, [1f, 0, 0, 0]));
        Assert.Throws<ArgumentException>("vector", () => index.SetRow(0, 3, [1f, 0, 0]));
        Assert.Throws<ArgumentException>("destination", () => index.CopyVector(0, new float[3]));
        float[] copy = new float[4];
        index.CopyVector(0, copy);
        Assert.Equal([1f, 0, 0, 0], copy);
        index.Dispose();
        Assert.Throws<ObjectDisposedException>(() => index.RemoveAt(0));
    }

    [Fact]
    public void With_inverted_lists_updates_keep_every_row_in_one_list_so_probing_every_list_is_the_flat_search()
    {
        const int dimensions = 32;
        float[] data = Reference.Clustered(seed: 11, rows: 2000, dimensions, clusters: 20, noise: 0.2f);
        using var index = new EmbeddingIndex<int>(dimensions, new EmbeddingIndexOptions { Storage = EmbeddingStorage.Float32 | EmbeddingStorage.Int8 });
        index.AddRange(Enumerable.Range(0, 2000).ToArray(), data);
        index.BuildIvf(new IvfOptions { Lists = 20, Seed = 1 });
        var random = new Random(2);
        for (int step = 0; step < 600; step++)
        {
            int row = random.Next(index.Count);
            if (step % 2 == 0)
            {
                index.RemoveAt(row);
            }
            else
            {
                index.SetRow(row, -step, data.AsSpan(random.Next(2000) * dimensions, dimensions));
            }
        }

        var everyList = new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Int8, IvfProbes = index.IvfListCount };
        var flat = new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Int8, IvfProbes = 0 };
        using var stream = new MemoryStream();
        index.Save(stream);
        stream.Position = 0;
        using var loaded = EmbeddingIndex<int>.Load(stream);
        for (int q = 0; q < 10; q++)
        {
            float[] query = data.AsSpan(q * 97 * dimensions, dimensions).ToArray();
            SearchHit<int>[] expected = index.Search(query, 10, flat);
            Assert.Equal(expected, index.Search(query, 10, everyList));
            Assert.Equal(expected, loaded.Search(query, 10, everyList));
        }
    }

    [Theory]
    [InlineData(EmbeddingSearchMode.Float32, 1)]
    [InlineData(EmbeddingSearchMode.Float32, 2)]
    [InlineData(EmbeddingSearchMode.Int8, 1)]
    [InlineData(EmbeddingSearchMode.Binary, 1)]
    [InlineData(EmbeddingSearchMode.Auto, 1)]
    public void A_RowFilter_search_equals_the_search_of_an_index_of_the_kept_rows(EmbeddingSearchMode mode, int parallelism)
    {
        const int dimensions = 48;
        var random = new Random(7);
        float[] data = Reference.RandomVector(random, 20_000 * dimensions);
        using var index = new EmbeddingIndex<int>(dimensions, new EmbeddingIndexOptions { Storage = All });
        index.AddRange(Enumerable.Range(0, 20_000).ToArray(), data);
        int[] kept = [.. Enumerable.Range(0, 20_000).Where(r => r % 10 == 3)];
        using var keptIndex = new EmbeddingIndex<int>(dimensions, new EmbeddingIndexOptions { Storage = All });
        foreach (int row in kept)
        {
            keptIndex.Add(row, data.AsSpan(row * dimensions, dimensions));
        }

        var filtered = new EmbeddingSearchOptions { Mode = mode, MaxDegreeOfParallelism = parallelism, Oversampling = 40, RowFilter = r => r % 10 == 3 };
        var plain = new EmbeddingSearchOptions { Mode = mode, MaxDegreeOfParallelism = parallelism, Oversampling = 40 };
        float[] queries = Reference.RandomVector(random, 3 * dimensions);
        for (int q = 0; q < 3; q++)
        {
            ReadOnlySpan<float> query = queries.AsSpan(q * dimensions, dimensions);
            SearchHit<int>[] expected = keptIndex.Search(query, 10, plain);
            SearchHit<int>[] got = index.Search(query, 10, filtered);
            Assert.Equal(expected.Select(h => (h.Key, h.Score)), got.Select(h => (h.Key, h.Score)));
            Assert.All(got, h => Assert.Equal(h.Key, h.Row));
        }

        SearchHit<int>[][] many = index.SearchMany(queries, 10, filtered);
        Assert.Equal(index.Search(queries.AsSpan(0, dimensions), 10, filtered), many[0]);
    }

    /// <summary>A search keeps its prepared query in a per-thread buffer: one started from inside a row filter must get its own.</summary>
    [Theory]
    [InlineData(EmbeddingSearchMode.Float32)]
    [InlineData(EmbeddingSearchMode.Int8)]
    [InlineData(EmbeddingSearchMode.Binary)]
    public void A_search_started_inside_a_RowFilter_leaves_the_outer_query_alone(EmbeddingSearchMode mode)
    {
        const int dimensions = 48;
        var random = new Random(11);
        float[] data = Reference.RandomVector(random, 2_000 * dimensions);
        using var index = new EmbeddingIndex<int>(dimensions, new EmbeddingIndexOptions { Storage = All });
        index.AddRange(Enumerable.Range(0, 2_000).ToArray(), data);
        using var other = new EmbeddingIndex<int>(dimensions, new EmbeddingIndexOptions { Storage = All });
        other.AddRange(Enumerable.Range(0, 100).ToArray(), data.AsSpan(0, 100 * dimensions));
        float[] query = Reference.RandomVector(random, dimensions);
        float[] otherQuery = Reference.RandomVector(random, dimensions);
        SearchHit<int>[] expected = index.Search(query, 10, new EmbeddingSearchOptions { Mode = mode, RowFilter = r => r % 2 == 0 });

        int nestedSearches = 0;
        var nesting = new EmbeddingSearchOptions
        {
            Mode = mode,
            RowFilter = r =>
            {
                nestedSearches++;
                return other.Search(otherQuery, 3, new EmbeddingSearchOptions { Mode = mode }).Length == 3 && r % 2 == 0;
            },
        };

        Assert.Equal(expected, index.Search(query, 10, nesting));
        Assert.Equal(2_000, nestedSearches);
    }

    [Fact]
    public void A_RowFilter_on_an_index_with_inverted_lists_scans_the_kept_rows_exactly()
    {
        const int dimensions = 16;
        float[] data = Reference.Clustered(seed: 4, rows: 3000, dimensions, clusters: 30, noise: 0.3f);
        using var index = new EmbeddingIndex<int>(dimensions);
        index.AddRange(Enumerable.Range(0, 3000).ToArray(), data);
        SearchHit<int>[] flat = index.Search(data.AsSpan(0, dimensions), 5, new EmbeddingSearchOptions { RowFilter = r => r % 2 == 1 });
        index.BuildIvf(new IvfOptions { Lists = 30, Seed = 3 });

        SearchHit<int>[] withLists = index.Search(data.AsSpan(0, dimensions), 5, new EmbeddingSearchOptions { RowFilter = r => r % 2 == 1, IvfProbes = 1 });

        Assert.Equal(flat, withLists);
        Assert.All(withLists, h => Assert.Equal(1, h.Row % 2));
    }

    [Fact]
    public async Task Searches_on_other_threads_while_rows_are_replaced_removed_and_added_never_see_a_torn_row()
    {
        const int dimensions = 64;
        // Key k always has the vector of seed k, so a hit's score must be the cosine of the query with that vector.
        static float[] VectorOf(int key) => Reference.RandomVector(new Random(key), dimensions);
        using var index = new EmbeddingIndex<int>(dimensions, new EmbeddingIndexOptions { Storage = EmbeddingStorage.Float32 | EmbeddingStorage.Int8 });
        for (int key = 0; key < 2000; key++)
        {
            index.Add(key, VectorOf(key));
        }

        float[] query = VectorOf(-1);
        var writer = Task.Run(() =>
        {
            var random = new Random(1);
            for (int step = 0; step < 3000; step++)
            {
                int key = 2000 + step;
                switch (step % 3)
                {
                    case 0: index.SetRow(random.Next(index.Count), key, VectorOf(key)); break;
                    case 1: index.RemoveAt(random.Next(index.Count)); break;
                    default: index.Add(key, VectorOf(key)); break;
                }
            }
        });

        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            int searches = 0;
            while (!writer.IsCompleted || searches < 20)
            {
                foreach (EmbeddingSearchOptions options in new[] { new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Float32 }, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Int8 } })
                {
                    foreach (SearchHit<int> hit in index.Search(query, 5, options))
                    {
                        Assert.Equal(Reference.Cosine(VectorOf(hit.Key), query), hit.Score, 5);
                    }
                }

                searches++;
            }
        })).ToArray();

        await Task.WhenAll([writer, .. readers]);
    }
}
