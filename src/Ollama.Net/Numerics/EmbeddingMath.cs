using System.Numerics.Tensors;
using System.Runtime.InteropServices;

namespace Ollama.Net.Numerics;

/// <summary>
/// Span-based vector math for embeddings: dot product, norm, cosine similarity, normalization, a pairwise
/// similarity matrix and top-k selection. No method allocates on the heap.
/// </summary>
/// <remarks>
/// <para>
/// Arithmetic is single precision with several vector accumulators, so results differ from a double-precision
/// reference by a few units in the last place (relative to the magnitudes summed). Inputs whose squares would
/// overflow or underflow single precision are recomputed in double precision, so very large or very small but
/// finite vectors still give correct cosines and unit vectors.
/// </para>
/// <para>
/// Special values: the cosine similarity with a zero vector (or an empty one) is defined as 0. A NaN or ±∞ element
/// makes the direction undefined: <see cref="CosineSimilarity"/> returns NaN and <see cref="Normalize(Span{float})"/>
/// fills the vector with NaN. <see cref="Dot"/> and <see cref="Norm"/> follow IEEE arithmetic (NaN propagates, ∞ stays ∞).
/// </para>
/// </remarks>
public static class EmbeddingMath
{
    /// <summary>Smallest single-precision sum of squares trusted without a double-precision recheck.</summary>
    private const float SmallestSafeSumOfSquares = 1e-30f;

    /// <summary>Right-hand rows whose norms <see cref="CosineSimilarityMatrix"/> keeps on the stack at once.</summary>
    private const int MatrixBlock = 64;

    /// <summary>Returns the dot product <c>Σ x[i]·y[i]</c>.</summary>
    /// <param name="x">The first vector.</param>
    /// <param name="y">The second vector; must have the same length as <paramref name="x"/>.</param>
    /// <returns>The dot product (0 for empty vectors). NaN if an element is NaN; may be ±∞ on overflow.</returns>
    /// <exception cref="ArgumentException">The lengths differ (the exception names <paramref name="y"/>).</exception>
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        CheckSameLength(x.Length, y.Length, nameof(y));
        return TensorPrimitives.Dot(x, y);
    }

    /// <summary>Returns the Euclidean norm <c>√(Σ x[i]²)</c>.</summary>
    /// <param name="x">The vector.</param>
    /// <returns>
    /// The norm (0 for a zero or empty vector). NaN if an element is NaN, +∞ if an element is ±∞ (and no element is NaN),
    /// or if the true norm exceeds <see cref="float.MaxValue"/>.
    /// </returns>
    public static float Norm(ReadOnlySpan<float> x)
    {
        float sumOfSquares = TensorPrimitives.SumOfSquares(x);
        if (IsSafe(sumOfSquares))
        {
            return MathF.Sqrt(sumOfSquares);
        }

        return (float)Math.Sqrt(SumOfSquaresDouble(x));
    }

    /// <summary>Returns the cosine of the angle between two vectors, <c>x·y / (‖x‖·‖y‖)</c>, clamped to [-1, 1].</summary>
    /// <param name="x">The first vector.</param>
    /// <param name="y">The second vector; must have the same length as <paramref name="x"/>.</param>
    /// <returns>
    /// The cosine similarity in [-1, 1]. NaN if either vector contains NaN or ±∞. Otherwise 0 if either vector is
    /// zero (all elements ±0) or empty.
    /// </returns>
    /// <exception cref="ArgumentException">The lengths differ (the exception names <paramref name="y"/>).</exception>
    public static float CosineSimilarity(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        CheckSameLength(x.Length, y.Length, nameof(y));
        CosineKernels.Accumulate(x, y, out float dot, out float xx, out float yy);
        return FinishCosine(x, y, dot, xx, yy);
    }

    /// <summary>Scales a vector in place to unit length.</summary>
    /// <param name="vector">The vector to normalize.</param>
    /// <returns>
    /// The norm the vector had before (see <see cref="Norm"/>). A zero vector stays zero (every element +0) and 0 is returned.
    /// If the vector contains NaN or ±∞ every element becomes NaN and the NaN or +∞ norm is returned.
    /// </returns>
    public static float Normalize(Span<float> vector) => Normalize(vector, vector);

    /// <summary>Writes the unit vector in the direction of <paramref name="source"/> to <paramref name="destination"/>.</summary>
    /// <param name="source">The vector to normalize.</param>
    /// <param name="destination">
    /// Receives the unit vector in its first <c>source.Length</c> elements. It may be the same span as
    /// <paramref name="source"/> (in-place), but must not overlap it otherwise.
    /// </param>
    /// <returns>
    /// The norm of <paramref name="source"/>. A zero source gives a zero destination and returns 0; a source with NaN or
    /// ±∞ fills the destination with NaN.
    /// </returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="destination"/> is shorter than <paramref name="source"/>, or the spans partially overlap.
    /// </exception>
    public static float Normalize(ReadOnlySpan<float> source, Span<float> destination)
    {
        if (destination.Length < source.Length)
        {
            throw new ArgumentException(
                $"The destination has {destination.Length} elements but the source has {source.Length}; pass a destination at least as long as the source.",
                nameof(destination));
        }

        destination = destination[..source.Length];
        if (source.Overlaps(destination, out int offset) && offset != 0)
        {
            throw new ArgumentException(
                "The destination partially overlaps the source; pass the same span (to normalize in place) or a separate buffer.",
                nameof(destination));
        }

        float sumOfSquares = TensorPrimitives.SumOfSquares(source);
        if (IsSafe(sumOfSquares))
        {
            float norm = MathF.Sqrt(sumOfSquares);
            TensorPrimitives.Divide(source, norm, destination);
            return norm;
        }

        double normDouble = Math.Sqrt(SumOfSquaresDouble(source));
        if (!double.IsFinite(normDouble))
        {
            destination.Fill(float.NaN);
        }
        else if (normDouble == 0)
        {
            // A zero vector stays zero (also turns -0 into +0 so the output never carries a stray sign).
            destination.Clear();
        }
        else
        {
            for (int i = 0; i < source.Length; i++)
            {
                destination[i] = (float)(source[i] / normDouble);
            }
        }

        return (float)normDouble;
    }

    /// <summary>
    /// Fills an M×N row-major matrix with the cosine similarity of every row of <paramref name="left"/> with every row of
    /// <paramref name="right"/>: <c>destination[i·N + j] = CosineSimilarity(left row i, right row j)</c>.
    /// </summary>
    /// <param name="left">M row vectors of <paramref name="dimensions"/> elements each, one after another.</param>
    /// <param name="right">N row vectors of <paramref name="dimensions"/> elements each, one after another.</param>
    /// <param name="dimensions">The length of every row; must be positive.</param>
    /// <param name="destination">Receives the M·N similarities in its first M·N elements.</param>
    /// <remarks>Each element follows the rules of <see cref="CosineSimilarity"/> (zero rows give 0, NaN/∞ rows give NaN).</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimensions"/> is zero or negative.</exception>
    /// <exception cref="ArgumentException">
    /// The length of <paramref name="left"/> or <paramref name="right"/> is not a multiple of <paramref name="dimensions"/>,
    /// or <paramref name="destination"/> is shorter than M·N.
    /// </exception>
    public static void CosineSimilarityMatrix(ReadOnlySpan<float> left, ReadOnlySpan<float> right, int dimensions, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        CheckWholeRows(left.Length, dimensions, nameof(left));
        CheckWholeRows(right.Length, dimensions, nameof(right));
        int m = left.Length / dimensions, n = right.Length / dimensions;
        long cells = (long)m * n;
        if (destination.Length < cells)
        {
            throw new ArgumentException(
                $"The destination has {destination.Length} elements but {m}×{n} = {cells} are needed; pass a larger destination.",
                nameof(destination));
        }

        KernelPath path = KernelPaths.Best;
        Span<float> rightSumOfSquares = stackalloc float[MatrixBlock];
        Span<float> dots = stackalloc float[MatrixBlock];
        ref float rightBase = ref MemoryMarshal.GetReference(right);
        for (int j0 = 0; j0 < n; j0 += MatrixBlock)
        {
            int width = Math.Min(MatrixBlock, n - j0);
            for (int j = 0; j < width; j++)
            {
                rightSumOfSquares[j] = TensorPrimitives.SumOfSquares(right.Slice((j0 + j) * dimensions, dimensions));
            }

            ref float block = ref System.Runtime.CompilerServices.Unsafe.Add(ref rightBase, (nint)j0 * dimensions);
            for (int i = 0; i < m; i++)
            {
                ReadOnlySpan<float> row = left.Slice(i * dimensions, dimensions);
                float xx = TensorPrimitives.SumOfSquares(row);
                FloatKernels.DotRows(path, ref MemoryMarshal.GetReference(row), ref block, dimensions, dimensions, width, dots, (long)width * dimensions * sizeof(float) <= FloatKernels.L2Bytes);
                Span<float> outRow = destination.Slice((i * n) + j0, width);
                for (int j = 0; j < width; j++)
                {
                    float yy = rightSumOfSquares[j];
                    float dot = dots[j];
                    outRow[j] = IsSafe(xx) && IsSafe(yy) && float.IsFinite(dot)
                        ? Math.Clamp(dot / MathF.Sqrt(xx) / MathF.Sqrt(yy), -1f, 1f)
                        : CosineSimilarity(row, right.Slice((j0 + j) * dimensions, dimensions));
                }
            }
        }
    }

    /// <summary>
    /// Selects the <c>k = indices.Length</c> highest scores, best first, without sorting the whole input.
    /// </summary>
    /// <param name="scores">The scores to select from.</param>
    /// <param name="indices">Receives the positions in <paramref name="scores"/> of the selected scores, best first. Its length is k.</param>
    /// <param name="values">Receives the selected scores, in the same order; must have the same length as <paramref name="indices"/>.</param>
    /// <returns>The number of entries written: <c>min(k, scores.Length)</c>.</returns>
    /// <remarks>
    /// The order is deterministic: higher score first; equal scores by lower index; NaN ranks below every number
    /// (including -∞). The result equals the first k entries of a full stable sort by descending score.
    /// Runs in O(n log k) time; <paramref name="indices"/> and <paramref name="values"/> serve as the working heap.
    /// </remarks>
    /// <exception cref="ArgumentException"><paramref name="values"/> and <paramref name="indices"/> have different lengths.</exception>
    public static int TopK(ReadOnlySpan<float> scores, Span<int> indices, Span<float> values)
    {
        CheckSameLength(indices.Length, values.Length, nameof(values));
        int k = Math.Min(indices.Length, scores.Length);
        if (k == 0)
        {
            return 0;
        }

        var collector = new TopKCollector(values[..k], indices[..k]);
        for (int i = 0; i < scores.Length; i++)
        {
            collector.Offer(scores[i], i);
        }

        return collector.SortDescending();
    }

    /// <summary>Turns the three sums into a cosine, falling back to double precision for any exceptional value.</summary>
    internal static float FinishCosine(ReadOnlySpan<float> x, ReadOnlySpan<float> y, float dot, float xx, float yy)
    {
        if (IsSafe(xx) && IsSafe(yy) && float.IsFinite(dot))
        {
            return Math.Clamp(dot / MathF.Sqrt(xx) / MathF.Sqrt(yy), -1f, 1f);
        }

        double d = 0, a = 0, b = 0;
        for (int i = 0; i < x.Length; i++)
        {
            double xi = x[i], yi = y[i];
            d += xi * yi;
            a += xi * xi;
            b += yi * yi;
        }

        if (double.IsNaN(d) || !double.IsFinite(a) || !double.IsFinite(b))
        {
            return float.NaN;
        }

        if (a == 0 || b == 0)
        {
            return 0f;
        }

        return (float)Math.Clamp(d / Math.Sqrt(a) / Math.Sqrt(b), -1.0, 1.0);
    }

    /// <summary>Throws the standard length-mismatch exception naming <paramref name="paramName"/>.</summary>
    internal static void CheckSameLength(int expected, int actual, string paramName)
    {
        if (expected != actual)
        {
            throw new ArgumentException(
                $"Expected {expected} elements (the length of the first argument) but got {actual}; both must have the same length.",
                paramName);
        }
    }

    private static void CheckWholeRows(int length, int dimensions, string paramName)
    {
        if (length % dimensions != 0)
        {
            throw new ArgumentException(
                $"The span has {length} elements, which is not a whole number of rows of {dimensions} dimensions.",
                paramName);
        }
    }

    private static bool IsSafe(float sumOfSquares) => sumOfSquares >= SmallestSafeSumOfSquares && float.IsFinite(sumOfSquares);

    private static double SumOfSquaresDouble(ReadOnlySpan<float> x)
    {
        double sum = 0;
        foreach (float v in x)
        {
            sum += (double)v * v;
        }

        return sum;
    }
}
