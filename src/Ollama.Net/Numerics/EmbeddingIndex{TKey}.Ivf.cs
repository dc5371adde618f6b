using System.Buffers;
using System.Runtime.CompilerServices;

namespace Ollama.Net.Numerics;

public sealed partial class EmbeddingIndex<TKey>
{
    private Ivf? _ivf;

    /// <summary>The number of inverted lists built by <see cref="BuildIvf"/>; 0 when the index has none.</summary>
    public int IvfListCount => _ivf?.Lists ?? 0;

    /// <summary>
    /// Clusters the rows into inverted lists (IVF): k-means centroids trained on a sample of the rows, every row in the
    /// list of its nearest centroid. Searches then score the query against the centroids and scan only the rows of the
    /// <see cref="EmbeddingSearchOptions.IvfProbes"/> nearest lists, with any stored representation and the usual
    /// re-ranking: sub-linear, approximate search for large indexes. Rows added later join the list of their nearest
    /// centroid; <see cref="Save(Stream)"/> keeps the lists.
    /// </summary>
    /// <param name="options">The number of lists, training iterations, sample size, seed and parallelism; null for the defaults.</param>
    /// <remarks>
    /// Needs <see cref="EmbeddingStorage.Float32"/> rows (the centroids are trained on them) and at least one row.
    /// Training is spherical k-means with the index's own kernels: rows and centroids are unit vectors and a row belongs
    /// to the centroid of highest cosine. Building again replaces the lists.
    /// </remarks>
    /// <exception cref="InvalidOperationException">The index keeps no float32 rows, or has no rows.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range (lists above <see cref="Count"/>, for example).</exception>
    /// <exception cref="ObjectDisposedException">The index has been disposed.</exception>
    public void BuildIvf(IvfOptions? options = null)
    {
        using LockScope writing = Write();
        ThrowIfDisposed();
        options ??= new IvfOptions();
        if (!Has(EmbeddingStorage.Float32))
        {
            throw new InvalidOperationException("BuildIvf trains its centroids on float32 rows; create the index with EmbeddingStorage.Float32.");
        }

        if (_count == 0)
        {
            throw new InvalidOperationException("BuildIvf needs rows to train on; add the rows first.");
        }

        int lists = options.Lists ?? Math.Clamp((int)Math.Round(Math.Sqrt(_count)), 1, _count);
        if (lists < 1 || lists > _count)
        {
            throw new ArgumentOutOfRangeException(nameof(options), lists, $"Lists must be between 1 and Count ({_count}).");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.Iterations, nameof(options));
        int sample = options.TrainingSampleSize ?? (int)Math.Min(_count, 64L * lists);
        if (sample < lists || sample > _count)
        {
            throw new ArgumentOutOfRangeException(nameof(options), sample, $"TrainingSampleSize must be between Lists ({lists}) and Count ({_count}).");
        }

        if (options.MaxDegreeOfParallelism is 0 or < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxDegreeOfParallelism, "MaxDegreeOfParallelism must be -1 (all processors) or at least 1.");
        }

        int degree = options.MaxDegreeOfParallelism == -1 ? Environment.ProcessorCount : options.MaxDegreeOfParallelism;
        var ivf = new Ivf(lists, _floatStride, _codeStride, Math.Max(_count, _store.Capacity));
        Train(ivf, sample, options.Iterations, options.Seed, degree);
        ivf.AssignAll(this, _count, degree);
        _ivf = ivf;
    }

    /// <summary>Removes the inverted lists: searches scan every row again.</summary>
    /// <exception cref="ObjectDisposedException">The index has been disposed.</exception>
    public void RemoveIvf()
    {
        using LockScope writing = Write();
        ThrowIfDisposed();
        _ivf = null;
    }

    /// <summary>The rows of the <paramref name="probes"/> lists whose centroids are nearest to the unit query.</summary>
    private RowSet ProbeIvf(Ivf ivf, ReadOnlySpan<float> unit, int probes, out int[] rented)
    {
        probes = Math.Min(probes, ivf.Lists);
        float[] scores = ArrayPool<float>.Shared.Rent(ivf.Lists);
        float[] best = ArrayPool<float>.Shared.Rent(probes);
        int[] nearest = ArrayPool<int>.Shared.Rent(probes);
        try
        {
            FloatKernels.DotRows(KernelPaths.Best, ref Unsafe.AsRef(in unit[0]), ref ivf.Centroids.First, _floatStride, _floatStride, ivf.Lists, scores, (long)ivf.Lists * _floatStride * sizeof(float) <= FloatKernels.L2Bytes);
            var collector = new TopKCollector(best.AsSpan(0, probes), nearest.AsSpan(0, probes));
            for (int l = 0; l < ivf.Lists; l++)
            {
                collector.Offer(scores[l], l);
            }

            int found = collector.SortDescending();
            var lists = new IvfList[found];
            var starts = new int[found + 1];
            for (int i = 0; i < found; i++)
            {
                lists[i] = ivf.Of[nearest[i]];
                starts[i + 1] = starts[i] + lists[i].Size;
            }

            rented = ArrayPool<int>.Shared.Rent(Math.Max(1, starts[found]));
            for (int i = 0; i < found; i++)
            {
                lists[i].Rows.AsSpan(0, lists[i].Size).CopyTo(rented.AsSpan(starts[i]));
            }

            return new RowSet(starts[found], rented, new IvfProbe(lists, starts));
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scores);
            ArrayPool<float>.Shared.Return(best);
            ArrayPool<int>.Shared.Return(nearest);
        }
    }

    /// <summary>The probed lists of one search: positions <c>Starts[i]</c> to <c>Starts[i + 1]</c> of its row set are list <c>Lists[i]</c>.</summary>
    private sealed record IvfProbe(IvfList[] Lists, int[] Starts);

    /// <summary>Spherical k-means on a seeded sample of the rows; an emptied cluster restarts at the sample row its centroid serves worst.</summary>
    private void Train(Ivf ivf, int sample, int iterations, int seed, int degree)
    {
        int lists = ivf.Lists;
        int stride = _floatStride;
        var random = new Random(seed);
        int[] picked = PickDistinct(random, _count, sample);
        var training = new float[(long)sample * stride];
        ReadOnlySpan<float> rows = _store.Floats!.Span;
        for (int i = 0; i < sample; i++)
        {
            rows.Slice(picked[i] * stride, stride).CopyTo(training.AsSpan(i * stride, stride));
        }

        // Initial centroids: the first rows of the (random) sample.
        training.AsSpan(0, lists * stride).CopyTo(ivf.Centroids.Span);
        var nearest = new int[sample];
        var similarity = new float[sample];
        var sums = new double[(long)lists * stride];
        var counts = new int[lists];
        for (int iteration = 0; iteration < iterations; iteration++)
        {
            Assign(ivf, training, sample, nearest, similarity, degree);
            Array.Clear(sums);
            Array.Clear(counts);
            for (int i = 0; i < sample; i++)
            {
                int c = nearest[i];
                counts[c]++;
                Span<double> sum = sums.AsSpan(c * stride, stride);
                ReadOnlySpan<float> row = training.AsSpan(i * stride, stride);
                for (int j = 0; j < _dimensions; j++)
                {
                    sum[j] += row[j];
                }
            }

            Span<float> centroids = ivf.Centroids.Span;
            for (int c = 0; c < lists; c++)
            {
                Span<float> centroid = centroids.Slice(c * stride, stride);
                ReadOnlySpan<double> sum = sums.AsSpan(c * stride, _dimensions);
                if (counts[c] == 0 || !sum.ContainsAnyExcept(0.0))
                {
                    // Restart an empty cluster (or one of zero rows) at the sample row farthest from its own centroid.
                    int worst = 0;
                    for (int i = 1; i < sample; i++)
                    {
                        if (similarity[i] < similarity[worst])
                        {
                            worst = i;
                        }
                    }

                    similarity[worst] = float.PositiveInfinity;
                    training.AsSpan(worst * stride, stride).CopyTo(centroid);
                    continue;
                }

                for (int j = 0; j < _dimensions; j++)
                {
                    centroid[j] = (float)sum[j];
                }

                EmbeddingMath.Normalize(centroid[.._dimensions]);
            }
        }
    }

    /// <summary>The nearest centroid (highest dot product; ties to the lower list) of each of <paramref name="count"/> rows with the index's stride.</summary>
    private static void Assign(Ivf ivf, float[] rows, int count, int[] nearest, float[] similarity, int degree)
    {
        const int Group = QueriesPerPass;
        int groups = (count + Group - 1) / Group;
        Parallel.For(0, groups, new ParallelOptions { MaxDegreeOfParallelism = degree }, g =>
        {
            int first = g * Group;
            AssignGroup(ivf, ref rows[(long)first * ivf.Stride], Math.Min(Group, count - first), nearest.AsSpan(first), similarity.AsSpan(first));
        });
    }

    /// <summary>Up to 16 rows against every centroid, 64 centroids at a time (they stay in L2 while the rows pass).</summary>
    [SkipLocalsInit]
    private static void AssignGroup(Ivf ivf, ref float rows, int count, Span<int> nearest, Span<float> similarity)
    {
        Span<float> scores = stackalloc float[QueriesPerPass * MultiQueryRows];
        nearest[..count].Clear();
        similarity[..count].Fill(float.NegativeInfinity);
        for (int c0 = 0; c0 < ivf.Lists; c0 += MultiQueryRows)
        {
            int n = Math.Min(MultiQueryRows, ivf.Lists - c0);
            FloatKernels.DotRowsMulti(
                KernelPaths.Best, ref rows, ivf.Stride, count, ref Unsafe.Add(ref ivf.Centroids.First, (nint)c0 * ivf.Stride), ivf.Stride, ivf.Stride, n, scores);
            for (int q = 0; q < count; q++)
            {
                ReadOnlySpan<float> row = scores.Slice(q * n, n);
                for (int c = 0; c < n; c++)
                {
                    if (row[c] > similarity[q])
                    {
                        similarity[q] = row[c];
                        nearest[q] = c0 + c;
                    }
                }
            }
        }
    }

    /// <summary><paramref name="take"/> distinct numbers below <paramref name="range"/>, in random order (a partial Fisher–Yates shuffle).</summary>
    private static int[] PickDistinct(Random random, int range, int take)
    {
        var all = new int[range];
        for (int i = 0; i < range; i++)
        {
            all[i] = i;
        }

        for (int i = 0; i < take; i++)
        {
            int j = random.Next(i, range);
            (all[i], all[j]) = (all[j], all[i]);
        }

        return all[..take];
    }

    /// <summary>
    /// Centroids and the inverted lists: for each list its rows in ascending order with their int8 codes stored
    /// contiguously (so probing a list streams memory instead of gathering rows scattered over the blocks; scattered rows
    /// measured 3–5× slower), and for each row its list.
    /// </summary>
    private sealed class Ivf
    {
        public Ivf(int lists, int stride, int codeStride, int capacity)
        {
            Stride = stride;
            CodeStride = codeStride;
            Centroids = new AlignedArray<float>(lists * stride);
            Centroids.Span.Clear();
            Of = new IvfList[lists];
            for (int list = 0; list < lists; list++)
            {
                Of[list] = new IvfList(codeStride, 0);
            }

            Assignment = new int[Math.Max(16, capacity)];
        }

        public int Lists => Of.Length;

        public int Stride { get; }

        public int CodeStride { get; }

        public AlignedArray<float> Centroids { get; }

        /// <summary>The lists by number.</summary>
        public IvfList[] Of { get; }

        public int[] Assignment { get; private set; }

        /// <summary>Puts every row below <paramref name="count"/> in the list of its nearest centroid.</summary>
        public void AssignAll(EmbeddingIndex<TKey> owner, int count, int degree)
        {
            var nearest = new int[count];
            var similarity = new float[count];
            int groups = (count + QueriesPerPass - 1) / QueriesPerPass;
            AlignedArray<float> floats = owner._store.Floats!;
            Parallel.For(0, groups, new ParallelOptions { MaxDegreeOfParallelism = degree }, g =>
            {
                int first = g * QueriesPerPass;
                AssignGroup(this, ref Unsafe.Add(ref floats.First, (nint)first * Stride), Math.Min(QueriesPerPass, count - first), nearest.AsSpan(first), similarity.AsSpan(first));
            });

            FillLists(owner, nearest, count);
        }

        /// <summary>Fills the lists from the list of every row below <paramref name="count"/> (all in range) and the unit float32 rows.</summary>
        public void FillLists(EmbeddingIndex<TKey> owner, ReadOnlySpan<int> nearest, int count)
        {
            var sizes = new int[Lists];
            foreach (int list in nearest[..count])
            {
                sizes[list]++;
            }

            for (int list = 0; list < Lists; list++)
            {
                Of[list] = new IvfList(CodeStride, sizes[list]);
            }

            ReadOnlySpan<float> floats = owner._store.Floats!.Span;
            for (int row = 0; row < count; row++)
            {
                Add(row, nearest[row], floats.Slice(row * Stride, owner._dimensions));
            }
        }

        /// <summary>Puts a row (not listed yet) in a list, in row order, with its int8 codes.</summary>
        public void Add(int row, int list, ReadOnlySpan<float> unit)
        {
            if (row >= Assignment.Length)
            {
                int[] grown = new int[Math.Max(row + 1, Assignment.Length * 2)];
                Assignment.CopyTo(grown, 0);
                Assignment = grown;
            }

            Assignment[row] = list;
            Of[list].Add(row, unit);
        }

        /// <summary>Takes one row out of its list.</summary>
        public void Remove(int row) => Of[Assignment[row]].Remove(row);

        /// <summary>Takes the rows from <paramref name="count"/> to <paramref name="end"/> out of their lists (they are the last of each).</summary>
        public void Truncate(int count, int end)
        {
            for (int row = end - 1; row >= count; row--)
            {
                Of[Assignment[row]].Size--;
            }
        }

        /// <summary>The list of the nearest centroid of one unit vector (padded to the stride).</summary>
        public int Nearest(ref float unit)
        {
            Span<int> nearest = stackalloc int[1];
            Span<float> similarity = stackalloc float[1];
            AssignGroup(this, ref unit, 1, nearest, similarity);
            return nearest[0];
        }
    }

    /// <summary>One inverted list: its rows (ascending) and their int8 codes and scales, contiguous and growing by doubling.</summary>
    private sealed class IvfList(int codeStride, int capacity)
    {
        public int Size { get; set; }

        public int[] Rows { get; private set; } = new int[capacity];

        public AlignedArray<sbyte> Codes { get; private set; } = new(capacity * codeStride);

        public float[] Scales { get; private set; } = new float[capacity];

        /// <summary>Inserts a row at its place in row order (appended when it is the highest, as when rows are added).</summary>
        public void Add(int row, ReadOnlySpan<float> unit)
        {
            if (Size == Rows.Length)
            {
                int capacity = Math.Max(4, Size * 2);
                var codes = new AlignedArray<sbyte>(capacity * codeStride);
                Codes.Span[..(Size * codeStride)].CopyTo(codes.Span);
                Codes = codes;
                Rows = Grow(Rows, capacity);
                Scales = Grow(Scales, capacity);
            }

            int at = Size == 0 || Rows[Size - 1] < row ? Size : ~Array.BinarySearch(Rows, 0, Size, row);
            if (at < Size)
            {
                Rows.AsSpan(at, Size - at).CopyTo(Rows.AsSpan(at + 1));
                Scales.AsSpan(at, Size - at).CopyTo(Scales.AsSpan(at + 1));
                Codes.Span[(at * codeStride)..(Size * codeStride)].CopyTo(Codes.Span[((at + 1) * codeStride)..]);
            }

            Span<sbyte> line = Codes.Span.Slice(at * codeStride, codeStride);
            Scales[at] = Quantization.ToInt8(unit, line);
            line[unit.Length..].Clear();
            Rows[at] = row;
            Size++;
        }

        /// <summary>Takes a listed row out, keeping the others in row order.</summary>
        public void Remove(int row)
        {
            int at = Array.BinarySearch(Rows, 0, Size, row);
            Size--;
            Rows.AsSpan(at + 1, Size - at).CopyTo(Rows.AsSpan(at));
            Scales.AsSpan(at + 1, Size - at).CopyTo(Scales.AsSpan(at));
            Codes.Span[((at + 1) * codeStride)..((Size + 1) * codeStride)].CopyTo(Codes.Span[(at * codeStride)..]);
        }

        private static T[] Grow<T>(T[] array, int capacity)
        {
            var grown = new T[capacity];
            array.CopyTo(grown, 0);
            return grown;
        }
    }
}
