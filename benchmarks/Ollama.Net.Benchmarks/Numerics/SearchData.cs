using Ollama.Net.Numerics;

namespace Ollama.Net.Benchmarks.Numerics;

/// <summary>
/// Seeded embedding-like data sets for recall and speed, generated in batches (a million rows of 768 floats never
/// exist twice in memory):
/// <list type="bullet">
/// <item><b>clustered</b>: every row is one of <c>rows / 100</c> Gaussian centres plus Gaussian noise (σ = 0.5 per
/// element, so a row's cosine to its centre is about 0.9): neighbours are well separated from the rest.</item>
/// <item><b>mixed</b>: even rows are random directions (isotropic Gaussian), odd rows are clustered as above. A query near
/// a random row has one clear neighbour and then near-ties: random directions in 768 dimensions all score about
/// 0 ± 0.04 against it, the hard case for quantized scans.</item>
/// </list>
/// Queries are rows plus noise (σ = 0.5): half near random rows and half near clustered rows for the mixed set.
/// </summary>
internal sealed class SearchData
{
    private const float Noise = 0.5f;
    private readonly int _seed;
    private readonly float[] _centres;
    private readonly int _clusters;

    private SearchData(string name, int rows, int dimensions, int seed, bool mixed)
    {
        Name = name;
        Rows = rows;
        Dimensions = dimensions;
        Mixed = mixed;
        _seed = seed;
        _clusters = Math.Max(1, rows / 100);
        var random = new Random(seed);
        _centres = new float[_clusters * dimensions];
        Fill(random, _centres);
    }

    public string Name { get; }

    public int Rows { get; }

    public int Dimensions { get; }

    public bool Mixed { get; }

    public static SearchData Clustered(int rows, int dimensions, int seed = 1) => new("clustered", rows, dimensions, seed, mixed: false);

    public static SearchData MixedSet(int rows, int dimensions, int seed = 1) => new("mixed", rows, dimensions, seed, mixed: true);

    /// <summary>Row <paramref name="row"/>, the same on every call (a generator seeded per row).</summary>
    public void Row(int row, Span<float> destination)
    {
        var random = new Random(RowSeed(_seed, row));
        if (Mixed && row % 2 == 0)
        {
            Fill(random, destination);
            return;
        }

        ReadOnlySpan<float> centre = _centres.AsSpan(random.Next(_clusters) * Dimensions, Dimensions);
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = centre[i] + (Noise * Gaussian(random));
        }
    }

    /// <summary>Adds every row to the index (keys = row numbers), in batches of 10,000.</summary>
    public void AddTo(EmbeddingIndex<int> index)
    {
        const int Batch = 10_000;
        var keys = new int[Batch];
        var vectors = new float[Batch * Dimensions];
        for (int start = 0; start < Rows; start += Batch)
        {
            int n = Math.Min(Batch, Rows - start);
            Parallel.For(0, n, i => Row(start + i, vectors.AsSpan(i * Dimensions, Dimensions)));
            for (int i = 0; i < n; i++)
            {
                keys[i] = start + i;
            }

            index.AddRange(keys.AsSpan(0, n), vectors.AsSpan(0, n * Dimensions));
        }
    }

    /// <summary>
    /// <paramref name="count"/> queries, row-major: rows plus noise. For the mixed set the first half is near random
    /// rows and the second half near clustered rows.
    /// </summary>
    public float[] Queries(int count)
    {
        var random = new Random(_seed + 1_000_003);
        var queries = new float[count * Dimensions];
        var row = new float[Dimensions];
        for (int q = 0; q < count; q++)
        {
            int pick = random.Next(Rows / 2) * 2;
            if (!Mixed || q >= count / 2)
            {
                pick = Math.Min(Rows - 1, pick + 1);
            }

            Row(pick, row);
            for (int i = 0; i < Dimensions; i++)
            {
                queries[(q * Dimensions) + i] = row[i] + (Noise * Gaussian(random));
            }
        }

        return queries;
    }

    /// <summary>
    /// The generator seed of a row: fixed arithmetic, not <see cref="HashCode"/>, whose seed changes with every process
    /// (the data must be the same in every run). Multiplying by an odd number is a bijection modulo 2^31, so rows below
    /// 2^24 of seeds below 128 never share a generator; it also spreads neighbouring rows' seeds apart.
    /// </summary>
    private static int RowSeed(int seed, int row) => unchecked((int)(((uint)((seed << 24) + row) * 2_654_435_761u) & int.MaxValue));

    private static void Fill(Random random, Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = Gaussian(random);
        }
    }

    private static float Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }
}
