using Ollama.Net.Numerics;

namespace Ollama.Net.Tests.Numerics;

public class EmbeddingMathTests
{
    [Fact]
    public void Dot_matches_the_double_reference_at_every_length_0_to_256()
    {
        var random = new Random(1);
        for (int n = 0; n <= 256; n++)
        {
            float[] x = Reference.RandomVector(random, n), y = Reference.RandomVector(random, n);
            double expected = Reference.Dot(x, y);
            double tolerance = (2e-6 * Reference.AbsDot(x, y)) + 1e-12;
            Assert.True(Math.Abs(EmbeddingMath.Dot(x, y) - expected) <= tolerance, $"length {n}");
        }
    }

    [Fact]
    public void Norm_matches_the_double_reference_at_every_length_0_to_256()
    {
        var random = new Random(2);
        for (int n = 0; n <= 256; n++)
        {
            float[] x = Reference.RandomVector(random, n, 10f);
            double expected = Reference.Norm(x);
            Assert.True(Math.Abs(EmbeddingMath.Norm(x) - expected) <= (2e-6 * expected) + 1e-12, $"length {n}");
        }
    }

    [Fact]
    public void CosineSimilarity_matches_the_double_reference_at_every_length_0_to_256()
    {
        var random = new Random(3);
        for (int n = 0; n <= 256; n++)
        {
            float[] x = Reference.RandomVector(random, n, 5f), y = Reference.RandomVector(random, n, 0.1f);
            double expected = Reference.Cosine(x, y);
            Assert.True(Math.Abs(EmbeddingMath.CosineSimilarity(x, y) - expected) <= 2e-6, $"length {n}");
        }
    }

    [Theory]
    [MemberData(nameof(KernelTests.Paths), MemberType = typeof(KernelTests))]
    public void Every_cosine_kernel_path_matches_the_double_reference_at_every_length_0_to_256(int path)
    {
        var random = new Random(4);
        for (int n = 0; n <= 256; n++)
        {
            float[] x = Reference.RandomVector(random, n), y = Reference.RandomVector(random, n);
            CosineKernels.Accumulate((KernelPath)path, x, y, out float dot, out float xx, out float yy);
            Assert.True(Math.Abs(dot - Reference.Dot(x, y)) <= (2e-6 * Reference.AbsDot(x, y)) + 1e-12, $"dot, length {n}");
            Assert.True(Math.Abs(xx - Reference.Dot(x, x)) <= (2e-6 * Reference.Dot(x, x)) + 1e-12, $"xx, length {n}");
            Assert.True(Math.Abs(yy - Reference.Dot(y, y)) <= (2e-6 * Reference.Dot(y, y)) + 1e-12, $"yy, length {n}");
        }
    }

    [Fact]
    public void Normalize_in_place_and_to_a_destination_matches_the_double_reference_at_every_length_0_to_256()
    {
        var random = new Random(5);
        for (int n = 0; n <= 256; n++)
        {
            float[] x = Reference.RandomVector(random, n, 3f);
            double norm = Reference.Norm(x);
            var destination = new float[n + 2];
            destination[n] = 42f;
            float returned = EmbeddingMath.Normalize(x, destination);
            float[] inPlace = (float[])x.Clone();
            Assert.Equal(returned, EmbeddingMath.Normalize(inPlace));
            Assert.True(Math.Abs(returned - norm) <= (2e-6 * norm) + 1e-12, $"norm, length {n}");
            for (int i = 0; i < n; i++)
            {
                double expected = norm == 0 ? 0 : x[i] / norm;
                Assert.True(Math.Abs(destination[i] - expected) <= 1e-6, $"element {i}, length {n}");
                Assert.Equal(destination[i], inPlace[i]);
            }

            Assert.Equal(42f, destination[n]); // nothing written past the source length
            if (n > 0)
            {
                Assert.True(Math.Abs(Reference.Norm(destination.AsSpan(0, n)) - 1) <= 1e-6, $"unit length, length {n}");
            }
        }
    }

    [Fact]
    public void A_zero_vector_has_cosine_0_and_norm_0_and_Normalize_leaves_it_zero()
    {
        var zero = new float[37];
        float[] y = Reference.RandomVector(new Random(6), 37);
        Assert.Equal(0f, EmbeddingMath.CosineSimilarity(zero, y));
        Assert.Equal(0f, EmbeddingMath.CosineSimilarity(y, zero));
        Assert.Equal(0f, EmbeddingMath.CosineSimilarity(zero, zero));
        Assert.Equal(0f, EmbeddingMath.CosineSimilarity([], []));
        Assert.Equal(0f, EmbeddingMath.Norm(zero));
        var negativeZero = new float[] { -0f, -0f, -0f };
        Assert.Equal(0f, EmbeddingMath.Normalize(negativeZero));
        Assert.All(negativeZero, v => Assert.True(v == 0 && !float.IsNegative(v)));
    }

    [Theory]
    [InlineData(1, 0)]
    [InlineData(7, 3)]
    [InlineData(64, 0)]
    [InlineData(64, 63)]
    [InlineData(100, 97)] // in the scalar tail of the vector loops
    [InlineData(256, 130)]
    public void NaN_propagates(int length, int position)
    {
        var random = new Random(7);
        float[] x = Reference.RandomVector(random, length), y = Reference.RandomVector(random, length);
        x[position] = float.NaN;
        Assert.True(float.IsNaN(EmbeddingMath.CosineSimilarity(x, y)));
        Assert.True(float.IsNaN(EmbeddingMath.CosineSimilarity(y, x)));
        Assert.True(float.IsNaN(EmbeddingMath.CosineSimilarity(x, new float[length])), "zero vector does not hide NaN");
        Assert.True(float.IsNaN(EmbeddingMath.Dot(x, y)));
        Assert.True(float.IsNaN(EmbeddingMath.Norm(x)));
        Assert.True(float.IsNaN(EmbeddingMath.Normalize(x)));
        Assert.All(x, v => Assert.True(float.IsNaN(v)));
    }

    [Theory]
    [InlineData(1, 0, 1f)]
    [InlineData(9, 8, -1f)]
    [InlineData(64, 5, 1f)]
    [InlineData(100, 99, -1f)]
    public void Infinity_gives_a_NaN_cosine_an_infinite_norm_and_a_NaN_normalization(int length, int position, float sign)
    {
        var random = new Random(8);
        float[] x = Reference.RandomVector(random, length), y = Reference.RandomVector(random, length);
        x[position] = sign * float.PositiveInfinity;
        Assert.True(float.IsNaN(EmbeddingMath.CosineSimilarity(x, y)));
        Assert.True(float.IsNaN(EmbeddingMath.CosineSimilarity(x, new float[length])));
        Assert.Equal(float.PositiveInfinity, EmbeddingMath.Norm(x));
        Assert.True(float.IsInfinity(EmbeddingMath.Dot(x, Enumerable.Repeat(1f, length).ToArray())));
        float[] destination = new float[length];
        Assert.Equal(float.PositiveInfinity, EmbeddingMath.Normalize(x, destination));
        Assert.All(destination, v => Assert.True(float.IsNaN(v)));
    }

    [Fact]
    public void Huge_and_tiny_finite_values_are_handled_in_double_precision()
    {
        float s = MathF.Sqrt(0.5f);
        Assert.Equal(s, EmbeddingMath.CosineSimilarity([1e30f, 1e30f], [1e30f, 0f]), 6);
        Assert.Equal(s, EmbeddingMath.CosineSimilarity([1e-30f, 1e-30f], [1e-30f, 0f]), 6);
        Assert.Equal(s, EmbeddingMath.CosineSimilarity([1e-40f, 1e-40f], [1e-40f, 0f]), 6); // subnormal
        Assert.Equal(1e30f * MathF.Sqrt(2f), EmbeddingMath.Norm([1e30f, 1e30f]), 1e24f);
        Assert.Equal(1e-30f * MathF.Sqrt(2f), EmbeddingMath.Norm([1e-30f, 1e-30f]), 1e-36f);

        float[] huge = [3e38f, 3e38f];
        Assert.Equal(float.PositiveInfinity, EmbeddingMath.Normalize(huge)); // the norm itself is out of range
        Assert.Equal(s, huge[0], 6);
        Assert.Equal(s, huge[1], 6);

        float[] tiny = [1e-40f, 0f, -1e-40f];
        EmbeddingMath.Normalize(tiny);
        Assert.Equal(s, tiny[0], 6);
        Assert.Equal(0f, tiny[1]);
        Assert.Equal(-s, tiny[2], 6);
    }

    [Fact]
    public void CosineSimilarity_is_clamped_to_minus_one_and_one()
    {
        var random = new Random(9);
        for (int n = 1; n <= 256; n++)
        {
            float[] x = Reference.RandomVector(random, n, 1000f);
            float[] minus = x.Select(v => -v).ToArray();
            float[] scaled = x.Select(v => v * 3f).ToArray();
            float same = EmbeddingMath.CosineSimilarity(x, scaled);
            float opposite = EmbeddingMath.CosineSimilarity(x, minus);
            Assert.InRange(same, 1f - 1e-6f, 1f);
            Assert.InRange(opposite, -1f, -1f + 1e-6f);
        }
    }

    [Fact]
    public void Mismatched_lengths_throw_ArgumentException_naming_the_parameter()
    {
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => EmbeddingMath.Dot(new float[3], new float[4])).ParamName);
        Assert.Equal("y", Assert.Throws<ArgumentException>(() => EmbeddingMath.CosineSimilarity(new float[4], new float[3])).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => EmbeddingMath.Normalize(new float[4], new float[3])).ParamName);
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => EmbeddingMath.TopK(new float[10], new int[3], new float[2])).ParamName);
        Assert.Equal("left", Assert.Throws<ArgumentException>(() => EmbeddingMath.CosineSimilarityMatrix(new float[5], new float[4], 2, new float[100])).ParamName);
        Assert.Equal("right", Assert.Throws<ArgumentException>(() => EmbeddingMath.CosineSimilarityMatrix(new float[4], new float[5], 2, new float[100])).ParamName);
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => EmbeddingMath.CosineSimilarityMatrix(new float[4], new float[6], 2, new float[5])).ParamName);
        Assert.Equal("dimensions", Assert.Throws<ArgumentOutOfRangeException>(() => EmbeddingMath.CosineSimilarityMatrix(new float[4], new float[6], 0, new float[5])).ParamName);
        var message = Assert.Throws<ArgumentException>(() => EmbeddingMath.Dot(new float[3], new float[4])).Message;
        Assert.Contains("3", message);
        Assert.Contains("4", message);
    }

    [Fact]
    public void Normalize_throws_on_a_partial_overlap_and_the_same_span_is_in_place()
    {
        var buffer = new float[] { 3, 4, 0, 0 };
        Assert.Equal("destination", Assert.Throws<ArgumentException>(() => EmbeddingMath.Normalize(buffer.AsSpan(0, 2), buffer.AsSpan(1, 2))).ParamName);
        Assert.Equal(5f, EmbeddingMath.Normalize(buffer.AsSpan(0, 2), buffer.AsSpan(0, 3)));
        Assert.Equal([0.6f, 0.8f, 0f, 0f], buffer);
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 5, 7)]
    [InlineData(17, 70, 9)] // right rows span two blocks of 64
    [InlineData(64, 4, 130)]
    [InlineData(100, 66, 3)]
    [InlineData(5, 0, 3)]
    [InlineData(5, 3, 0)]
    public void CosineSimilarityMatrix_matches_the_pairwise_reference(int dimensions, int m, int n)
    {
        var random = new Random(10 + dimensions);
        float[] left = Reference.RandomVector(random, m * dimensions), right = Reference.RandomVector(random, n * dimensions);
        if (m > 1)
        {
            left.AsSpan(dimensions, dimensions).Clear(); // a zero row
        }

        if (n > 2)
        {
            right[(2 * dimensions) + (dimensions / 2)] = float.NaN; // a NaN row
        }

        var destination = new float[(m * n) + 1];
        destination[^1] = 42f;
        EmbeddingMath.CosineSimilarityMatrix(left, right, dimensions, destination);
        Assert.Equal(42f, destination[^1]);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                ReadOnlySpan<float> x = left.AsSpan(i * dimensions, dimensions), y = right.AsSpan(j * dimensions, dimensions);
                float actual = destination[(i * n) + j];
                if (j == 2 && n > 2)
                {
                    Assert.True(float.IsNaN(actual), $"NaN row ({i},{j})");
                }
                else
                {
                    Assert.True(Math.Abs(actual - Reference.Cosine(x, y)) <= 2e-6, $"cell ({i},{j})");
                    Assert.Equal(EmbeddingMath.CosineSimilarity(x, y), actual, 2e-6f);
                }
            }
        }
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(1, 1)]
    [InlineData(10, 0)]
    [InlineData(10, 3)]
    [InlineData(100, 10)]
    [InlineData(1000, 10)]
    [InlineData(1000, 1000)]
    [InlineData(50, 60)]
    public void TopK_equals_a_full_sort_on_random_data_with_ties_NaN_and_infinities(int n, int k)
    {
        var random = new Random(11 + n + k);
        var scores = new float[n];
        for (int i = 0; i < n; i++)
        {
            scores[i] = random.Next(20) switch
            {
                0 => float.NaN,
                1 => float.PositiveInfinity,
                2 => float.NegativeInfinity,
                3 => -0f,
                4 => 0f,
                _ => random.Next(30) / 7f, // few distinct values: many ties
            };
        }

        var indices = new int[k];
        var values = new float[k];
        int count = EmbeddingMath.TopK(scores, indices, values);
        int[] expected = Reference.FullSortTopK(scores, k);
        Assert.Equal(expected.Length, count);
        Assert.Equal(expected, indices.AsSpan(0, count).ToArray());
        for (int i = 0; i < count; i++)
        {
            Assert.Equal(scores[indices[i]], values[i]);
        }
    }

    [Fact]
    public void TopK_equals_a_full_sort_on_large_random_input()
    {
        var random = new Random(12);
        float[] scores = Reference.RandomVector(random, 100_000);
        var indices = new int[10];
        var values = new float[10];
        Assert.Equal(10, EmbeddingMath.TopK(scores, indices, values));
        Assert.Equal(Reference.FullSortTopK(scores, 10), indices);
    }
}
