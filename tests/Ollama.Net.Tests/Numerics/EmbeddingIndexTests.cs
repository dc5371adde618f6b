using Ollama.Net.Numerics;

namespace Ollama.Net.Tests.Numerics;

public class EmbeddingIndexTests
{
    private static EmbeddingIndex<string> Build(int rows, int dimensions, int seed, out float[] data, EmbeddingStorage storage = EmbeddingStorage.Float32)
    {
        data = Reference.RandomVector(new Random(seed), rows * dimensions);
        var index = new EmbeddingIndex<string>(dimensions, new EmbeddingIndexOptions { Storage = storage });
        string[] keys = Enumerable.Range(0, rows).Select(i => $"doc-{i}").ToArray();
        index.AddRange(keys, data);
        return index;
    }

    /// <summary>
    /// Checks hits against a double-precision brute force: scores descend, match the reference cosine, and no row left
    /// out scores better than the weakest hit (beyond rounding).
    /// </summary>
    private static void AssertExactTopK(SearchHit<string>[] hits, float[] data, int dimensions, ReadOnlySpan<float> query, int k)
    {
        int rows = data.Length / dimensions;
        Assert.Equal(Math.Min(k, rows), hits.Length);
        var reference = new double[rows];
        for (int r = 0; r < rows; r++)
        {
            reference[r] = Reference.Cosine(data.AsSpan(r * dimensions, dimensions), query);
        }

        var returned = new HashSet<int>();
        for (int i = 0; i < hits.Length; i++)
        {
            Assert.Equal($"doc-{hits[i].Row}", hits[i].Key);
            Assert.True(returned.Add(hits[i].Row), "a row is returned twice");
            Assert.True(Math.Abs(hits[i].Score - reference[hits[i].Row]) <= 2e-6, $"score of row {hits[i].Row}");
            if (i > 0)
            {
                Assert.True(hits[i - 1].Score > hits[i].Score || (hits[i - 1].Score == hits[i].Score && hits[i - 1].Row < hits[i].Row), "order");
            }
        }

        if (hits.Length > 0)
        {
            double weakest = hits[^1].Score;
            for (int r = 0; r < rows; r++)
            {
                Assert.True(returned.Contains(r) || reference[r] <= weakest + 4e-6, $"row {r} ({reference[r]}) was missed (weakest hit {weakest})");
            }
        }
    }

    [Theory]
    [InlineData(1000, 37, 1)]
    [InlineData(1000, 37, 10)]
    [InlineData(513, 16, 7)]
    [InlineData(300, 130, 300)]
    [InlineData(300, 130, 1000)]
    [InlineData(5, 3, 2)]
    public void Search_on_float32_storage_equals_brute_force(int rows, int dimensions, int k)
    {
        using EmbeddingIndex<string> index = Build(rows, dimensions, rows + dimensions, out float[] data);
        var random = new Random(k);
        for (int q = 0; q < 5; q++)
        {
            float[] query = Reference.RandomVector(random, dimensions, 7f);
            AssertExactTopK(index.Search(query, k), data, dimensions, query, k);
        }

        // A stored row finds itself first with a cosine of 1.
        SearchHit<string> self = index.Search(data.AsSpan(3 * dimensions, dimensions), 1)[0];
        Assert.Equal(3, self.Row);
        Assert.Equal(1f, self.Score, 1e-6f);
    }

    [Fact]
    public void Search_into_a_span_writes_the_destination_and_returns_the_count()
    {
        using EmbeddingIndex<string> index = Build(50, 8, 1, out float[] data);
        float[] query = data.AsSpan(8, 8).ToArray();
        var destination = new SearchHit<string>[60];
        Assert.Equal(50, index.Search(query, destination));
        Assert.Equal(index.Search(query, 50), destination[..50]);
        Assert.Equal(default, destination[50]);
        Assert.Equal(0, index.Search(query, Span<SearchHit<string>>.Empty));
    }

    [Fact]
    public void Search_of_an_empty_index_or_with_k_0_returns_nothing()
    {
        using var index = new EmbeddingIndex<int>(4);
        Assert.Empty(index.Search([1, 2, 3, 4], 10));
        index.Add(1, [1, 0, 0, 0]);
        Assert.Empty(index.Search([1, 2, 3, 4], 0));
        Assert.Single(index.Search([1, 2, 3, 4], 10));
        Assert.Equal("k", Assert.Throws<ArgumentOutOfRangeException>(() => index.Search([1, 2, 3, 4], -1)).ParamName);
    }

    [Fact]
    public void A_zero_query_and_zero_rows_score_zero_and_ties_go_by_row()
    {
        using var index = new EmbeddingIndex<int>(3);
        index.Add(0, [0, 0, 0]);
        index.Add(1, [1, 0, 0]);
        index.Add(2, [-1, 0, 0]);
        index.Add(3, [0, 0, 0]);
        SearchHit<int>[] hits = index.Search([0, 0, 0], 4);
        Assert.Equal([0, 1, 2, 3], hits.Select(h => h.Row));
        Assert.All(hits, h => Assert.Equal(0f, h.Score));

        hits = index.Search([2, 0, 0], 4);
        Assert.Equal([1, 0, 3, 2], hits.Select(h => h.Row));
        Assert.Equal([1f, 0f, 0f, -1f], hits.Select(h => h.Score));
        Assert.Equal([0f, 0f, 0f], index.GetVector(0).ToArray());
    }

    [Fact]
    public void Many_equal_scores_keep_the_lowest_rows_in_order_across_blocks()
    {
        // 600 rows in three groups of equal vectors: once the heap is full, later rows tie with the worst held score
        // and must not displace it (the scan skips scores below it four at a time).
        using var index = new EmbeddingIndex<int>(3);
        for (int r = 0; r < 600; r++)
        {
            index.Add(r, r % 3 == 0 ? [1, 0, 0] : r % 3 == 1 ? [0, 1, 0] : [0, 0, 1]);
        }

        SearchHit<int>[] hits = index.Search([2, 1, 0], 250);
        int[] expected = Enumerable.Range(0, 600).Where(r => r % 3 == 0).Concat(Enumerable.Range(0, 600).Where(r => r % 3 == 1).Take(50)).ToArray();
        Assert.Equal(expected, hits.Select(h => h.Row));
    }

    [Fact]
    public void Added_vectors_are_stored_normalized_and_their_keys_kept()
    {
        using var index = new EmbeddingIndex<Guid>(5);
        var key = Guid.NewGuid();
        index.Add(key, new ReadOnlyMemory<float>([3, 0, 4, 0, 0]));
        Assert.Equal(1, index.Count);
        Assert.Equal(key, index.GetKey(0));
        Assert.Equal([0.6f, 0f, 0.8f, 0f, 0f], index.GetVector(0).ToArray());
        Assert.Equal("row", Assert.Throws<ArgumentOutOfRangeException>(() => index.GetKey(1)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => index.GetVector(-1));
    }

    [Fact]
    public void Growth_keeps_every_row_and_rows_stay_64_byte_aligned()
    {
        using var index = new EmbeddingIndex<int>(20, new EmbeddingIndexOptions { Storage = EmbeddingStorage.Float32 | EmbeddingStorage.Int8 | EmbeddingStorage.Binary });
        var random = new Random(3);
        var vectors = new List<float[]>();
        int lastCapacity = index.Capacity;
        int growths = 0;
        for (int i = 0; i < 700; i++)
        {
            float[] v = Reference.RandomVector(random, 20);
            vectors.Add(v);
            index.Add(i, v);
            if (index.Capacity != lastCapacity)
            {
                growths++;
                lastCapacity = index.Capacity;
                var layout = index.Layout;
                Assert.Equal(0u, layout.Floats % 64);
                Assert.Equal(0u, layout.Codes % 64);
                Assert.Equal(0u, layout.Bits % 64);
                Assert.Equal(0, layout.FloatStrideBytes % 64);
                Assert.Equal(0, layout.CodeStrideBytes % 64);
            }
        }

        Assert.True(growths >= 5);
        for (int i = 0; i < vectors.Count; i++)
        {
            Assert.Equal(i, index.GetKey(i));
            float[] unit = new float[20];
            EmbeddingMath.Normalize(vectors[i], unit);
            Assert.Equal(unit, index.GetVector(i).ToArray());
            Assert.Equal(i, index.Search(vectors[i], 1, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Float32 })[0].Row);
        }
    }

    [Fact]
    public void InitialCapacity_and_EnsureCapacity_allocate()
    {
        using var index = new EmbeddingIndex<int>(8, new EmbeddingIndexOptions { InitialCapacity = 100 });
        Assert.True(index.Capacity >= 100);
        Assert.True(index.EnsureCapacity(1000) >= 1000);
        Assert.Throws<InvalidOperationException>(() => index.EnsureCapacity(int.MaxValue));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.EnsureCapacity(-1));
    }

    [Fact]
    public void Bad_vectors_and_keys_throw_naming_the_parameter()
    {
        using var index = new EmbeddingIndex<string>(4);
        Assert.Equal("vector", Assert.Throws<ArgumentException>(() => index.Add("a", [1, 2, 3])).ParamName);
        Assert.Equal("vector", Assert.Throws<ArgumentException>(() => index.Add("a", [1, float.NaN, 3, 4])).ParamName);
        Assert.Equal("vector", Assert.Throws<ArgumentException>(() => index.Add("a", [1, float.PositiveInfinity, 3, 4])).ParamName);
        Assert.Equal("key", Assert.Throws<ArgumentNullException>(() => index.Add(null!, [1, 2, 3, 4])).ParamName);
        Assert.Equal(0, index.Count);
        index.Add("a", [1, 2, 3, 4]);
        Assert.Equal("query", Assert.Throws<ArgumentException>(() => index.Search([1, 2, 3], 1)).ParamName);
        Assert.Equal("query", Assert.Throws<ArgumentException>(() => index.Search([1, 2, float.NaN, 4], 1)).ParamName);
        Assert.Equal("query", Assert.Throws<ArgumentException>(() => index.Search([1, 2, float.NegativeInfinity, 4], 1)).ParamName);
        Assert.Equal("queries", Assert.Throws<ArgumentException>(() => index.SearchMany(new float[7], 1)).ParamName);
        Assert.Equal("queries", Assert.Throws<ArgumentException>(() => index.SearchMany([new float[] { 1, 2, 3, float.NaN }], 1)).ParamName);
        string message = Assert.Throws<ArgumentException>(() => index.Add("a", [1, 2, 3])).Message;
        Assert.Contains("3 elements", message);
        Assert.Contains("4 dimensions", message);
    }

    [Fact]
    public void AddRange_of_lists_is_all_or_nothing()
    {
        using var index = new EmbeddingIndex<string>(2);
        index.Add("first", [1, 0]);
        ReadOnlyMemory<float>[] vectors = [new float[] { 1, 1 }, new float[] { 1, float.NaN }, new float[] { 0, 1 }];
        var error = Assert.Throws<ArgumentException>(() => index.AddRange(["a", "b", "c"], vectors));
        Assert.Equal("vectors", error.ParamName);
        Assert.Contains("Vector 1", error.Message);
        Assert.Equal(1, index.Count);
        Assert.Equal("vectors", Assert.Throws<ArgumentException>(() => index.AddRange(["a", "b"], vectors)).ParamName);
        Assert.Equal("keys", Assert.Throws<ArgumentNullException>(() => index.AddRange(["a", null!, "c"], [vectors[0], vectors[0], vectors[0]])).ParamName);
        Assert.Equal(1, index.Count);
        index.AddRange(["a", "c"], [vectors[0], vectors[2]]);
        Assert.Equal(["first", "a", "c"], Enumerable.Range(0, 3).Select(index.GetKey));
    }

    [Fact]
    public void AddRange_of_an_enumerable_rolls_back_on_error()
    {
        using var index = new EmbeddingIndex<string>(2);
        index.Add("first", [1, 0]);
        IEnumerable<KeyValuePair<string, ReadOnlyMemory<float>>> Items()
        {
            yield return new("a", new float[] { 1, 1 });
            yield return new("b", new float[] { 0, 1 });
            yield return new("c", new float[] { 0, 1, 2 });
        }

        var error = Assert.Throws<ArgumentException>(() => index.AddRange(Items()));
        Assert.Equal("items", error.ParamName);
        Assert.Contains("Vector 2", error.Message);
        Assert.Equal(1, index.Count);
        Assert.Equal(0, index.Search([0, 1], 5)[^1].Row);

        index.AddRange(Items().Take(2));
        index.AddRange(new Dictionary<string, ReadOnlyMemory<float>> { ["d"] = new float[] { -1, 0 } });
        Assert.Equal(["first", "a", "b", "d"], Enumerable.Range(0, 4).Select(index.GetKey));
    }

    [Fact]
    public void AddRange_of_a_row_major_span_checks_its_length()
    {
        using var index = new EmbeddingIndex<int>(3);
        Assert.Equal("vectors", Assert.Throws<ArgumentException>(() => index.AddRange([1, 2], new float[5])).ParamName);
        Assert.Equal("vectors", Assert.Throws<ArgumentException>(() => index.AddRange([1, 2], [1, 2, 3, 4, float.NaN, 6])).ParamName);
        Assert.Equal(0, index.Count);
        index.AddRange([1, 2], [1, 2, 3, 4, 5, 6]);
        Assert.Equal(2, index.Count);
    }

    [Fact]
    public void Parallel_search_gives_bitwise_the_same_results_as_sequential()
    {
        using EmbeddingIndex<string> index = Build(20_000, 24, 5, out _, EmbeddingStorage.Float32 | EmbeddingStorage.Int8 | EmbeddingStorage.Binary);
        var random = new Random(6);
        foreach (EmbeddingSearchMode mode in new[] { EmbeddingSearchMode.Float32, EmbeddingSearchMode.Int8, EmbeddingSearchMode.Binary })
        {
            for (int q = 0; q < 3; q++)
            {
                float[] query = Reference.RandomVector(random, 24);
                SearchHit<string>[] sequential = index.Search(query, 25, new EmbeddingSearchOptions { Mode = mode });
                Assert.Equal(sequential, index.Search(query, 25, new EmbeddingSearchOptions { Mode = mode, MaxDegreeOfParallelism = 2 }));
                Assert.Equal(sequential, index.Search(query, 25, new EmbeddingSearchOptions { Mode = mode, MaxDegreeOfParallelism = 3 }));
                Assert.Equal(sequential, index.Search(query, 25, new EmbeddingSearchOptions { Mode = mode, MaxDegreeOfParallelism = -1 }));
            }
        }
    }

    [Fact]
    public void Concurrent_searches_from_many_threads_match_sequential_results()
    {
        using EmbeddingIndex<string> index = Build(3_000, 32, 9, out _, EmbeddingStorage.Float32 | EmbeddingStorage.Int8 | EmbeddingStorage.Binary);
        float[] queries = Reference.RandomVector(new Random(10), 40 * 32);
        EmbeddingSearchMode[] modes = [EmbeddingSearchMode.Float32, EmbeddingSearchMode.Int8, EmbeddingSearchMode.Binary];
        SearchHit<string>[][] expected = Enumerable.Range(0, 40)
            .Select(q => index.Search(queries.AsSpan(q * 32, 32), 7, new EmbeddingSearchOptions { Mode = modes[q % 3] }))
            .ToArray();
        var actual = new SearchHit<string>[40][];
        Parallel.For(0, 40, new ParallelOptions { MaxDegreeOfParallelism = 4 }, q =>
            actual[q] = index.Search(queries.AsSpan(q * 32, 32), 7, new EmbeddingSearchOptions { Mode = modes[q % 3] }));
        for (int q = 0; q < 40; q++)
        {
            Assert.Equal(expected[q], actual[q]);
        }
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    [InlineData(17, 1)]
    [InlineData(33, 2)]
    public void SearchMany_equals_Search_per_query(int queryCount, int parallelism)
    {
        using EmbeddingIndex<string> index = Build(9_000, 40, 7, out float[] data, EmbeddingStorage.Float32 | EmbeddingStorage.Int8);
        float[] queries = Reference.RandomVector(new Random(8), queryCount * 40);
        foreach (EmbeddingSearchMode mode in new[] { EmbeddingSearchMode.Float32, EmbeddingSearchMode.Int8 })
        {
            var options = new EmbeddingSearchOptions { Mode = mode, MaxDegreeOfParallelism = parallelism };
            SearchHit<string>[][] many = index.SearchMany(queries, 12, options);
            ReadOnlyMemory<float>[] list = Enumerable.Range(0, queryCount).Select(q => new ReadOnlyMemory<float>(queries, q * 40, 40)).ToArray();
            SearchHit<string>[][] fromList = index.SearchMany(list, 12, options);
            Assert.Equal(queryCount, many.Length);
            for (int q = 0; q < queryCount; q++)
            {
                ReadOnlySpan<float> query = queries.AsSpan(q * 40, 40);
                SearchHit<string>[] single = index.Search(query, 12, new EmbeddingSearchOptions { Mode = mode });
                Assert.Equal(single, many[q]);
                Assert.Equal(single, fromList[q]);
                if (mode == EmbeddingSearchMode.Float32)
                {
                    AssertExactTopK(many[q], data, 40, query, 12);
                }
            }
        }
    }

    [Fact]
    public void Bad_options_throw()
    {
        using var index = new EmbeddingIndex<int>(4);
        index.Add(1, [1, 2, 3, 4]);
        Assert.Equal("options", Assert.Throws<ArgumentException>(() => index.Search([1, 2, 3, 4], 1, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Int8 })).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentException>(() => index.Search([1, 2, 3, 4], 1, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Binary })).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentOutOfRangeException>(() => index.Search([1, 2, 3, 4], 1, new EmbeddingSearchOptions { Oversampling = 0 })).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentOutOfRangeException>(() => index.Search([1, 2, 3, 4], 1, new EmbeddingSearchOptions { MaxDegreeOfParallelism = 0 })).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentOutOfRangeException>(() => index.Search([1, 2, 3, 4], 1, new EmbeddingSearchOptions { Mode = (EmbeddingSearchMode)42 })).ParamName);
        Assert.Equal("dimensions", Assert.Throws<ArgumentOutOfRangeException>(() => new EmbeddingIndex<int>(0)).ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new EmbeddingIndex<int>(EmbeddingIndex<int>.MaxDimensions + 1));
        Assert.Equal("options", Assert.Throws<ArgumentException>(() => new EmbeddingIndex<int>(4, new EmbeddingIndexOptions { Storage = 0 })).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentException>(() => new EmbeddingIndex<int>(4, new EmbeddingIndexOptions { Storage = (EmbeddingStorage)8 })).ParamName);
        Assert.Equal("options", Assert.Throws<ArgumentOutOfRangeException>(() => new EmbeddingIndex<int>(4, new EmbeddingIndexOptions { InitialCapacity = -1 })).ParamName);
    }

    [Fact]
    public void GetVector_without_float32_storage_throws()
    {
        using var index = new EmbeddingIndex<int>(4, new EmbeddingIndexOptions { Storage = EmbeddingStorage.Int8 });
        index.Add(1, [1, 2, 3, 4]);
        Assert.Throws<InvalidOperationException>(() => index.GetVector(0));
    }

    [Fact]
    public void Clear_and_Dispose()
    {
        var index = new EmbeddingIndex<int>(2);
        index.Add(1, [1, 0]);
        index.Add(2, [0, 1]);
        index.Clear();
        Assert.Equal(0, index.Count);
        Assert.Empty(index.Search([1, 0], 5));
        index.Add(3, [0, 1]);
        Assert.Equal(3, index.Search([1, 0], 5)[0].Key);

        index.Dispose();
        index.Dispose(); // idempotent
        Assert.Equal(0, index.Count);
        Assert.Throws<ObjectDisposedException>(() => index.Add(4, [1, 0]));
        Assert.Throws<ObjectDisposedException>(() => index.Search([1, 0], 1));
        Assert.Throws<ObjectDisposedException>(() => index.SearchMany([1, 0], 1));
        Assert.Throws<ObjectDisposedException>(() => index.GetKey(0));
        Assert.Throws<ObjectDisposedException>(() => index.Clear());
    }
}
