using System.Buffers.Binary;
using Ollama.Net.Numerics;

namespace Ollama.Net.Tests.Numerics;

/// <summary>Inverted lists on small clustered data (thousands of rows; the million-row run is a benchmark).</summary>
public class IvfTests
{
    private const int Rows = 4000;
    private const int Dimensions = 32;
    private const EmbeddingStorage All = EmbeddingStorage.Float32 | EmbeddingStorage.Int8 | EmbeddingStorage.Binary;

    private static (EmbeddingIndex<int> Index, float[] Data, float[] Queries) Clustered(EmbeddingStorage storage = EmbeddingStorage.Float32, int rows = Rows)
    {
        float[] data = Reference.Clustered(11, rows, Dimensions, clusters: 40, noise: 0.4f);
        var index = new EmbeddingIndex<int>(Dimensions, new EmbeddingIndexOptions { Storage = storage });
        index.AddRange(Enumerable.Range(0, rows).ToArray(), data);
        var random = new Random(12);
        var queries = new float[30 * Dimensions];
        for (int q = 0; q < 30; q++)
        {
            int row = random.Next(rows);
            for (int i = 0; i < Dimensions; i++)
            {
                queries[(q * Dimensions) + i] = data[(row * Dimensions) + i] + (0.4f * Reference.Gaussian(random));
            }
        }

        return (index, data, queries);
    }

    private static double Recall(EmbeddingIndex<int> index, float[] queries, EmbeddingSearchOptions options)
    {
        double sum = 0;
        int count = queries.Length / Dimensions;
        for (int q = 0; q < count; q++)
        {
            ReadOnlySpan<float> query = queries.AsSpan(q * Dimensions, Dimensions);
            var exact = index.Search(query, 10, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Float32, IvfProbes = 0 }).Select(h => h.Row).ToHashSet();
            sum += index.Search(query, 10, options).Count(h => exact.Contains(h.Row)) / 10.0;
        }

        return sum / count;
    }

    [Fact]
    public void The_default_build_has_sqrt_count_lists_and_the_default_probes_reach_high_recall()
    {
        (EmbeddingIndex<int> index, _, float[] queries) = Clustered();
        using (index)
        {
            Assert.Equal(0, index.IvfListCount);
            index.BuildIvf();
            Assert.Equal(63, index.IvfListCount); // √4000
            Assert.InRange(Recall(index, queries, new EmbeddingSearchOptions()), 0.95, 1.0);
            Assert.InRange(Recall(index, queries, new EmbeddingSearchOptions { IvfProbes = 1 }), 0.0, 0.95); // one list is not enough here
        }
    }

    [Fact]
    public void Probing_every_list_or_none_gives_exactly_the_flat_results()
    {
        (EmbeddingIndex<int> index, _, float[] queries) = Clustered(All);
        using (index)
        {
            var flat = new List<SearchHit<int>[]>();
            for (int q = 0; q < 10; q++)
            {
                flat.Add(index.Search(queries.AsSpan(q * Dimensions, Dimensions), 10, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Float32 }));
            }

            index.BuildIvf(new IvfOptions { Lists = 20 });
            for (int q = 0; q < 10; q++)
            {
                ReadOnlySpan<float> query = queries.AsSpan(q * Dimensions, Dimensions);
                Assert.Equal(flat[q], index.Search(query, 10, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Float32, IvfProbes = 20 }));
                Assert.Equal(flat[q], index.Search(query, 10, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Float32, IvfProbes = 0 }));
                Assert.Equal(flat[q], index.Search(query, 10, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Float32, IvfProbes = 1000 }));
                Assert.Equal(flat[q], index.Search(query, 10, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Int8, IvfProbes = 20 })); // re-ranked: exact
            }

            Assert.Equal(flat, index.SearchMany(queries.AsSpan(0, 10 * Dimensions), 10, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Float32, IvfProbes = 20 }));
        }
    }

    [Fact]
    public void Every_row_lies_in_the_list_of_its_nearest_centroid_also_rows_added_later()
    {
        (EmbeddingIndex<int> index, float[] data, _) = Clustered();
        using (index)
        {
            index.BuildIvf(new IvfOptions { Lists = 50 });
            var random = new Random(3);
            var added = new List<float[]>();
            for (int i = 0; i < 100; i++)
            {
                float[] v = Reference.RandomVector(random, Dimensions);
                added.Add(v);
                index.Add(Rows + i, v);
            }

            // With one probe, the query's nearest centroid is the row's own: a row always finds itself.
            var one = new EmbeddingSearchOptions { IvfProbes = 1 };
            for (int row = 0; row < Rows; row += 37)
            {
                SearchHit<int> self = index.Search(data.AsSpan(row * Dimensions, Dimensions), 1, one)[0];
                Assert.Equal(1f, self.Score, 1e-6f);
            }

            for (int i = 0; i < added.Count; i++)
            {
                Assert.Equal(Rows + i, index.Search(added[i], 1, one)[0].Key);
            }
        }
    }

    [Fact]
    public void Quantized_modes_scan_the_lists_and_re_rank()
    {
        (EmbeddingIndex<int> index, _, float[] queries) = Clustered(All);
        using (index)
        {
            index.BuildIvf();
            Assert.InRange(Recall(index, queries, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Int8 }), 0.95, 1.0);
            Assert.InRange(Recall(index, queries, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Binary }), 0.95, 1.0);
            Assert.InRange(Recall(index, queries, new EmbeddingSearchOptions { MaxDegreeOfParallelism = -1 }), 0.95, 1.0);
        }
    }

    [Fact]
    public void On_a_Float32_index_the_lists_scan_their_own_int8_codes_and_re_rank_exactly()
    {
        (EmbeddingIndex<int> index, _, float[] queries) = Clustered();
        using (index)
        {
            index.BuildIvf();
            for (int q = 0; q < 5; q++)
            {
                ReadOnlySpan<float> query = queries.AsSpan(q * Dimensions, Dimensions);
                Dictionary<int, float> exact = index.Search(query, Rows, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Float32, IvfProbes = 0 }).ToDictionary(h => h.Row, h => h.Score);
                foreach (SearchHit<int> hit in index.Search(query, 10))
                {
                    Assert.Equal(exact[hit.Row], hit.Score); // Auto scanned the lists' int8 codes, then re-ranked with float32
                }

                Assert.Equal(index.Search(query, 10), index.Search(query, 10, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Int8 }));
            }

            Assert.InRange(Recall(index, queries, new EmbeddingSearchOptions()), 0.95, 1.0);
            Assert.Throws<ArgumentException>(() => index.Search(queries.AsSpan(0, Dimensions), 10, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Int8, IvfProbes = 0 }));
        }
    }

    [Fact]
    public void Save_and_Load_keep_the_lists_as_file_version_2()
    {
        (EmbeddingIndex<int> index, _, float[] queries) = Clustered(All, rows: 3000);
        using (index)
        {
            index.BuildIvf(new IvfOptions { Lists = 30, Seed = 5 });
            byte[] file = PersistenceTests.Saved(index);
            Assert.Equal(2, BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(8)));
            foreach (Stream stream in new Stream[] { new MemoryStream(file), new ForwardOnlyStream(file, 1000) })
            {
                using var loaded = EmbeddingIndex<int>.Load(stream);
                Assert.Equal(30, loaded.IvfListCount);
                for (int q = 0; q < 10; q++)
                {
                    ReadOnlySpan<float> query = queries.AsSpan(q * Dimensions, Dimensions);
                    foreach (int probes in new[] { 1, 3 })
                    {
                        var options = new EmbeddingSearchOptions { IvfProbes = probes };
                        Assert.Equal(index.Search(query, 10, options), loaded.Search(query, 10, options));
                    }
                }

                Assert.Equal(file, PersistenceTests.Saved(loaded));
            }

            index.RemoveIvf();
            Assert.Equal(0, index.IvfListCount);
            Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(PersistenceTests.Saved(index).AsSpan(8)));
        }
    }

    [Fact]
    public void A_corrupted_IVF_section_with_valid_checksums_is_refused()
    {
        using EmbeddingIndex<int> index = PersistenceTests.Filled(8, EmbeddingStorage.Float32, 12, i => i);
        index.BuildIvf(new IvfOptions { Lists = 3 });
        byte[] file = PersistenceTests.Saved(index);
        int ivf = file.Length - 8 - (8 + (3 * 8 * 4) + (12 * 4));

        byte[] list = (byte[])file.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(list.AsSpan(file.Length - 8 - 4), 3); // the last row in list 3 of 3
        IndexFileHardeningTests.FixPayloadCrc(list);
        Assert.Contains("IVF list 3 of 3", Assert.Throws<InvalidDataException>(() => EmbeddingIndex<int>.Load(new MemoryStream(list))).Message);

        byte[] centroid = (byte[])file.Clone();
        BinaryPrimitives.WriteSingleLittleEndian(centroid.AsSpan(ivf + 8), 5f);
        IndexFileHardeningTests.FixPayloadCrc(centroid);
        Assert.Contains("centroid 0 is not a unit vector", Assert.Throws<InvalidDataException>(() => EmbeddingIndex<int>.Load(new MemoryStream(centroid))).Message);

        byte[] count = (byte[])file.Clone();
        BinaryPrimitives.WriteInt32LittleEndian(count.AsSpan(ivf), 13); // more lists than rows
        IndexFileHardeningTests.FixPayloadCrc(count);
        Assert.Throws<InvalidDataException>(() => EmbeddingIndex<int>.Load(new MemoryStream(count)));
    }

    [Fact]
    public void Clear_and_a_failed_AddRange_keep_the_lists_consistent()
    {
        (EmbeddingIndex<int> index, float[] data, _) = Clustered(rows: 500);
        using (index)
        {
            index.BuildIvf(new IvfOptions { Lists = 10 });
            var every = new EmbeddingSearchOptions { IvfProbes = 10 };
            float[] bad = new float[Dimensions];
            bad[3] = float.NaN;
            IEnumerable<KeyValuePair<int, ReadOnlyMemory<float>>> Items()
            {
                yield return new(-1, data.AsMemory(0, Dimensions));
                yield return new(-2, bad);
            }

            Assert.Throws<ArgumentException>(() => index.AddRange(Items()));
            Assert.Equal(500, index.Count);
            Assert.Equal(500, index.Search(data.AsSpan(0, Dimensions), 1000, every).Length);

            index.Clear();
            Assert.Equal(10, index.IvfListCount);
            Assert.Empty(index.Search(data.AsSpan(0, Dimensions), 10, every));
            index.AddRange(Enumerable.Range(0, 50).ToArray(), data.AsSpan(0, 50 * Dimensions));
            Assert.Equal(50, index.Search(data.AsSpan(0, Dimensions), 1000, every).Length);
        }
    }

    [Fact]
    public void A_parallel_build_gives_the_same_lists_as_a_sequential_one()
    {
        (EmbeddingIndex<int> a, _, float[] queries) = Clustered();
        (EmbeddingIndex<int> b, _, _) = Clustered();
        using (a)
        using (b)
        {
            a.BuildIvf(new IvfOptions { Seed = 9 });
            b.BuildIvf(new IvfOptions { Seed = 9, MaxDegreeOfParallelism = -1 });
            Assert.Equal(PersistenceTests.Saved(a), PersistenceTests.Saved(b));
        }
    }

    [Fact]
    public void Bad_arguments_throw_naming_the_parameter()
    {
        using var quantized = new EmbeddingIndex<int>(4, new EmbeddingIndexOptions { Storage = EmbeddingStorage.Int8 });
        quantized.Add(1, [1, 2, 3, 4]);
        Assert.Throws<InvalidOperationException>(() => quantized.BuildIvf());
        using var empty = new EmbeddingIndex<int>(4);
        Assert.Throws<InvalidOperationException>(() => empty.BuildIvf());
        empty.Add(1, [1, 2, 3, 4]);
        empty.Add(2, [4, 3, 2, 1]);
        Assert.Throws<ArgumentOutOfRangeException>(() => empty.BuildIvf(new IvfOptions { Lists = 3 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => empty.BuildIvf(new IvfOptions { Lists = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => empty.BuildIvf(new IvfOptions { Iterations = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => empty.BuildIvf(new IvfOptions { Lists = 2, TrainingSampleSize = 1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => empty.BuildIvf(new IvfOptions { MaxDegreeOfParallelism = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => empty.Search([1, 2, 3, 4], 1, new EmbeddingSearchOptions { IvfProbes = -1 }));
        empty.Dispose();
        Assert.Throws<ObjectDisposedException>(() => empty.BuildIvf());
    }
}
