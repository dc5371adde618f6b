using BenchmarkDotNet.Attributes;
using Ollama.Net.Numerics;

namespace Ollama.Net.Benchmarks.Numerics;

/// <summary>
/// How search time grows with the number of rows (d = 768, top-10, one query), for each storage: float32, int8 with
/// re-ranking and 1-bit with re-ranking. The data for the chart docs/images/search-time-vs-rows.png (eng/Charts).
/// </summary>
[MemoryDiagnoser]
[Config(typeof(NumericsConfig))]
public class ScanScalingBenchmarks
{
    private const int Dimensions = 768;
    private const int K = 10;

    private static readonly EmbeddingSearchOptions Float32Search = new() { Mode = EmbeddingSearchMode.Float32 };
    private static readonly EmbeddingSearchOptions Int8Search = new() { Mode = EmbeddingSearchMode.Int8 };
    private static readonly EmbeddingSearchOptions BinarySearch = new() { Mode = EmbeddingSearchMode.Binary };

    private EmbeddingIndex<int> _index = null!;
    private float[] _query = [];

    [Params(3_000, 10_000, 30_000, 100_000, 300_000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rows = NumericsData.Gaussian(3, Rows * Dimensions);
        _index = new EmbeddingIndex<int>(Dimensions, new EmbeddingIndexOptions
        {
            Storage = EmbeddingStorage.Float32 | EmbeddingStorage.Int8 | EmbeddingStorage.Binary,
            InitialCapacity = Rows,
        });
        _index.AddRange(Enumerable.Range(0, Rows).ToArray(), rows);
        _query = NumericsData.Gaussian(4, Dimensions);
        EmbeddingMath.Normalize(_query);
    }

    [GlobalCleanup]
    public void Cleanup() => _index.Dispose();

    [Benchmark(Baseline = true)]
    public int Float32() => _index.Search(_query, K, Float32Search).Length;

    [Benchmark]
    public int Int8() => _index.Search(_query, K, Int8Search).Length;

    [Benchmark]
    public int Binary() => _index.Search(_query, K, BinarySearch).Length;
}
