using Ollama.Net.Numerics;
using Ollama.Net.Tests.Infrastructure;

namespace Ollama.Net.Tests.Numerics;

/// <summary>
/// What a search allocates, counted on the calling thread, alone (never beside other tests). A round of searches that
/// counts about 7.7 KB once is retried (see the test): seen in CI twice, in int8 and binary modes, never reproduced
/// alone or beside a thread forcing garbage collections (2,000 rounds), so its cause is not the search's code path.
/// </summary>
[Collection(AllocationCollection.Name)]
public class SearchAllocationTests
{
    [Theory]
    [InlineData(EmbeddingSearchMode.Float32)]
    [InlineData(EmbeddingSearchMode.Int8)]
    [InlineData(EmbeddingSearchMode.Binary)]
    public void A_sequential_search_into_a_span_allocates_nothing(EmbeddingSearchMode mode)
    {
        const int dimensions = 64;
        var random = new Random(5);
        float[] data = Reference.RandomVector(random, 3_000 * dimensions);
        using var index = new EmbeddingIndex<int>(dimensions, new EmbeddingIndexOptions
        {
            Storage = EmbeddingStorage.Float32 | EmbeddingStorage.Int8 | EmbeddingStorage.Binary,
        });
        index.AddRange(Enumerable.Range(0, 3_000).ToArray(), data);
        float[] query = Reference.RandomVector(random, dimensions);
        var options = new EmbeddingSearchOptions { Mode = mode, MaxDegreeOfParallelism = 1 };
        var hits = new SearchHit<int>[10];
        for (int i = 0; i < 50; i++)
        {
            index.Search(query, hits, options); // the thread's buffers, the ArrayPool's arrays, the JIT's tiers
        }

        // Up to three rounds of 100 searches; the last must allocate nothing. A per-call allocation shows in every round.
        // Once in about fifty runs, in CI, one round counted about 7.7 KB (7,680 and 7,720 bytes: close to one 8 KB
        // allocation quantum of the thread, not a size the search allocates); the next round counts none.
        var rounds = new List<long>();
        for (int round = 0; round < 3 && (rounds.Count == 0 || rounds[^1] != 0); round++)
        {
            int found = 0;
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++)
            {
                found += index.Search(query, hits, options);
            }

            rounds.Add(GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.Equal(1_000, found);
        }

        Assert.True(rounds[^1] == 0, $"Bytes allocated per round of 100 searches: {string.Join(", ", rounds)}.");
    }
}
