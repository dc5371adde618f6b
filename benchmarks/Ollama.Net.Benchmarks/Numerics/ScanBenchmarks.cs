using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Ollama.Net.Numerics;

namespace Ollama.Net.Benchmarks.Numerics;

/// <summary>
/// Top-10 over N = 100,000 rows × d = 768 (307 MB of float32, far beyond the caches): a per-row TensorPrimitives.Dot
/// loop, the index's float32, int8 and 1-bit scans (with and without re-ranking), and bandwidth probes that only read as
/// many bytes as each block (the float32 probe reads the index's own block). Estimates without re-ranking are the pure
/// scans the probes compare with.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(NumericsConfig))]
public class ScanBenchmarks
{
    public const int Rows = 100_000;
    public const int Dimensions = 768;
    private const int K = 10;

    private EmbeddingIndex<int> _index = null!;
    private float[] _plain = [];
    private float[] _query = [];
    private float[] _scores = [];
    private readonly int[] _topIndices = new int[K];
    private readonly float[] _topValues = new float[K];

    private static readonly EmbeddingSearchOptions Float32 = new() { Mode = EmbeddingSearchMode.Float32 };
    private static readonly EmbeddingSearchOptions Float32Parallel = new() { Mode = EmbeddingSearchMode.Float32, MaxDegreeOfParallelism = -1 };
    private static readonly EmbeddingSearchOptions Int8 = new() { Mode = EmbeddingSearchMode.Int8 };
    private static readonly EmbeddingSearchOptions Int8NoRerank = new() { Mode = EmbeddingSearchMode.Int8, Rerank = false };
    private static readonly EmbeddingSearchOptions Binary = new() { Mode = EmbeddingSearchMode.Binary };
    private static readonly EmbeddingSearchOptions BinaryNoRerank = new() { Mode = EmbeddingSearchMode.Binary, Rerank = false };

    [GlobalSetup]
    public void Setup()
    {
        _plain = NumericsData.Gaussian(3, Rows * Dimensions);
        for (int r = 0; r < Rows; r++)
        {
            EmbeddingMath.Normalize(_plain.AsSpan(r * Dimensions, Dimensions));
        }

        _index = new EmbeddingIndex<int>(Dimensions, new EmbeddingIndexOptions
        {
            Storage = EmbeddingStorage.Float32 | EmbeddingStorage.Int8 | EmbeddingStorage.Binary,
            InitialCapacity = Rows,
        });
        _index.AddRange(Enumerable.Range(0, Rows).ToArray(), _plain);
        _query = NumericsData.Gaussian(4, Dimensions);
        EmbeddingMath.Normalize(_query);
        _scores = new float[Rows];
        for (int r = 0; r < Rows; r++)
        {
            _scores[r] = TensorPrimitives.Dot(_plain.AsSpan(r * Dimensions, Dimensions), _query);
        }
    }

    private byte[] _int8Sized = [];
    private int _int8Offset;

    [GlobalSetup(Target = nameof(BandwidthProbeInt8Block) + "," + nameof(BandwidthProbeBinaryBlock))]
    public unsafe void SetupProbes()
    {
        Setup();
        _int8Sized = GC.AllocateArray<byte>((Rows * Dimensions) + 64, pinned: true);
        _int8Offset = (int)((64 - ((nuint)Unsafe.AsPointer(ref _int8Sized[0]) % 64)) % 64);
        new Random(8).NextBytes(_int8Sized);
    }

    [GlobalCleanup]
    public void Cleanup() => _index.Dispose();

    [Benchmark(Baseline = true)]
    public int TensorPrimitivesDotLoop()
    {
        float[] scores = _scores;
        ReadOnlySpan<float> query = _query;
        for (int r = 0; r < Rows; r++)
        {
            scores[r] = TensorPrimitives.Dot(_plain.AsSpan(r * Dimensions, Dimensions), query);
        }

        return EmbeddingMath.TopK(scores, _topIndices, _topValues);
    }

    [Benchmark]
    public int IndexFloat32() => _index.Search(_query, K, Float32).Length;

    [Benchmark]
    public int IndexFloat32TwoThreads() => _index.Search(_query, K, Float32Parallel).Length;

    [Benchmark]
    public int IndexInt8Rerank() => _index.Search(_query, K, Int8).Length;

    [Benchmark]
    public int IndexInt8NoRerank() => _index.Search(_query, K, Int8NoRerank).Length;

    [Benchmark]
    public int IndexBinaryRerank() => _index.Search(_query, K, Binary).Length;

    [Benchmark]
    public int IndexBinaryNoRerank() => _index.Search(_query, K, BinaryNoRerank).Length;

    /// <summary>Reads exactly the bytes of the index's float32 block (4 independent 256-bit XOR chains), nothing else.</summary>
    [Benchmark]
    public uint BandwidthProbeFloat32Block()
    {
        ReadOnlySpan<float> first = _index.GetVector(0);
        return ReadProbe.Read(MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetReference(first), Rows * Dimensions)));
    }

    /// <summary>Reads as many bytes as the int8 block (a pinned, 64-byte-aligned copy of its size: the block itself is internal).</summary>
    [Benchmark]
    public uint BandwidthProbeInt8Block() => ReadProbe.Read(_int8Sized.AsSpan(_int8Offset, Rows * Dimensions));

    /// <summary>Reads as many bytes as the 1-bit block (96 bytes per row at d = 768).</summary>
    [Benchmark]
    public uint BandwidthProbeBinaryBlock() => ReadProbe.Read(_int8Sized.AsSpan(_int8Offset, Rows * Dimensions / 8));

    /// <summary>Top-10 selection alone over 100,000 precomputed scores (its share of a scan).</summary>
    [Benchmark]
    public int TopKSelectionOnly() => EmbeddingMath.TopK(_scores, _topIndices, _topValues);
}
