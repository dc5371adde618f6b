namespace Ollama.Net.Benchmarks.Numerics;

/// <summary>Deterministic benchmark data: Gaussian vectors (normalized where the consumer needs it).</summary>
internal static class NumericsData
{
    public static float[] Gaussian(int seed, int length)
    {
        var random = new Random(seed);
        var data = new float[length];
        for (int i = 0; i < data.Length; i += 2)
        {
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            double r = Math.Sqrt(-2.0 * Math.Log(u1));
            data[i] = (float)(r * Math.Cos(2 * Math.PI * u2));
            if (i + 1 < data.Length)
            {
                data[i + 1] = (float)(r * Math.Sin(2 * Math.PI * u2));
            }
        }

        return data;
    }
}
