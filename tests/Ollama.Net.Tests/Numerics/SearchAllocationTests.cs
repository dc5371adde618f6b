using Ollama.Net.Numerics;
using Ollama.Net.Tests.Infrastructure;

namespace Ollama.Net.Tests.Numerics;

/// <summary>
/// What a search allocates, counted on the calling thread. Alone, never beside other tests: beside them, one count in
/// about forty-five runs was 7,720 bytes (int8 mode), which we could not trace; 30 runs alone, and 2,000 rounds beside
/// a thread forcing garbage collections, counted none.
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

        int found = 0;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            found += index.Search(query, hits, options);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(1_000, found);
        Assert.Equal(0, allocated);
    }
}
