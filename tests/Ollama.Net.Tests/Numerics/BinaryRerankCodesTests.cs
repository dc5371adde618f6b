using Ollama.Net.Numerics;

namespace Ollama.Net.Tests.Numerics;

/// <summary><see cref="EmbeddingStorage.Binary"/> alone keeps int8 re-rank codes unless <see cref="EmbeddingIndexOptions.BinaryRerankCodes"/> is false.</summary>
public class BinaryRerankCodesTests
{
    private static readonly EmbeddingIndexOptions BitsOnly = new() { Storage = EmbeddingStorage.Binary, BinaryRerankCodes = false };

    [Fact]
    public void Binary_storage_alone_reports_and_allocates_the_int8_codes_it_keeps()
    {
        Assert.True(new EmbeddingIndexOptions().BinaryRerankCodes);
        using var index = new EmbeddingIndex<int>(100, new EmbeddingIndexOptions { Storage = EmbeddingStorage.Binary, InitialCapacity = 4 });
        using var bits = new EmbeddingIndex<int>(100, new EmbeddingIndexOptions { Storage = EmbeddingStorage.Binary, BinaryRerankCodes = false, InitialCapacity = 4 });
        Assert.Equal(EmbeddingStorage.Binary | EmbeddingStorage.Int8, index.Storage);
        Assert.Equal(EmbeddingStorage.Binary, bits.Storage);
        Assert.NotEqual(0u, index.Layout.Codes);
        Assert.NotEqual(0u, index.Layout.Bits);
        Assert.Equal(0u, bits.Layout.Codes);
        Assert.NotEqual(0u, bits.Layout.Bits);

        // Any storage with float32 or int8 is kept as asked, whatever the option says.
        foreach (EmbeddingStorage storage in new[] { EmbeddingStorage.Float32 | EmbeddingStorage.Binary, EmbeddingStorage.Int8 | EmbeddingStorage.Binary, EmbeddingStorage.Float32, EmbeddingStorage.Int8 })
        {
            foreach (bool codes in new[] { true, false })
            {
                using var other = new EmbeddingIndex<int>(100, new EmbeddingIndexOptions { Storage = storage, BinaryRerankCodes = codes });
                Assert.Equal(storage, other.Storage);
            }
        }
    }

    [Fact]
    public void Saved_files_hold_d_plus_4_bytes_more_per_row_with_the_codes_and_each_kind_loads_as_it_was_saved()
    {
        const int Dimensions = 100, Count = 37;
        using EmbeddingIndex<int> index = Filled(new EmbeddingIndexOptions { Storage = EmbeddingStorage.Binary }, Dimensions, Count);
        using EmbeddingIndex<int> bits = Filled(BitsOnly, Dimensions, Count);
        byte[] withCodes = PersistenceTests.Saved(index), bitsFile = PersistenceTests.Saved(bits);

        // Two 64-bit words of bits per row either way; the int8 codes add one byte per dimension and a float scale.
        Assert.Equal(Count * (Dimensions + sizeof(float)), withCodes.Length - bitsFile.Length);
        using var loaded = EmbeddingIndex<int>.Load(new MemoryStream(withCodes));
        using var loadedBits = EmbeddingIndex<int>.Load(new MemoryStream(bitsFile)); // a bits-only file, as earlier releases wrote them
        Assert.Equal(EmbeddingStorage.Binary | EmbeddingStorage.Int8, loaded.Storage);
        Assert.Equal(EmbeddingStorage.Binary, loadedBits.Storage);
        Assert.Equal(withCodes, PersistenceTests.Saved(loaded));
        Assert.Equal(bitsFile, PersistenceTests.Saved(loadedBits));
        float[] query = Reference.RandomVector(new Random(3), Dimensions);
        Assert.Equal(index.Search(query, 10), loaded.Search(query, 10));
        Assert.Equal(bits.Search(query, 10), loadedBits.Search(query, 10));
    }

    [Fact]
    public void The_default_search_of_Binary_storage_equals_the_search_of_an_Int8_and_Binary_index()
    {
        const int Dimensions = 64, Count = 7_000; // above 16 · 40 · k rows: the 1-bit pass runs, then the int8 re-rank
        using EmbeddingIndex<int> index = Filled(new EmbeddingIndexOptions { Storage = EmbeddingStorage.Binary }, Dimensions, Count);
        using EmbeddingIndex<int> both = Filled(new EmbeddingIndexOptions { Storage = EmbeddingStorage.Int8 | EmbeddingStorage.Binary }, Dimensions, Count);
        using EmbeddingIndex<int> bits = Filled(BitsOnly, Dimensions, Count);
        var random = new Random(5);
        for (int q = 0; q < 5; q++)
        {
            float[] query = Reference.RandomVector(random, Dimensions);
            SearchHit<int>[] hits = index.Search(query, 10);
            Assert.Equal(both.Search(query, 10), hits);
            Assert.Equal(both.Search(query, 10, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Int8 }), index.Search(query, 10, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Int8 }));

            // Bits only: Hamming estimates, every one of the form cos(π·h/d).
            Assert.All(bits.Search(query, 10), h => Assert.Contains(h.Score, Enumerable.Range(0, Dimensions + 1).Select(d => Quantization.CosineFromHamming(d, Dimensions))));
            Assert.Contains(hits, h => !Enumerable.Range(0, Dimensions + 1).Select(d => Quantization.CosineFromHamming(d, Dimensions)).Contains(h.Score));
        }

        Assert.Equal("options", Assert.Throws<ArgumentException>(() => bits.Search(new float[Dimensions], 1, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Int8 })).ParamName);
    }

    [Fact]
    public void Recall_at_10_on_a_mixed_set_is_high_by_default_and_low_with_bits_only()
    {
        // 8,000 × 256: even rows random directions (near-ties for queries near them), odd rows clustered; queries are rows plus noise.
        const int Rows = 8_000, Dimensions = 256, Queries = 40;
        float[] clustered = Reference.Clustered(11, Rows / 2, Dimensions, 40, 0.5f);
        var random = new Random(12);
        var data = new float[Rows * Dimensions];
        for (int r = 0; r < Rows; r++)
        {
            Span<float> row = data.AsSpan(r * Dimensions, Dimensions);
            if (r % 2 == 0)
            {
                Reference.RandomVector(random, Dimensions).CopyTo(row);
            }
            else
            {
                clustered.AsSpan((r / 2) * Dimensions, Dimensions).CopyTo(row);
            }
        }

        var queries = new float[Queries * Dimensions];
        for (int q = 0; q < Queries; q++)
        {
            int row = (random.Next(Rows / 2) * 2) + (q % 2); // alternately near random and near clustered rows
            for (int i = 0; i < Dimensions; i++)
            {
                queries[(q * Dimensions) + i] = data[(row * Dimensions) + i] + (0.5f * Reference.Gaussian(random));
            }
        }

        int[] keys = Enumerable.Range(0, Rows).ToArray();
        using var exact = new EmbeddingIndex<int>(Dimensions);
        using var index = new EmbeddingIndex<int>(Dimensions, new EmbeddingIndexOptions { Storage = EmbeddingStorage.Binary });
        using var bits = new EmbeddingIndex<int>(Dimensions, BitsOnly);
        exact.AddRange(keys, data);
        index.AddRange(keys, data);
        bits.AddRange(keys, data);
        HashSet<int>[] truth = exact.SearchMany(queries, 10).Select(hits => hits.Select(h => h.Row).ToHashSet()).ToArray();
        double Recall(EmbeddingIndex<int> tested) =>
            tested.SearchMany(queries, 10).Select((hits, q) => hits.Count(h => truth[q].Contains(h.Row)) / 10.0).Average();

        Assert.InRange(Recall(index), 0.95, 1.0);
        Assert.InRange(Recall(bits), 0.0, 0.6);
    }

    private static EmbeddingIndex<int> Filled(EmbeddingIndexOptions options, int dimensions, int count)
    {
        var index = new EmbeddingIndex<int>(dimensions, options);
        var random = new Random(dimensions + count);
        for (int i = 0; i < count; i++)
        {
            index.Add(i, Reference.RandomVector(random, dimensions));
        }

        return index;
    }
}
