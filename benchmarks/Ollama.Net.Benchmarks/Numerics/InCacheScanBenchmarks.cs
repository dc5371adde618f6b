using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using Ollama.Net.Numerics;

namespace Ollama.Net.Benchmarks.Numerics;

/// <summary>
/// Compute, not memory: top-10 over rows that stay in the caches (256 × 768 = 768 KB fits the 1 MB L2 of the machine
/// measured; 1,000 × 768 = 3 MB is in its L3). The baseline is the per-row <c>TensorPrimitives.Dot</c> loop. Run it
/// once per instruction-set path: as is, with <c>--envVars DOTNET_EnableAVX512:0</c> and with
/// <c>--envVars DOTNET_EnableAVX2:0</c>.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(NumericsConfig))]
public class InCacheScanBenchmarks
{
    private const int Dimensions = 768;
    private const int K = 10;
    private static readonly EmbeddingSearchOptions Float32 = new() { Mode = EmbeddingSearchMode.Float32 };

    private EmbeddingIndex<int> _index = null!;
    private float[] _plain = [];
    private float[] _query = [];
    private float[] _scores = [];
    private readonly int[] _topIndices = new int[K];
    private readonly float[] _topValues = new float[K];

    [Params(256, 1000)]
    public int Rows { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _plain = NumericsData.Gaussian(3, Rows * Dimensions);
        for (int r = 0; r < Rows; r++)
        {
            EmbeddingMath.Normalize(_plain.AsSpan(r * Dimensions, Dimensions));
        }

        _index = new EmbeddingIndex<int>(Dimensions, new EmbeddingIndexOptions { InitialCapacity = Rows });
        _index.AddRange(Enumerable.Range(0, Rows).ToArray(), _plain);
        _query = NumericsData.Gaussian(4, Dimensions);
        EmbeddingMath.Normalize(_query);
        _scores = new float[Rows];
    }

    [GlobalCleanup]
    public void Cleanup() => _index.Dispose();

    [Benchmark(Baseline = true)]
    public int TensorPrimitivesDotLoop()
    {
        ReadOnlySpan<float> query = _query;
        for (int r = 0; r < Rows; r++)
        {
            _scores[r] = TensorPrimitives.Dot(_plain.AsSpan(r * Dimensions, Dimensions), query);
        }

        return EmbeddingMath.TopK(_scores, _topIndices, _topValues);
    }

    [Benchmark]
    public int IndexFloat32() => _index.Search(_query, K, Float32).Length;
}
