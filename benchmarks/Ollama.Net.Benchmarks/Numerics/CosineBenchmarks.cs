using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using Ollama.Net.Numerics;

namespace Ollama.Net.Benchmarks.Numerics;

/// <summary>One cosine similarity of two vectors (in L1): naive loop vs TensorPrimitives vs EmbeddingMath.</summary>
[MemoryDiagnoser]
[Config(typeof(NumericsConfig))]
public class CosineBenchmarks
{
    private float[] _x = [];
    private float[] _y = [];

    [Params(384, 768, 1024, 4096)]
    public int Dimensions { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _x = NumericsData.Gaussian(1, Dimensions);
        _y = NumericsData.Gaussian(2, Dimensions);
    }

    [Benchmark(Baseline = true)]
    public float NaiveLoop()
    {
        ReadOnlySpan<float> x = _x;
        ReadOnlySpan<float> y = _y.AsSpan(0, x.Length);
        float dot = 0, xx = 0, yy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            dot += x[i] * y[i];
            xx += x[i] * x[i];
            yy += y[i] * y[i];
        }

        return dot / (MathF.Sqrt(xx) * MathF.Sqrt(yy));
    }

    [Benchmark]
    public float TensorPrimitivesCosine() => TensorPrimitives.CosineSimilarity(_x, _y);

    [Benchmark]
    public float EmbeddingMathCosine() => EmbeddingMath.CosineSimilarity(_x, _y);
}
