using BenchmarkDotNet.Attributes;
using Ollama.Net.Numerics;

namespace Ollama.Net.Benchmarks.Numerics;

/// <summary>16 queries over N = 100,000 × d = 768 float32 rows: 16 single searches vs one SearchMany pass.</summary>
[MemoryDiagnoser]
[Config(typeof(NumericsConfig))]
public class MultiQueryBenchmarks
{
    private const int Queries = 16;
    private const int K = 10;

    private EmbeddingIndex<int> _index = null!;
    private float[] _queries = [];

    [GlobalSetup]
    public void Setup()
    {
        float[] data = NumericsData.Gaussian(3, ScanBenchmarks.Rows * ScanBenchmarks.Dimensions);
        _index = new EmbeddingIndex<int>(ScanBenchmarks.Dimensions, new EmbeddingIndexOptions { InitialCapacity = ScanBenchmarks.Rows });
        _index.AddRange(Enumerable.Range(0, ScanBenchmarks.Rows).ToArray(), data);
        _queries = NumericsData.Gaussian(5, Queries * ScanBenchmarks.Dimensions);
    }

    [GlobalCleanup]
    public void Cleanup() => _index.Dispose();

    [Benchmark(Baseline = true)]
    public int SixteenSingleSearches()
    {
        int total = 0;
        for (int q = 0; q < Queries; q++)
        {
            total += _index.Search(_queries.AsSpan(q * ScanBenchmarks.Dimensions, ScanBenchmarks.Dimensions), K).Length;
        }

        return total;
    }

    [Benchmark]
    public int OneSearchManyPass() => _index.SearchMany(_queries, K).Sum(hits => hits.Length);
}
