using Ollama.Net.Numerics;

namespace Ollama.Net.Tests.Numerics;

public class QuantizedSearchTests
{
    private const int Rows = 20_000;
    private const int Dimensions = 128;
    private const int Queries = 50;
    private const EmbeddingStorage All = EmbeddingStorage.Float32 | EmbeddingStorage.Int8 | EmbeddingStorage.Binary;

    /// <summary>
    /// Recall@10 of a quantized search against the exact float32 top 10, averaged over 50 queries near random rows.
    /// </summary>
    private static double Recall(HashSet<int>[] exact, EmbeddingIndex<int> index, float[] queries, EmbeddingSearchOptions options)
    {
        double sum = 0;
        for (int q = 0; q < Queries; q++)
        {
            SearchHit<int>[] approximate = index.Search(queries.AsSpan(q * Dimensions, Dimensions), 10, options);
            Assert.Equal(10, approximate.Length);
            sum += approximate.Count(h => exact[q].Contains(h.Row)) / 10.0;
        }

        return sum / Queries;
    }

    private static (float[] Data, float[] Queries) ClusteredData(int clusters, float noise)
    {
        float[] data = Reference.Clustered(42, Rows, Dimensions, clusters, noise);
        var random = new Random(7);
        var queries = new float[Queries * Dimensions];
        for (int q = 0; q < Queries; q++)
        {
            int row = random.Next(Rows);
            for (int i = 0; i < Dimensions; i++)
            {
                queries[(q * Dimensions) + i] = data[(row * Dimensions) + i] + (noise * Reference.Gaussian(random));
            }
        }

        return (data, queries);
    }

    [Theory]
    [InlineData(100, 0.5f)] // moderately tight clusters
    [InlineData(50, 0.3f)] // very tight clusters: neighbours differ in the third decimal of the cosine
    public void Recall_at_10_on_clustered_data_meets_the_targets(int clusters, float noise)
    {
        (float[] data, float[] queries) = ClusteredData(clusters, noise);
        int[] keys = Enumerable.Range(0, Rows).ToArray();
        using var index = new EmbeddingIndex<int>(Dimensions, new EmbeddingIndexOptions { Storage = All });
        using var quantizedOnly = new EmbeddingIndex<int>(Dimensions, new EmbeddingIndexOptions { Storage = EmbeddingStorage.Int8 | EmbeddingStorage.Binary });
        index.AddRange(keys, data);
        quantizedOnly.AddRange(keys, data);
        HashSet<int>[] exact = index.SearchMany(queries, 10, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Float32 })
            .Select(hits => hits.Select(h => h.Row).ToHashSet())
            .ToArray();

        // Targets: int8 ≥ 0.99 (with the default exact re-ranking), 1-bit + re-rank ≥ 0.95.
        Assert.InRange(Recall(exact, index, queries, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Int8 }), 0.99, 1.0);
        Assert.InRange(Recall(exact, index, queries, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Binary }), 0.95, 1.0);
        Assert.InRange(Recall(exact, index, queries, new EmbeddingSearchOptions()), 0.95, 1.0); // Auto = binary here

        // Without float32 rows: int8 scores alone, and binary re-ranked with int8 (measured 0.978 / 0.948).
        Assert.InRange(Recall(exact, quantizedOnly, queries, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Int8 }), 0.92, 1.0);
        Assert.InRange(Recall(exact, index, queries, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Int8, Rerank = false }), 0.92, 1.0);
        Assert.InRange(Recall(exact, quantizedOnly, queries, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Binary }), 0.92, 1.0);

        // Oversampling matters: a binary pre-filter with no extra candidates misses most neighbours on this data.
        Assert.InRange(Recall(exact, index, queries, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Binary, Oversampling = 1 }), 0.0, 0.6);
    }

    [Fact]
    public void Int8_with_rerank_returns_exact_float32_scores()
    {
        (float[] data, float[] queries) = ClusteredData(100, 0.5f);
        using var index = new EmbeddingIndex<int>(Dimensions, new EmbeddingIndexOptions { Storage = All });
        index.AddRange(Enumerable.Range(0, 3000).ToArray(), data.AsSpan(0, 3000 * Dimensions));
        for (int q = 0; q < 5; q++)
        {
            ReadOnlySpan<float> query = queries.AsSpan(q * Dimensions, Dimensions);
            SearchHit<int>[] exact = index.Search(query, 10, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Float32 });
            Dictionary<int, float> exactByRow = index.Search(query, 3000, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Float32 }).ToDictionary(h => h.Row, h => h.Score);
            foreach (EmbeddingSearchMode mode in new[] { EmbeddingSearchMode.Int8, EmbeddingSearchMode.Binary })
            {
                foreach (SearchHit<int> hit in index.Search(query, 10, new EmbeddingSearchOptions { Mode = mode }))
                {
                    Assert.Equal(exactByRow[hit.Row], hit.Score); // bitwise: re-ranking uses the float32 kernel
                }
            }

            // Int8 estimates without re-ranking are close to the exact scores.
            foreach (SearchHit<int> hit in index.Search(query, 10, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Int8, Rerank = false }))
            {
                Assert.InRange(hit.Score - exactByRow[hit.Row], -0.01f, 0.01f);
            }

            Assert.Equal(exact[0].Row, index.Search(query, 1, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Int8 })[0].Row);
        }
    }

    [Fact]
    public void Binary_without_rerank_scores_are_the_cosine_of_the_Hamming_angle()
    {
        using var index = new EmbeddingIndex<string>(4, new EmbeddingIndexOptions { Storage = EmbeddingStorage.Binary, BinaryRerankCodes = false });
        index.Add("same", [1, 2, 3, 4]);
        index.Add("half", [1, 2, -3, -4]);
        index.Add("opposite", [-1, -2, -3, -4]);
        SearchHit<string>[] hits = index.Search([5, 5, 5, 5], 3); // Auto = binary; bits only: nothing to re-rank with
        Assert.Equal(["same", "half", "opposite"], hits.Select(h => h.Key));
        Assert.Equal(1f, hits[0].Score, 1e-6f);
        Assert.Equal(0f, hits[1].Score, 1e-6f);
        Assert.Equal(-1f, hits[2].Score, 1e-6f);
        Assert.Equal(hits, index.Search([5, 5, 5, 5], 3, new EmbeddingSearchOptions { Rerank = false }));
    }

    [Fact]
    public void Int8_only_zero_rows_and_a_zero_query_score_zero()
    {
        using var index = new EmbeddingIndex<int>(3, new EmbeddingIndexOptions { Storage = EmbeddingStorage.Int8 });
        index.Add(0, [0, 0, 0]);
        index.Add(1, [0, 0, 5]);
        index.Add(2, [0, 0, -5]);
        SearchHit<int>[] hits = index.Search([0, 0, 1], 3);
        Assert.Equal([1, 0, 2], hits.Select(h => h.Row));
        Assert.Equal([1f, 0f, -1f], hits.Select(h => h.Score));
        Assert.All(index.Search([0, 0, 0], 3), h => Assert.Equal(0f, h.Score));
    }

    [Fact]
    public void Int8_quantization_round_trips_within_half_a_step()
    {
        var random = new Random(22);
        for (int n = 1; n <= 200; n++)
        {
            float[] x = Reference.RandomVector(random, n);
            var codes = new sbyte[n];
            float scale = Quantization.ToInt8(x, codes);
            float max = x.Max(MathF.Abs);
            Assert.Equal(max / 127f, scale);
            Assert.Contains(codes, c => c is 127 or -127);
            for (int i = 0; i < n; i++)
            {
                Assert.InRange(codes[i], -127, 127);
                Assert.True(MathF.Abs((codes[i] * scale) - x[i]) <= (scale * 0.5f) + 1e-7f, $"element {i} of {n}");
            }
        }

        var zero = new sbyte[] { 5, 5 };
        Assert.Equal(0f, Quantization.ToInt8([0f, -0f], zero));
        Assert.Equal([0, 0], zero.Select(c => (int)c));
    }

    [Theory]
    [MemberData(nameof(KernelTests.Paths), MemberType = typeof(KernelTests))]
    public void Vectorized_quantization_gives_exactly_the_scalar_codes_and_bits_with_ties_to_even_on_every_path(int pathValue)
    {
        var path = (KernelPath)pathValue;
        var random = new Random(25);
        foreach (int n in new[] { 1, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 127, 128, 129, 768, 1000 })
        {
            // Values on half steps of the code grid too (ties round to even), zeros of both signs here and there.
            float[] x = Enumerable.Range(0, n).Select(i => i % 5 == 0 ? ((i % 254) - 127) / 2f : i % 7 == 0 ? 0f : i % 11 == 0 ? -0f : (float)((random.NextDouble() * 2) - 1) * 63.5f).ToArray();
            x[0] = n % 2 == 0 ? 63.5f : -63.5f; // the maximum magnitude: the scale is then exactly 0.5
            var codes = new sbyte[n];
            ulong[] words = Enumerable.Repeat(ulong.MaxValue, ((n + 63) / 64) + 1).ToArray(); // one word more than needed: cleared too
            Assert.Equal(63.5f / 127, Quantization.Encode(path, x, codes, words));
            var codesOnly = new sbyte[n];
            ulong[] bitsOnly = Enumerable.Repeat(ulong.MaxValue, words.Length).ToArray();
            Assert.Equal(63.5f / 127, Quantization.Encode(path, x, codesOnly, default));
            Assert.Equal(0f, Quantization.Encode(path, x, default, bitsOnly));
            for (int i = 0; i < n; i++)
            {
                Assert.Equal((sbyte)Math.Clamp(MathF.Round(x[i] * (127 / 63.5f)), -127, 127), codes[i]);
            }

            for (int i = 0; i < words.Length * 64; i++)
            {
                Assert.Equal(i < n && x[i] > 0, ((words[i / 64] >> (i % 64)) & 1) != 0);
            }

            Assert.Equal(codes, codesOnly);
            Assert.Equal(words, bitsOnly);
            var shorts = new short[n];
            Assert.Equal(63.5f / 1001, Quantization.ToInt16(x, shorts, 1001));
            Assert.Equal(x.Select(v => (short)Math.Clamp(MathF.Round(v * (1001 / 63.5f)), -1001, 1001)), shorts);
        }

        // A zero vector: scale 0, zero codes, no bits.
        var zero = new sbyte[70];
        ulong[] none = [1, 1];
        Assert.Equal(0f, Quantization.Encode(path, new float[70], zero, none));
        Assert.All(zero, c => Assert.Equal(0, c));
        Assert.Equal([0UL, 0UL], none);

        // Buffers of the wrong size are refused, not overrun.
        Assert.Throws<ArgumentException>(() => Quantization.Encode(path, new float[70], new sbyte[69], default));
        Assert.Throws<ArgumentException>(() => Quantization.Encode(path, new float[70], default, new ulong[1]));
        Assert.Equal([2, 2, -2, 0], new[] { 2.5f, 1.5f, -2.5f, -0.5f }.Select(v => (int)MathF.Round(v))); // the rule itself
    }

    [Theory]
    [MemberData(nameof(KernelTests.Paths), MemberType = typeof(KernelTests))]
    public void MaxMagnitude_is_the_largest_absolute_value_and_not_finite_with_NaN_or_infinity_on_every_path(int pathValue)
    {
        var path = (KernelPath)pathValue;
        var random = new Random(26);
        for (int n = 0; n <= 130; n++)
        {
            float[] x = Reference.RandomVector(random, n, 10f);
            Assert.Equal(n == 0 ? 0f : x.Max(MathF.Abs), Quantization.MaxMagnitude(path, x));
            for (int at = 0; at < n; at += Math.Max(1, n / 7))
            {
                float[] y = (float[])x.Clone();
                y[at] = -1000f; // the largest magnitude anywhere, negative
                Assert.Equal(1000f, Quantization.MaxMagnitude(path, y));
                foreach (float special in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity, -float.NaN })
                {
                    y[at] = special;
                    Assert.False(float.IsFinite(Quantization.MaxMagnitude(path, y)), $"{special} at {at} of {n}");
                }
            }
        }

        Assert.Equal(0f, Quantization.MaxMagnitude(path, new[] { -0f, 0f, -0f, -0f, -0f }));
        Assert.Equal(float.Epsilon, Quantization.MaxMagnitude(path, new[] { -0f, -float.Epsilon, 0f, 0f, 0f, 0f, 0f, 0f, 0f }));
    }

    [Fact]
    public void Bit_quantization_gives_sign_bits_low_bit_first()
    {
        var random = new Random(23);
        foreach (int n in new[] { 1, 63, 64, 65, 128, 130 })
        {
            float[] x = Reference.RandomVector(random, n);
            x[0] = 0f; // zero counts as not positive
            var words = Enumerable.Repeat(ulong.MaxValue, (n + 63) / 64).ToArray();
            Quantization.ToBits(x, words);
            for (int i = 0; i < words.Length * 64; i++)
            {
                bool bit = ((words[i / 64] >> (i % 64)) & 1) != 0;
                Assert.Equal(i < n && x[i] > 0, bit);
            }
        }

        Assert.Equal(1f, Quantization.CosineFromHamming(0, 128));
        Assert.Equal(-1f, Quantization.CosineFromHamming(128, 128));
        Assert.Equal(0f, Quantization.CosineFromHamming(64, 128), 1e-6f);
    }
}
