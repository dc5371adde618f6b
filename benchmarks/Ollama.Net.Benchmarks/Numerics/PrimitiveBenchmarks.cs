using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using Ollama.Net.Numerics;

namespace Ollama.Net.Benchmarks.Numerics;

/// <summary>
/// <c>EmbeddingMath.Dot</c> and <c>Normalize</c> beside their <c>TensorPrimitives</c> equivalents (they call them: this
/// shows the wrappers cost nothing), at d = 768 in L1.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(NumericsConfig))]
public class PrimitiveBenchmarks
{
    private readonly float[] _x = NumericsData.Gaussian(1, 768);
    private readonly float[] _y = NumericsData.Gaussian(2, 768);
    private readonly float[] _destination = new float[768];

    [Benchmark]
    public float TensorPrimitivesDot() => TensorPrimitives.Dot(_x, _y);

    [Benchmark]
    public float EmbeddingMathDot() => EmbeddingMath.Dot(_x, _y);

    [Benchmark]
    public float TensorPrimitivesNormalize()
    {
        float norm = TensorPrimitives.Norm(_x);
        TensorPrimitives.Divide(_x, norm, _destination);
        return norm;
    }

    [Benchmark]
    public float EmbeddingMathNormalize() => EmbeddingMath.Normalize(_x, _destination);
}
