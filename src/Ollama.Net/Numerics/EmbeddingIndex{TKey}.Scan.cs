using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Ollama.Net.Numerics;

public sealed partial class EmbeddingIndex<TKey>
{
    /// <summary>Rows scored per kernel call; partitions start on multiples of it.</summary>
    private const int BlockRows = 256;

    /// <summary>A parallel partition gets at least this many blocks, so small indexes stay on one thread.</summary>
    private const int MinBlocksPerPartition = 16;

    /// <summary>Rows a multi-query pass scores against every query of the group while they sit in L2.</summary>
    private const int MultiQueryRows = 64;

    /// <summary>
    /// How far (in standard deviations) the adaptive binary search looks past the Hamming distance expected for the k-th
    /// best score: a true neighbour lies beyond it with probability about 0.13 % (one-sided normal tail).
    /// </summary>
    private const double HammingBoundSigmas = 3;

    /// <summary>When the adaptive binary search would re-rank more than Count / this, a flat scan of the precise rows is cheaper.</summary>
    private const int AdaptiveFlatScanFraction = 16;

    /// <summary>
    /// The rows one search scans: every row (<see cref="Ids"/> null, position = row) or the rows listed in
    /// <see cref="Ids"/>; for an IVF search, <see cref="Probe"/> has the same rows as contiguous list blocks.
    /// </summary>
    private readonly record struct RowSet(int Count, int[]? Ids, IvfProbe? Probe = null)
    {
        public int RowAt(int position) => Ids is null ? position : Ids[position];
    }

    /// <summary>
    /// The bytes an int8 (<paramref name="binary"/> false) or 1-bit scan of every row reads, for the benchmarks' read
    /// probe: a probe of the same memory, not of another array the operating system may have placed differently.
    /// </summary>
    internal ReadOnlySpan<byte> ScannedBytes(bool binary)
    {
        Store store = _store;
        return binary
            ? MemoryMarshal.AsBytes(store.Bits!.Span[..(_count * _words)])
            : MemoryMarshal.AsBytes(store.Codes!.Span[..(_count * _codeStride)]);
    }

    /// <summary>Whether the current row block of a storage was advised to use huge pages (tests).</summary>
    internal bool RowBlocksUseHugePages(EmbeddingStorage storage)
    {
        Store store = _store;
        return storage switch
        {
            EmbeddingStorage.Float32 => store.Floats?.HugePages ?? false,
            EmbeddingStorage.Int8 => store.Codes?.HugePages ?? false,
            _ => store.Bits?.HugePages ?? false,
        };
    }

    /// <summary>The scan job kept for this thread's next search, so a sequential search allocates nothing.</summary>
    [ThreadStatic]
    private static ScanJob? t_job;

    private int SearchOne(
        Store store,
        RowSet set,
        EmbeddingSearchMode mode,
        EmbeddingSearchOptions options,
        AlignedArray<float> units,
        int queryIndex,
        int k,
        Span<float> scores,
        Span<int> rows)
    {
        ScanJob job = t_job ?? new ScanJob();
        t_job = null; // a search started inside this one (from a row filter) makes its own
        job.Start(this, store, set, units, queryIndex);
        try
        {
            return mode switch
            {
                EmbeddingSearchMode.Int8 => SearchInt8(job, options, k, scores, rows),
                EmbeddingSearchMode.Binary => SearchBinary(job, options, k, scores, rows),
                _ => RunSingle(job, options, k, scores, rows),
            };
        }
        finally
        {
            job.Finish();
            t_job = job;
        }
    }

    private static int SearchInt8(ScanJob job, EmbeddingSearchOptions options, int k, Span<float> scores, Span<int> rows)
    {
        job.Mode = EmbeddingSearchMode.Int8;
        job.PrepareCodes();
        if (!options.Rerank || !job.HasFloats)
        {
            return RunSingle(job, options, k, scores, rows);
        }

        int candidates = (int)Math.Min(job.Set.Count, (long)k * (options.Oversampling ?? EmbeddingSearchOptions.DefaultInt8Oversampling));
        return RunAndRerank(job, options, candidates, k, scores, rows);
    }

    /// <summary>
    /// Hamming pre-filter, then re-ranking with the most precise stored rows. With the default (null) oversampling the
    /// candidate count adapts to the query: after re-ranking, the k-th best score s fixes the largest Hamming distance a
    /// true neighbour can plausibly have; if more rows than the candidates lie within it, they are re-ranked too, or
    /// (when that is a sixteenth of the rows or more) the precise rows are scanned flat.
    /// </summary>
    private int SearchBinary(ScanJob job, EmbeddingSearchOptions options, int k, Span<float> scores, Span<int> rows)
    {
        job.Mode = EmbeddingSearchMode.Binary;
        job.PrepareBits();
        if (!options.Rerank || !(job.HasFloats || job.HasCodes))
        {
            int estimated = RunSingle(job, options, k, scores, rows);
            for (int i = 0; i < estimated; i++)
            {
                scores[i] = Quantization.CosineFromHamming((int)-scores[i], _dimensions);
            }

            return estimated;
        }

        if (!job.HasFloats)
        {
            job.PrepareCodes();
        }

        int count = job.Set.Count;
        if (options.Oversampling is int oversampling)
        {
            return RunAndRerank(job, options, (int)Math.Min(count, (long)k * oversampling), k, scores, rows);
        }

        int candidates = (int)Math.Min(count, (long)k * EmbeddingSearchOptions.DefaultBinaryOversampling);
        if (candidates > count / AdaptiveFlatScanFraction)
        {
            // So few rows that re-ranking the candidates costs about as much as scanning the precise rows flat.
            return FlatPreciseScan(job, options, k, scores, rows);
        }

        int[] histogram = ArrayPool<int>.Shared.Rent(_dimensions + 1);
        int found, within = 0;
        try
        {
            Array.Clear(histogram, 0, _dimensions + 1);
            job.Histogram = histogram;
            found = RunAndRerank(job, options, candidates, k, scores, rows);
            if (candidates == count || found < k)
            {
                return found;
            }

            int bound = HammingBound(scores[found - 1], _dimensions);
            for (int h = 0; h <= bound; h++)
            {
                within += histogram[h];
            }
        }
        finally
        {
            job.Histogram = null;
            ArrayPool<int>.Shared.Return(histogram);
        }

        if (within <= candidates)
        {
            return found;
        }

        return within <= count / AdaptiveFlatScanFraction
            ? RunAndRerank(job, options, within, k, scores, rows)
            : FlatPreciseScan(job, options, k, scores, rows);
    }

    /// <summary>The fallback of an adaptive binary search: int8 with re-ranking where stored, else exact float32.</summary>
    private static int FlatPreciseScan(ScanJob job, EmbeddingSearchOptions options, int k, Span<float> scores, Span<int> rows)
    {
        if (job.HasCodes)
        {
            return SearchInt8(job, options, k, scores, rows);
        }

        job.Mode = EmbeddingSearchMode.Float32;
        return RunSingle(job, options, k, scores, rows);
    }

    /// <summary>
    /// The largest Hamming distance a row with cosine ≥ <paramref name="score"/> plausibly has: the distance between
    /// sign bits of directions at angle θ behaves like Binomial(d, θ/π), so mean + 3 standard deviations.
    /// </summary>
    internal static int HammingBound(float score, int dimensions)
    {
        double p = Math.Acos(Math.Clamp(score, -1f, 1f)) / Math.PI;
        double bound = (dimensions * p) + (HammingBoundSigmas * Math.Sqrt(dimensions * p * (1 - p)));
        return (int)Math.Min(dimensions, Math.Ceiling(bound));
    }

    private static int RunAndRerank(ScanJob job, EmbeddingSearchOptions options, int candidates, int k, Span<float> scores, Span<int> rows)
    {
        float[] candidateScores = ArrayPool<float>.Shared.Rent(candidates);
        int[] candidateRows = ArrayPool<int>.Shared.Rent(candidates);
        try
        {
            int found = RunSingle(job, options, candidates, candidateScores.AsSpan(0, candidates), candidateRows.AsSpan(0, candidates));
            Span<int> picked = candidateRows.AsSpan(0, found);
            picked.Sort(); // ascending rows: the re-ranking reads memory forward
            job.ExactScores(picked, candidateScores.AsSpan(0, found));
            var collector = new TopKCollector(scores[..k], rows[..k]);
            for (int i = 0; i < found; i++)
            {
                collector.Offer(candidateScores[i], picked[i]);
            }

            return collector.SortDescending();
        }
        finally
        {
            ArrayPool<float>.Shared.Return(candidateScores);
            ArrayPool<int>.Shared.Return(candidateRows);
        }
    }

    /// <summary>Top-<paramref name="k"/> of one query over the job's rows, sequential or in block-aligned parallel partitions.</summary>
    private static int RunSingle(ScanJob job, EmbeddingSearchOptions options, int k, Span<float> scores, Span<int> rows)
    {
        scores = scores[..k];
        rows = rows[..k];
        int count = job.Set.Count;
        int blocks = (count + BlockRows - 1) / BlockRows;
        int parts = PartitionCount(options, blocks);
        if (parts <= 1)
        {
            int held = job.ScanSingle(0, count, scores, rows, job.Histogram);
            return new TopKCollector(scores, rows, held).SortDescending();
        }

        return RunPartitioned(job, parts, blocks, k, scores, rows);
    }

    /// <summary>
    /// <see cref="RunSingle"/> over <paramref name="parts"/> parallel partitions (a method of its own: the lambda's
    /// captured variables would otherwise be allocated on every call, sequential ones included).
    /// </summary>
    private static int RunPartitioned(ScanJob job, int parts, int blocks, int k, Span<float> scores, Span<int> rows)
    {
        int count = job.Set.Count;
        int bins = job.Histogram is null ? 0 : job.HistogramBins;
        float[] partScores = ArrayPool<float>.Shared.Rent(parts * k);
        int[] partRows = ArrayPool<int>.Shared.Rent(parts * k);
        int[] partHistograms = new int[parts * bins];
        int[] partCounts = new int[parts];
        try
        {
            Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, p =>
            {
                (int start, int end) = PartitionRange(p, parts, blocks, count);
                partCounts[p] = job.ScanSingle(start, end, partScores.AsSpan(p * k, k), partRows.AsSpan(p * k, k), partHistograms.AsSpan(p * bins, bins));
            });

            for (int p = 0; p < parts; p++)
            {
                for (int h = 0; h < bins; h++)
                {
                    job.Histogram![h] += partHistograms[(p * bins) + h];
                }
            }

            var collector = new TopKCollector(scores, rows);
            for (int p = 0; p < parts; p++)
            {
                for (int i = 0; i < partCounts[p]; i++)
                {
                    collector.Offer(partScores[(p * k) + i], partRows[(p * k) + i]);
                }
            }

            return collector.SortDescending();
        }
        finally
        {
            ArrayPool<float>.Shared.Return(partScores);
            ArrayPool<int>.Shared.Return(partRows);
        }
    }

    /// <summary>Top-<paramref name="k"/> of several float32 queries in one pass over every row (per partition).</summary>
    private static void RunMulti(ScanJob job, int queryCount, EmbeddingSearchOptions options, int k, float[] scores, int[] rows, int[] found)
    {
        int count = job.Set.Count;
        int blocks = (count + BlockRows - 1) / BlockRows;
        int parts = PartitionCount(options, blocks);
        if (parts <= 1)
        {
            found.AsSpan(0, queryCount).Clear();
            job.ScanMulti(0, count, queryCount, k, scores, rows, found);
            for (int q = 0; q < queryCount; q++)
            {
                found[q] = new TopKCollector(scores.AsSpan(q * k, k), rows.AsSpan(q * k, k), found[q]).SortDescending();
            }

            return;
        }

        int perPart = queryCount * k;
        float[] partScores = ArrayPool<float>.Shared.Rent(parts * perPart);
        int[] partRows = ArrayPool<int>.Shared.Rent(parts * perPart);
        int[] partCounts = new int[parts * queryCount];
        try
        {
            Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, p =>
            {
                (int start, int end) = PartitionRange(p, parts, blocks, count);
                job.ScanMulti(
                    start, end, queryCount, k,
                    partScores.AsSpan(p * perPart, perPart), partRows.AsSpan(p * perPart, perPart), partCounts.AsSpan(p * queryCount, queryCount));
            });

            for (int q = 0; q < queryCount; q++)
            {
                var collector = new TopKCollector(scores.AsSpan(q * k, k), rows.AsSpan(q * k, k));
                for (int p = 0; p < parts; p++)
                {
                    int at = (p * perPart) + (q * k);
                    for (int i = 0; i < partCounts[(p * queryCount) + q]; i++)
                    {
                        collector.Offer(partScores[at + i], partRows[at + i]);
                    }
                }

                found[q] = collector.SortDescending();
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(partScores);
            ArrayPool<int>.Shared.Return(partRows);
        }
    }

    private static int PartitionCount(EmbeddingSearchOptions options, int blocks)
    {
        int degree = options.MaxDegreeOfParallelism == -1 ? Environment.ProcessorCount : options.MaxDegreeOfParallelism;
        return Math.Min(degree, Math.Max(1, blocks / MinBlocksPerPartition));
    }

    private static (int Start, int End) PartitionRange(int part, int parts, int blocks, int count)
    {
        int firstBlock = (int)((long)blocks * part / parts);
        int endBlock = (int)((long)blocks * (part + 1) / parts);
        return (firstBlock * BlockRows, Math.Min(endBlock * BlockRows, count));
    }

    /// <summary>One search's query forms and the scan loops over positions of its <see cref="RowSet"/>.</summary>
    [SkipLocalsInit] // the stack blocks of scores are written before they are read
    private sealed class ScanJob
    {
        private Store _store = null!;
        private AlignedArray<float> _units = null!;
        private int _unitOffset;
        private int _dimensions;
        private int _floatStride;
        private int _codeStride;
        private int _words;

        /// <summary>Blocked kernels for scans that fit in the caches, streaming ones for scans read from memory.</summary>
        private KernelPath _floatPath;
        private bool _floatStreaming;

        /// <summary>The float rows scanned fit in L2 (<see cref="FloatKernels.L2Bytes"/>).</summary>
        private bool _floatInL2;

        /// <summary>Int8 rows beyond the caches are scored one after another (one memory stream), others two at a time.</summary>
        private bool _codesStreaming;
        private AlignedArray<short>? _codes;
        private float _codeScale;
        private AlignedArray<ulong>? _bits;

        /// <summary>Sets the job up for one search (a job is reused: see <see cref="SearchOne"/>).</summary>
        public void Start(EmbeddingIndex<TKey> owner, Store store, RowSet set, AlignedArray<float> units, int queryIndex)
        {
            _store = store;
            Set = set;
            _units = units;
            _unitOffset = queryIndex * owner._floatStride;
            _dimensions = owner._dimensions;
            _floatStride = owner._floatStride;
            _codeStride = owner._codeStride;
            _words = owner._words;
            long floatBytes = (long)set.Count * _floatStride * sizeof(float);
            _floatStreaming = set.Ids is not null || floatBytes > FloatKernels.StreamingThresholdBytes;
            _floatInL2 = floatBytes <= FloatKernels.L2Bytes;
            _floatPath = _floatStreaming ? KernelPaths.Streaming : KernelPaths.Best;
            _codesStreaming = (long)set.Count * _codeStride > FloatKernels.StreamingThresholdBytes;
            Mode = EmbeddingSearchMode.Float32;
            Histogram = null;
        }

        /// <summary>Returns the query buffers and lets go of the index's memory, so a kept job holds nothing alive.</summary>
        public void Finish()
        {
            ReturnBuffers();
            _store = null!;
            _units = null!;
            Set = default;
            Histogram = null;
        }

        public RowSet Set { get; private set; }

        public EmbeddingSearchMode Mode { get; set; }

        /// <summary>When set, binary scans count the rows per Hamming distance (0 to d) into it.</summary>
        public int[]? Histogram { get; set; }

        public int HistogramBins => _dimensions + 1;

        public bool HasFloats => _store.Floats is not null;

        /// <summary>True when int8 codes can be scanned: stored rows, or the lists of an IVF search.</summary>
        public bool HasCodes => _store.Codes is not null || Set.Probe is not null;

        private ReadOnlySpan<float> Unit => _units.Span.Slice(_unitOffset, _dimensions);

        /// <summary>The first element of this job's query (64-byte aligned: the stride is a multiple of 16 floats).</summary>
        private ref float Query => ref Unsafe.Add(ref _units.First, _unitOffset);

        public void PrepareCodes()
        {
            if (_codes is not null)
            {
                return;
            }

            _codes = QueryBuffers<short>.Rent(_codeStride);
            Span<short> codes = _codes.Span[.._codeStride];
            codes.Clear();
            _codeScale = Quantization.ToInt16(Unit, codes, Quantization.QueryCodeMax(_codeStride));
        }

        public void PrepareBits()
        {
            _bits = QueryBuffers<ulong>.Rent(_words);
            Quantization.ToBits(Unit, _bits.Span[.._words]);
        }

        private void ReturnBuffers()
        {
            if (_codes is not null)
            {
                QueryBuffers<short>.Return(_codes);
                _codes = null;
            }

            if (_bits is not null)
            {
                QueryBuffers<ulong>.Return(_bits);
                _bits = null;
            }
        }

        /// <summary>
        /// Scans positions [start, end) of the row set into a collector over the given spans; returns how many pairs it
        /// holds (unsorted heap). A binary scan also counts its rows per distance into <paramref name="histogram"/>.
        /// </summary>
        public int ScanSingle(int start, int end, Span<float> scores, Span<int> rows, Span<int> histogram)
        {
            var collector = new TopKCollector(scores, rows);
            switch (Mode)
            {
                case EmbeddingSearchMode.Int8:
                    ScanInt8(start, end, ref collector);
                    break;
                case EmbeddingSearchMode.Binary:
                    ScanBinary(start, end, ref collector, histogram);
                    break;
                default:
                    ScanFloat(start, end, ref collector);
                    break;
            }

            return collector.Count;
        }

        /// <summary>Scans rows [start, end) for several float32 queries, continuing each query's heap (counts in and out).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void ScanMulti(int start, int end, int queryCount, int k, Span<float> scores, Span<int> rows, Span<int> counts)
        {
            Span<float> block = stackalloc float[QueriesPerPass * MultiQueryRows];
            ref float rowBase = ref _store.Floats!.First;
            for (int g0 = 0; g0 < queryCount; g0 += QueriesPerPass)
            {
                int group = Math.Min(QueriesPerPass, queryCount - g0);
                ref float queries = ref Unsafe.Add(ref Query, g0 * _floatStride);
                for (int r0 = start; r0 < end; r0 += MultiQueryRows)
                {
                    int n = Math.Min(MultiQueryRows, end - r0);
                    FloatKernels.DotRowsMulti(
                        KernelPaths.Best, ref queries, _floatStride, group, ref Unsafe.Add(ref rowBase, (nint)r0 * _floatStride), _floatStride, _floatStride, n, block);
                    for (int q = 0; q < group; q++)
                    {
                        int slot = g0 + q;
                        var collector = new TopKCollector(scores.Slice(slot * k, k), rows.Slice(slot * k, k), counts[slot]);
                        ReadOnlySpan<float> queryScores = block.Slice(q * n, n);
                        for (int i = 0; i < queryScores.Length; i++)
                        {
                            collector.Offer(Math.Clamp(queryScores[i], -1f, 1f), r0 + i);
                        }

                        counts[slot] = collector.Count;
                    }
                }
            }
        }

        /// <summary>
        /// The re-ranking scores of the given rows (ascending): exact float32 cosines, else the int8 estimates. Bitwise
        /// the scores a float32 scan gives the same rows (every float kernel computes alike).
        /// </summary>
        public void ExactScores(ReadOnlySpan<int> rows, Span<float> scores)
        {
            if (_store.Floats is { } floats)
            {
                FloatKernels.DotRowsGather(KernelPaths.Streaming, ref Query, ref floats.First, _floatStride, _floatStride, rows, scores);
                TensorPrimitives.Clamp(scores[..rows.Length], -1f, 1f, scores[..rows.Length]);

                return;
            }

            Span<int> dots = MemoryMarshal.Cast<float, int>(scores);
            Int8Kernels.DotRowsGather(KernelPaths.Best, ref _codes!.First, ref _store.Codes!.First, _codeStride, _codeStride, rows, dots);
            float[] scales = _store.Scales!;
            for (int i = 0; i < rows.Length; i++)
            {
                scores[i] = Math.Clamp(dots[i] * scales[rows[i]] * _codeScale, -1f, 1f);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void ScanFloat(int start, int end, ref TopKCollector collector)
        {
            Span<float> block = stackalloc float[BlockRows];
            ref float rowBase = ref _store.Floats!.First;
            ref float query = ref Query;
            int[]? ids = Set.Ids;
            for (int p0 = start; p0 < end; p0 += BlockRows)
            {
                int n = Math.Min(BlockRows, end - p0);
                if (ids is not null)
                {
                    FloatKernels.DotRowsGather(_floatPath, ref query, ref rowBase, _floatStride, _floatStride, ids.AsSpan(p0, n), block);
                }
                else if (_floatStreaming)
                {
                    FloatKernels.DotRowsStreaming(_floatPath, ref query, ref Unsafe.Add(ref rowBase, (nint)p0 * _floatStride), _floatStride, _floatStride, n, block);
                }
                else
                {
                    FloatKernels.DotRows(_floatPath, ref query, ref Unsafe.Add(ref rowBase, (nint)p0 * _floatStride), _floatStride, _floatStride, n, block, _floatInL2);
                }

                Offer(ref collector, block[..n], p0);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void ScanInt8(int start, int end, ref TopKCollector collector)
        {
            if (Set.Probe is { } probe)
            {
                ScanInt8Lists(probe, start, end, ref collector);
                return;
            }

            Span<int> dots = stackalloc int[BlockRows];
            Span<float> block = stackalloc float[BlockRows];
            ref sbyte rowBase = ref _store.Codes!.First;
            float[] scales = _store.Scales!;
            int[]? ids = Set.Ids;
            for (int p0 = start; p0 < end; p0 += BlockRows)
            {
                int n = Math.Min(BlockRows, end - p0);
                if (ids is not null)
                {
                    Int8Kernels.DotRowsGather(KernelPaths.Best, ref _codes!.First, ref rowBase, _codeStride, _codeStride, ids.AsSpan(p0, n), dots);
                }
                else if (_codesStreaming)
                {
                    PrefetchScales(scales, p0 + BlockRows, end);
                    Int8Kernels.DotRowsStreaming(KernelPaths.Best, ref _codes!.First, ref Unsafe.Add(ref rowBase, (nint)p0 * _codeStride), _codeStride, _codeStride, n, dots);
                }
                else
                {
                    Int8Kernels.DotRows(KernelPaths.Best, ref _codes!.First, ref Unsafe.Add(ref rowBase, (nint)p0 * _codeStride), _codeStride, _codeStride, n, dots);
                }

                if (ids is null)
                {
                    // dots · scale · codeScale, in the scalar expression's order, so every scan scores a row alike.
                    Span<float> scores = block[..n];
                    TensorPrimitives.ConvertTruncating<int, float>(dots[..n], scores);
                    TensorPrimitives.Multiply(scores, scales.AsSpan(p0, n), scores);
                    TensorPrimitives.Multiply(scores, _codeScale, scores);
                }
                else
                {
                    for (int i = 0; i < n; i++)
                    {
                        block[i] = dots[i] * scales[ids[p0 + i]] * _codeScale;
                    }
                }

                Offer(ref collector, block[..n], p0);
            }
        }

        /// <summary>
        /// Asks for the next block's row scales (one kilobyte, a second stream beside the codes that the hardware
        /// prefetcher, busy with the codes, fetched late): 2-4 % of a scan from memory (docs/benchmarks.md).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static unsafe void PrefetchScales(float[] scales, int from, int end)
        {
            if (Sse.IsSupported)
            {
                int to = Math.Min(from + BlockRows, end);
                for (int i = from; i < to; i += 64 / sizeof(float))
                {
                    Sse.Prefetch0(Unsafe.AsPointer(ref scales[i]));
                }
            }
        }

        /// <summary>Positions [start, end) of an IVF search, list block by list block (each streamed contiguously).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void ScanInt8Lists(IvfProbe probe, int start, int end, ref TopKCollector collector)
        {
            Span<int> dots = stackalloc int[BlockRows];
            int i = Array.BinarySearch(probe.Starts, start);
            i = i >= 0 ? i : ~i - 1;
            for (int position = start; position < end; i++)
            {
                IvfList list = probe.Lists[i];
                int offset = position - probe.Starts[i];
                int stop = Math.Min(end, probe.Starts[i + 1]) - probe.Starts[i];
                for (int o0 = offset; o0 < stop; o0 += BlockRows)
                {
                    int n = Math.Min(BlockRows, stop - o0);
                    Int8Kernels.DotRowsStreaming(KernelPaths.Best, ref _codes!.First, ref Unsafe.Add(ref list.Codes.First, (nint)o0 * _codeStride), _codeStride, _codeStride, n, dots);
                    for (int j = 0; j < n; j++)
                    {
                        collector.Offer(Math.Clamp(dots[j] * list.Scales[o0 + j] * _codeScale, -1f, 1f), list.Rows[o0 + j]);
                    }
                }

                position += stop - offset;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void ScanBinary(int start, int end, ref TopKCollector collector, Span<int> histogram)
        {
            Span<int> distances = stackalloc int[BlockRows];
            ref ulong rowBase = ref _store.Bits!.First;
            ref ulong query = ref _bits!.First;
            int[]? ids = Set.Ids;
            for (int p0 = start; p0 < end; p0 += BlockRows)
            {
                int n = Math.Min(BlockRows, end - p0);
                if (ids is not null)
                {
                    for (int i = 0; i < n; i++)
                    {
                        distances[i] = BinaryKernels.Hamming(KernelPaths.Best, ref query, ref Unsafe.Add(ref rowBase, (nint)ids[p0 + i] * _words), _words);
                    }
                }
                else
                {
                    BinaryKernels.HammingRows(KernelPaths.Best, ref query, ref Unsafe.Add(ref rowBase, (nint)p0 * _words), _words, n, distances);
                }

                if (!histogram.IsEmpty)
                {
                    foreach (int distance in distances[..n])
                    {
                        histogram[distance]++;
                    }
                }

                OfferDistances(ref collector, distances[..n], p0);
            }
        }

        /// <summary>
        /// Offers a block of Hamming distances as scores <c>-distance</c>; once the collector is full, four distances at
        /// a time are compared with the worst held one (as in <see cref="Offer"/>). Kept beside <see cref="Offer"/> rather
        /// than converting the distances to float scores for it: the two extra passes cost the 1-bit scan about 10 % on
        /// the 128-bit path (measured).
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void OfferDistances(ref TopKCollector collector, scoped ReadOnlySpan<int> distances, int position)
        {
            int i = 0;
            for (; i < distances.Length && !collector.IsFull; i++)
            {
                collector.Offer(-distances[i], Set.RowAt(position + i));
            }

            if (i == 0 && !distances.IsEmpty && TensorPrimitives.Min(distances) > -(int)collector.WorstScore)
            {
                return; // the whole block falls short: one pass at the widest width, as for nearly every block of a scan
            }

            ref int first = ref MemoryMarshal.GetReference(distances);
            for (; i + 4 <= distances.Length; i += 4)
            {
                int worst = -(int)collector.WorstScore;
                uint reaching = Vector128.LessThanOrEqual(Vector128.LoadUnsafe(ref first, (nuint)i), Vector128.Create(worst)).ExtractMostSignificantBits();
                while (reaching != 0)
                {
                    int j = i + BitOperations.TrailingZeroCount(reaching);
                    reaching &= reaching - 1;
                    collector.Offer(-distances[j], Set.RowAt(position + j));
                }
            }

            for (; i < distances.Length; i++)
            {
                collector.Offer(-distances[i], Set.RowAt(position + i));
            }
        }

        /// <summary>
        /// Offers a block of cosine scores, clamped to [-1, 1], by row; positions map to rows through the set. Only the
        /// scores that reach a threshold are offered, four compared at a time: once the collector is full, the worst
        /// held score (in a scan nearly every row falls short, so the heap is touched a few dozen times per query);
        /// before that, the block's <see cref="Floor"/>, so that the first block does not push and replace its way
        /// through every row. Exact: rows arrive in ascending order, so a score equal to the worst held one never
        /// displaces it, and at least k scores of the block reach its floor.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void Offer(ref TopKCollector collector, scoped ReadOnlySpan<float> block, int position)
        {
            if (!collector.IsFull && Floor(block, collector.Capacity) is var floor && floor > -1f)
            {
                OfferReaching(ref collector, block, position, 0, floor); // a NaN floor (a NaN score) is not > -1
                return;
            }

            int i = 0;
            for (; i < block.Length && !collector.IsFull; i++)
            {
                collector.Offer(Math.Clamp(block[i], -1f, 1f), Set.RowAt(position + i));
            }

            if (i == 0 && !block.IsEmpty && TensorPrimitives.Max(block) < collector.WorstScore)
            {
                return; // the whole block falls short (a NaN score makes the maximum NaN, and is offered below)
            }

            OfferReaching(ref collector, block, position, i, float.NegativeInfinity);
        }

        /// <summary>
        /// Offers <c>block[start ..]</c>'s scores that reach <paramref name="floor"/> and, once the collector is full,
        /// its worst held score. The last scores (fewer than four) are offered when they reach the floor.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void OfferReaching(ref TopKCollector collector, scoped ReadOnlySpan<float> block, int position, int start, float floor)
        {
            ref float first = ref MemoryMarshal.GetReference(block);
            int i = start;
            for (; i + 4 <= block.Length; i += 4)
            {
                float threshold = collector.IsFull ? Math.Max(floor, collector.WorstScore) : floor;
                uint reaching = Vector128.GreaterThanOrEqual(Vector128.LoadUnsafe(ref first, (nuint)i), Vector128.Create(threshold)).ExtractMostSignificantBits();
                while (reaching != 0)
                {
                    int j = i + BitOperations.TrailingZeroCount(reaching);
                    reaching &= reaching - 1;
                    collector.Offer(Math.Clamp(block[j], -1f, 1f), Set.RowAt(position + j));
                }
            }

            for (; i < block.Length; i++)
            {
                if (!(block[i] < floor))
                {
                    collector.Offer(Math.Clamp(block[i], -1f, 1f), Set.RowAt(position + i));
                }
            }
        }

        /// <summary>
        /// A score that at least <paramref name="k"/> scores of the block reach (so no score below it can be among the
        /// best k), clamped to [-1, 1]; NaN when the block is too short, k is above 16, or a score is NaN. The block is
        /// cut into 16 strided groups (positions j, j + 16, j + 32, …); the k-th largest group maximum is the floor.
        /// </summary>
        private static float Floor(scoped ReadOnlySpan<float> block, int k)
        {
            const int Groups = 16;
            if (k > Groups || block.Length < 2 * Groups)
            {
                return float.NaN;
            }

            ref float first = ref MemoryMarshal.GetReference(block);
            Vector128<float> m0 = Vector128.LoadUnsafe(ref first), m1 = Vector128.LoadUnsafe(ref first, 4);
            Vector128<float> m2 = Vector128.LoadUnsafe(ref first, 8), m3 = Vector128.LoadUnsafe(ref first, 12);
            for (nuint i = Groups; i + Groups <= (nuint)block.Length; i += Groups)
            {
                m0 = Vector128.Max(m0, Vector128.LoadUnsafe(ref first, i));
                m1 = Vector128.Max(m1, Vector128.LoadUnsafe(ref first, i + 4));
                m2 = Vector128.Max(m2, Vector128.LoadUnsafe(ref first, i + 8));
                m3 = Vector128.Max(m3, Vector128.LoadUnsafe(ref first, i + 12));
            }

            // The k-th largest of the 16 maxima: the largest one that at least k of them reach (Vector128.Max keeps NaN).
            Span<float> maxima = stackalloc float[Groups];
            m0.CopyTo(maxima);
            m1.CopyTo(maxima[4..]);
            m2.CopyTo(maxima[8..]);
            m3.CopyTo(maxima[12..]);
            float floor = float.NegativeInfinity;
            foreach (float candidate in maxima)
            {
                if (float.IsNaN(candidate))
                {
                    return float.NaN;
                }

                Vector128<float> at = Vector128.Create(candidate);
                int reaching = BitOperations.PopCount(
                    Vector128.GreaterThanOrEqual(m0, at).ExtractMostSignificantBits()
                    | (Vector128.GreaterThanOrEqual(m1, at).ExtractMostSignificantBits() << 4)
                    | (Vector128.GreaterThanOrEqual(m2, at).ExtractMostSignificantBits() << 8)
                    | (Vector128.GreaterThanOrEqual(m3, at).ExtractMostSignificantBits() << 12));
                if (reaching >= k && candidate > floor)
                {
                    floor = candidate;
                }
            }

            return Math.Clamp(floor, -1f, 1f);
        }
    }
}
