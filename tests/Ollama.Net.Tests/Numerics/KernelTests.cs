using System.Numerics;
using Ollama.Net.Numerics;

namespace Ollama.Net.Tests.Numerics;

/// <summary>
/// Every kernel on every path, called directly: each path against a scalar reference on every machine (a path this CPU
/// lacks runs in software, or on the narrower instructions it has), and the accelerated paths against each other
/// bitwise (the float kernels promise the same arithmetic on the widths one process mixes). The suite also passes when run with
/// <c>DOTNET_EnableAVX512=0</c> or <c>DOTNET_EnableAVX2=0</c>, where each narrower path is the process's best.
/// </summary>
public class KernelTests
{
    /// <summary>Every kernel path, as ints (the enum is internal).</summary>
    public static TheoryData<int> Paths => new() { (int)KernelPath.Vector128, (int)KernelPath.Vector256, (int)KernelPath.Vector512 };

    /// <summary>Lengths around the groups (16 and 32) and half groups, so every kernel's last steps run.</summary>
    private static readonly int[] Lengths = [0, 1, 7, 8, 15, 16, 17, 31, 32, 33, 47, 48, 49, 64, 80, 100, 130, 784];

    private delegate void RowsKernel(ref float query, ref float rows, nint stride, int length, int count, Span<float> scores);

    /// <summary>Every float kernel shape of one path, as "scores of count rows against one query".</summary>
    private static IEnumerable<(string Name, RowsKernel Kernel)> FloatShapes(KernelPath path)
    {
        yield return ("blocked in L2", (ref float q, ref float r, nint stride, int length, int count, Span<float> s) => FloatKernels.DotRows(path, ref q, ref r, stride, length, count, s, fitsInL2: true));
        yield return ("blocked beyond L2", (ref float q, ref float r, nint stride, int length, int count, Span<float> s) => FloatKernels.DotRows(path, ref q, ref r, stride, length, count, s, fitsInL2: false));
        yield return ("streaming", (ref float q, ref float r, nint stride, int length, int count, Span<float> s) => FloatKernels.DotRowsStreaming(path, ref q, ref r, stride, length, count, s));
        yield return ("gather", (ref float q, ref float r, nint stride, int length, int count, Span<float> s) =>
            FloatKernels.DotRowsGather(path, ref q, ref r, stride, length, Enumerable.Range(0, count).ToArray(), s));
        yield return ("one", (ref float q, ref float r, nint stride, int length, int count, Span<float> s) =>
        {
            for (int i = 0; i < count; i++)
            {
                s[i] = FloatKernels.DotOne(path, ref q, ref System.Runtime.CompilerServices.Unsafe.Add(ref r, i * stride), length);
            }
        });
        yield return ("multi", (ref float q, ref float r, nint stride, int length, int count, Span<float> s) =>
        {
            // The query twice: the second copy's scores must equal the first's.
            float[] twice = [.. System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref q, length + 1), .. System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref q, length + 1)];
            var both = new float[2 * count];
            FloatKernels.DotRowsMulti(path, ref twice[0], length + 1, 2, ref r, stride, length, count, both);
            Assert.Equal(both.AsSpan(0, count).ToArray(), both.AsSpan(count).ToArray());
            both.AsSpan(0, count).CopyTo(s);
        });
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Float_kernels_match_the_double_reference_in_every_shape(int pathValue)
    {
        var random = new Random(13);
        foreach (int length in Lengths)
        {
            foreach (int stride in new[] { length, length + 3 })
            {
                for (int count = 0; count <= 9; count++)
                {
                    float[] rows = Reference.RandomVector(random, (count * stride) + 1);
                    float[] query = Reference.RandomVector(random, length + 1);
                    foreach ((string name, RowsKernel kernel) in FloatShapes((KernelPath)pathValue))
                    {
                        var scores = new float[count];
                        kernel(ref query[0], ref rows[0], stride, length, count, scores);
                        for (int r = 0; r < count; r++)
                        {
                            ReadOnlySpan<float> x = rows.AsSpan(r * stride, length), y = query.AsSpan(0, length);
                            double tolerance = (2e-6 * Reference.AbsDot(x, y)) + 1e-12;
                            Assert.True(Math.Abs(scores[r] - Reference.Dot(x, y)) <= tolerance, $"{name}, row {r} of {count}, length {length}");
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// Every shape on one path gives bitwise the same scores; so do the 512- and 256-bit paths (one process mixes them:
    /// <see cref="KernelPaths.Best"/> in the caches, <see cref="KernelPaths.Streaming"/> from memory). The 128-bit path
    /// sums sixteen lanes, not thirty-two; it is the only path of the processes that use it.
    /// </summary>
    [Fact]
    public void Float_kernels_give_bitwise_the_same_scores_in_every_shape_and_on_the_wide_paths()
    {
        var random = new Random(14);
        foreach (int length in Lengths)
        {
            const int Count = 11;
            float[] rows = Reference.RandomVector(random, (Count * (length + 5)) + 1);
            float[] query = Reference.RandomVector(random, length + 1);
            float[]? wide = null;
            foreach (KernelPath path in KernelPaths.Accelerated())
            {
                float[]? first = path == KernelPath.Vector128 ? null : wide;
                foreach ((string name, RowsKernel kernel) in FloatShapes(path))
                {
                    var scores = new float[Count];
                    kernel(ref query[0], ref rows[0], length + 5, length, Count, scores);
                    first ??= scores;
                    Assert.True(first.AsSpan().SequenceEqual(scores), $"{path} {name} differs at length {length}");
                }

                if (path != KernelPath.Vector128)
                {
                    wide = first;
                }
            }
        }
    }

    [Fact]
    public void The_paths_one_process_mixes_are_both_wide_or_both_the_128_bit_path()
    {
        Assert.Equal(KernelPaths.Best == KernelPath.Vector128, KernelPaths.Streaming == KernelPath.Vector128);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Int8_kernels_are_exact_on_every_path(int pathValue)
    {
        var path = (KernelPath)pathValue;
        var random = new Random(21);
        foreach (int length in new[] { 0, 1, 8, 15, 16, 17, 31, 32, 63, 64, 65, 100, 128, 192, 256, 768, 800 })
        {
            for (int count = 0; count <= 9; count++)
            {
                sbyte[] rows = Enumerable.Range(0, (count * length) + 1).Select(_ => (sbyte)random.Next(-127, 128)).ToArray(); // +1: rows[0] exists when count is 0
                int max = Quantization.QueryCodeMax(Math.Max(1, length));
                short[] query = Enumerable.Range(0, length + 1).Select(_ => (short)random.Next(-max, max + 1)).ToArray();
                var expected = new int[count];
                for (int r = 0; r < count; r++)
                {
                    long sum = 0;
                    for (int i = 0; i < length; i++)
                    {
                        sum += rows[(r * length) + i] * query[i];
                    }

                    expected[r] = checked((int)sum);
                }

                var dots = new int[count];
                Int8Kernels.DotRows(path, ref query[0], ref rows[0], length, length, count, dots);
                Assert.Equal(expected, dots);
                Array.Clear(dots);
                Int8Kernels.DotRowsStreaming(path, ref query[0], ref rows[0], length, length, count, dots);
                Assert.Equal(expected, dots);
                Int8Kernels.DotRowsGather(path, ref query[0], ref rows[0], length, length, Enumerable.Range(0, count).Reverse().ToArray(), dots);
                Assert.Equal(expected.Reverse(), dots);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Int8_kernels_do_not_overflow_in_the_worst_case_at_768_and_at_the_most_dimensions(int pathValue)
    {
        foreach (int length in new[] { 768, EmbeddingIndex<int>.MaxDimensions }) // 768: the streaming kernel of its own
        {
            int max = Quantization.QueryCodeMax(length);
            Assert.True(max >= 127, "the query keeps at least int8 precision");
            sbyte[] rows = Enumerable.Repeat((sbyte)127, length).Concat(Enumerable.Repeat((sbyte)-127, length)).ToArray();
            short[] query = Enumerable.Repeat((short)max, length).ToArray();
            var dots = new int[2];
            Int8Kernels.DotRows((KernelPath)pathValue, ref query[0], ref rows[0], length, length, 2, dots);
            Assert.Equal(127L * max * length, dots[0]);
            Assert.Equal(-127L * max * length, dots[1]);
            Int8Kernels.DotRowsStreaming((KernelPath)pathValue, ref query[0], ref rows[0], length, length, 2, dots);
            Assert.Equal(127L * max * length, dots[0]);
            Assert.Equal(-127L * max * length, dots[1]);
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Hamming_kernels_match_the_PopCount_reference_on_every_path(int pathValue)
    {
        var random = new Random(24);
        // Pairs of rows share vectors when a row is 8m + 4 words (12: 768 dimensions) or whole vectors; odd counts leave one row alone.
        foreach ((int words, int count) in new[] { (1, 7), (2, 7), (3, 7), (4, 7), (4, 1), (5, 7), (7, 7), (8, 7), (9, 7), (12, 7), (12, 8), (12, 1), (13, 7), (16, 7), (20, 9), (21, 7), (24, 6), (28, 5), (124, 3), (128, 3), (132, 3) })
        {
            ulong[] rows = Enumerable.Range(0, count * words).Select(_ => (ulong)random.NextInt64() ^ ((ulong)random.Next() << 40)).ToArray();
            ulong[] query = Enumerable.Range(0, words).Select(_ => (ulong)random.NextInt64()).ToArray();
            var distances = new int[count];
            BinaryKernels.HammingRows((KernelPath)pathValue, ref query[0], ref rows[0], words, count, distances);
            for (int r = 0; r < count; r++)
            {
                int expected = 0;
                for (int w = 0; w < words; w++)
                {
                    expected += BitOperations.PopCount(rows[(r * words) + w] ^ query[w]);
                }

                Assert.Equal(expected, distances[r]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public void Hamming_kernels_count_every_bit_at_the_longest_rows_that_sum_bytes_first(int pathValue)
    {
        foreach (int words in new[] { 116, 120, 124 })
        {
            ulong[] rows = Enumerable.Repeat(ulong.MaxValue, 3 * words).ToArray();
            ulong[] query = new ulong[words];
            var distances = new int[3];
            BinaryKernels.HammingRows((KernelPath)pathValue, ref query[0], ref rows[0], words, 3, distances);
            Assert.All(distances, d => Assert.Equal(64 * words, d));
        }
    }
}
