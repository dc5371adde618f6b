namespace Ollama.Net.Tests.Numerics;

/// <summary>Scalar double-precision references and deterministic test data.</summary>
internal static class Reference
{
    public static double Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += (double)x[i] * y[i];
        }

        return sum;
    }

    /// <summary>Σ|x·y|: the scale the rounding error of a dot product is relative to.</summary>
    public static double AbsDot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        double sum = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sum += Math.Abs((double)x[i] * y[i]);
        }

        return sum;
    }

    public static double Norm(ReadOnlySpan<float> x) => Math.Sqrt(Dot(x, x));

    public static double Cosine(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        double nx = Norm(x), ny = Norm(y);
        return nx == 0 || ny == 0 ? 0 : Dot(x, y) / (nx * ny);
    }

    public static float[] RandomVector(Random random, int length, float scale = 1f)
    {
        var v = new float[length];
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = ((float)random.NextDouble() * 2f - 1f) * scale;
        }

        return v;
    }

    /// <summary>The first k of a full stable sort: score descending, NaN last, then index ascending.</summary>
    public static int[] FullSortTopK(ReadOnlySpan<float> scores, int k)
    {
        float[] copy = scores.ToArray();
        return Enumerable.Range(0, copy.Length)
            .OrderBy(i => float.IsNaN(copy[i]) ? 1 : 0)
            .ThenByDescending(i => float.IsNaN(copy[i]) ? 0f : copy[i])
            .ThenBy(i => i)
            .Take(k)
            .ToArray();
    }

    /// <summary>
    /// Clustered unit-free data: <paramref name="clusters"/> random centres, each row a centre plus Gaussian noise.
    /// Typical of real embeddings, where near neighbours have close scores (the hard case for quantization).
    /// </summary>
    public static float[] Clustered(int seed, int rows, int dimensions, int clusters, float noise)
    {
        var random = new Random(seed);
        var centres = new float[clusters * dimensions];
        for (int i = 0; i < centres.Length; i++)
        {
            centres[i] = Gaussian(random);
        }

        var data = new float[rows * dimensions];
        for (int r = 0; r < rows; r++)
        {
            int c = random.Next(clusters);
            for (int i = 0; i < dimensions; i++)
            {
                data[(r * dimensions) + i] = centres[(c * dimensions) + i] + (noise * Gaussian(random));
            }
        }

        return data;
    }

    public static float Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }
}
