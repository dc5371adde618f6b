using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.VectorData;
using Ollama.Net.Benchmarks.Numerics;
using Ollama.Net.Numerics;
using Ollama.Net.VectorData;

namespace Ollama.Net.Benchmarks.VectorData;

/// <summary>
/// Top-10 over 100,000 records × 768 dimensions through the vector store (<see cref="EmbeddingIndexCollection{TKey, TRecord}"/>,
/// Flat index, cosine) against the raw <see cref="EmbeddingIndex{TKey}"/> float32 scan, without a filter and with a
/// filter that keeps 10 % of the rows (the store's LINQ filter <c>r =&gt; r.Bucket == 3</c>; the raw index's
/// <see cref="EmbeddingSearchOptions.RowFilter"/> on the row number).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(NumericsConfig))]
public class VectorStoreBenchmarks
{
    private const int Rows = ScanBenchmarks.Rows;
    private const int Dimensions = ScanBenchmarks.Dimensions;
    private const int K = 10;

    private static readonly EmbeddingSearchOptions Float32 = new() { Mode = EmbeddingSearchMode.Float32 };
    private static readonly EmbeddingSearchOptions Float32Filtered = new() { Mode = EmbeddingSearchMode.Float32, RowFilter = row => row % 10 == 3 };
    private static readonly VectorSearchOptions<Document> Filtered = new() { Filter = d => d.Bucket == 3 };

    private EmbeddingIndex<int> _index = null!;
    private EmbeddingIndexVectorStore _store = null!;
    private EmbeddingIndexCollection<int, Document> _collection = null!;
    private ReadOnlyMemory<float> _query;

    [GlobalSetup]
    public void Setup()
    {
        float[] data = NumericsData.Gaussian(3, Rows * Dimensions);
        _index = new EmbeddingIndex<int>(Dimensions, new EmbeddingIndexOptions { InitialCapacity = Rows });
        _index.AddRange(Enumerable.Range(0, Rows).ToArray(), data);
        _store = new EmbeddingIndexVectorStore();
        _collection = _store.GetCollection<int, Document>("documents");
        _collection.EnsureCollectionExistsAsync().GetAwaiter().GetResult();
        _collection.UpsertAsync(Enumerable.Range(0, Rows).Select(i => new Document
        {
            Id = i,
            Bucket = i % 10,
            Vector = data.AsMemory(i * Dimensions, Dimensions),
        })).GetAwaiter().GetResult();
        _query = NumericsData.Gaussian(4, Dimensions);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _index.Dispose();
        _store.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int RawIndex() => _index.Search(_query.Span, K, Float32).Length;

    [Benchmark]
    public async Task<int> Store()
    {
        int count = 0;
        await foreach (VectorSearchResult<Document> result in _collection.SearchAsync(_query, K))
        {
            count += result.Record.Bucket;
        }

        return count;
    }

    [Benchmark]
    public int RawIndexFilter10Percent() => _index.Search(_query.Span, K, Float32Filtered).Length;

    [Benchmark]
    public async Task<int> StoreFilter10Percent()
    {
        int count = 0;
        await foreach (VectorSearchResult<Document> result in _collection.SearchAsync(_query, K, Filtered))
        {
            count += result.Record.Bucket;
        }

        return count;
    }

    /// <summary>A stored document: a key, a data property to filter on, and its embedding.</summary>
    public sealed class Document
    {
        [VectorStoreKey]
        public int Id { get; set; }

        [VectorStoreData]
        public int Bucket { get; set; }

        [VectorStoreVector(Dimensions)]
        public ReadOnlyMemory<float> Vector { get; set; }
    }
}
