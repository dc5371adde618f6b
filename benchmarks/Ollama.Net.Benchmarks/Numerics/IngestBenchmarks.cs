using BenchmarkDotNet.Attributes;
using Ollama.Net.Numerics;

namespace Ollama.Net.Benchmarks.Numerics;

/// <summary>
/// <c>AddRange</c> of 10,000 × 768 rows per storage (check, normalize, quantize, copy), into an index cleared before
/// each call so that page faults of fresh memory are not measured. Baseline: float32 only.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(NumericsConfig))]
public class IngestBenchmarks
{
    private const int Rows = 10_000;
    private const int Dimensions = 768;

    private readonly int[] _keys = Enumerable.Range(0, Rows).ToArray();
    private float[] _vectors = [];
    private EmbeddingIndex<int> _index = null!;

    [Params(EmbeddingStorage.Float32, EmbeddingStorage.Int8, EmbeddingStorage.Binary, EmbeddingStorage.Float32 | EmbeddingStorage.Int8 | EmbeddingStorage.Binary)]
    public EmbeddingStorage Storage { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _vectors = NumericsData.Gaussian(6, Rows * Dimensions);
        _index = new EmbeddingIndex<int>(Dimensions, new EmbeddingIndexOptions { Storage = Storage, InitialCapacity = Rows });
        _index.AddRange(_keys, _vectors);
    }

    [GlobalCleanup]
    public void Cleanup() => _index.Dispose();

    [Benchmark]
    public int AddRange()
    {
        _index.Clear();
        _index.AddRange(_keys, _vectors);
        return _index.Count;
    }
}
