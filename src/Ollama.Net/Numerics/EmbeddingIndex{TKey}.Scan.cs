using System.Buffers;
using System.Runtime.CompilerServices;

namespace Ollama.Net.Numerics;

public sealed partial class EmbeddingIndex<TKey>
{
    /// <summary>Rows scored per kernel call; partitions start on multiples of it.</summary>
    private const int BlockRows = 256;

    /// <summary>A parallel partition gets at least this many blocks, so small indexes stay on one thread.</summary>
    private const int MinBlocksPerPartition = 16;

    private int SearchOne(
        Store store,
        int count,
        EmbeddingSearchMode mode,
        EmbeddingSearchOptions options,
        float[] units,
        int queryIndex,
        int k,
        Span<float> scores,
        Span<int> rows)
    {
        var job = new ScanJob(this, store, units, queryIndex);
        switch (mode)
        {
            case EmbeddingSearchMode.Int8:
            {
                job.Mode = EmbeddingSearchMode.Int8;
                job.PrepareCodes();
                try
                {
                    bool rerank = options.Rerank && store.Floats is not null;
                    if (!rerank)
                    {
                        return RunSingle(job, count, options, k, scores, rows);
                    }

                    int candidates = (int)Math.Min(count, (long)k * (options.Oversampling ?? EmbeddingSearchOptions.DefaultInt8Oversampling));
                    return RunAndRerank(job, count, options, candidates, k, scores, rows);
                }
                finally
                {
                    job.ReturnBuffers();
                }
            }

            case EmbeddingSearchMode.Binary:
            {
                job.Mode = EmbeddingSearchMode.Binary;
                job.PrepareBits();
                try
                {
                    bool rerank = options.Rerank && (store.Floats is not null || store.Codes is not null);
                    if (!rerank)
                    {
                        int found = RunSingle(job, count, options, k, scores, rows);
                        for (int i = 0; i < found; i++)
                        {
                            scores[i] = Quantization.CosineFromHamming((int)-scores[i], _dimensions);
                        }

                        return found;
                    }

                    if (store.Floats is null)
                    {
                        job.PrepareCodes();
                    }

                    int candidates = (int)Math.Min(count, (long)k * (options.Oversampling ?? EmbeddingSearchOptions.DefaultBinaryOversampling));
                    return RunAndRerank(job, count, options, candidates, k, scores, rows);
                }
                finally
                {
                    job.ReturnBuffers();
                }
            }

            default:
                job.Mode = EmbeddingSearchMode.Float32;
                return RunSingle(job, count, options, k, scores, rows);
        }
    }

    private static int RunAndRerank(ScanJob job, int count, EmbeddingSearchOptions options, int candidates, int k, Span<float> scores, Span<int> rows)
    {
        float[] candidateScores = ArrayPool<float>.Shared.Rent(candidates);
        int[] candidateRows = ArrayPool<int>.Shared.Rent(candidates);
        try
        {
            int found = RunSingle(job, count, options, candidates, candidateScores.AsSpan(0, candidates), candidateRows.AsSpan(0, candidates));
            var collector = new TopKCollector(scores[..k], rows[..k]);
            for (int i = 0; i < found; i++)
            {
                int row = candidateRows[i];
                collector.Offer(job.ExactScore(row), row);
            }

            return collector.SortDescending();
        }
        finally
        {
            ArrayPool<float>.Shared.Return(candidateScores);
            ArrayPool<int>.Shared.Return(candidateRows);
        }
    }

    /// <summary>Top-<paramref name="k"/> of one query over all rows, sequential or in block-aligned parallel partitions.</summary>
    private static int RunSingle(ScanJob job, int count, EmbeddingSearchOptions options, int k, Span<float> scores, Span<int> rows)
    {
        scores = scores[..k];
        rows = rows[..k];
        int blocks = (count + BlockRows - 1) / BlockRows;
        int parts = PartitionCount(options, blocks);
        if (parts <= 1)
        {
            int held = job.ScanSingle(0, count, scores, rows);
            return new TopKCollector(scores, rows, held).SortDescending();
        }

        float[] partScores = ArrayPool<float>.Shared.Rent(parts * k);
        int[] partRows = ArrayPool<int>.Shared.Rent(parts * k);
        int[] partCounts = new int[parts];
        try
        {
            Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, p =>
            {
                (int start, int end) = PartitionRange(p, parts, blocks, count);
                partCounts[p] = job.ScanSingle(start, end, partScores.AsSpan(p * k, k), partRows.AsSpan(p * k, k));
            });

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

    /// <summary>Top-<paramref name="k"/> of several float32 queries in one pass (per partition).</summary>
    private static void RunMulti(ScanJob job, int count, int queryCount, EmbeddingSearchOptions options, int k, float[] scores, int[] rows, int[] found)
    {
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

    /// <summary>One search's query forms and the scan loops over a row range.</summary>
    private sealed class ScanJob
    {
        private readonly Store _store;
        private readonly float[] _units;
        private readonly int _unitOffset;
        private readonly KernelPath _path = KernelPaths.Best;
        private readonly int _dimensions;
        private readonly int _floatStride;
        private readonly int _codeStride;
        private readonly int _words;
        private short[]? _codes;
        private float _codeScale;
        private ulong[]? _bits;

        public ScanJob(EmbeddingIndex<TKey> owner, Store store, float[] units, int queryIndex)
        {
            _store = store;
            _units = units;
            _unitOffset = queryIndex * owner._floatStride;
            _dimensions = owner._dimensions;
            _floatStride = owner._floatStride;
            _codeStride = owner._codeStride;
            _words = owner._words;
        }

        public EmbeddingSearchMode Mode { get; set; } = EmbeddingSearchMode.Float32;

        private ReadOnlySpan<float> Unit => _units.AsSpan(_unitOffset, _dimensions);

        public void PrepareCodes()
        {
            _codes = ArrayPool<short>.Shared.Rent(_codeStride);
            _codes.AsSpan(0, _codeStride).Clear();
            _codeScale = Quantization.ToInt16(Unit, _codes, Quantization.QueryCodeMax(_codeStride));
        }

        public void PrepareBits()
        {
            _bits = ArrayPool<ulong>.Shared.Rent(_words);
            Quantization.ToBits(Unit, _bits.AsSpan(0, _words));
        }

        public void ReturnBuffers()
        {
            if (_codes is not null)
            {
                ArrayPool<short>.Shared.Return(_codes);
                _codes = null;
            }

            if (_bits is not null)
            {
                ArrayPool<ulong>.Shared.Return(_bits);
                _bits = null;
            }
        }

        /// <summary>Scans rows [start, end) into a collector over the given spans; returns how many pairs it holds (unsorted heap).</summary>
        public int ScanSingle(int start, int end, Span<float> scores, Span<int> rows)
        {
            var collector = new TopKCollector(scores, rows);
            switch (Mode)
            {
                case EmbeddingSearchMode.Int8:
                    ScanInt8(start, end, ref collector);
                    break;
                case EmbeddingSearchMode.Binary:
                    ScanBinary(start, end, ref collector);
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
            Span<float> block = stackalloc float[QueriesPerPass * BlockRows];
            ref float rowBase = ref _store.Floats!.First;
            for (int g0 = 0; g0 < queryCount; g0 += QueriesPerPass)
            {
                int group = Math.Min(QueriesPerPass, queryCount - g0);
                ref float queries = ref _units[_unitOffset + (g0 * _floatStride)];
                for (int r0 = start; r0 < end; r0 += BlockRows)
                {
                    int n = Math.Min(BlockRows, end - r0);
                    FloatKernels.DotRowsMulti(
                        _path, ref queries, _floatStride, group, ref Unsafe.Add(ref rowBase, (nint)r0 * _floatStride), _floatStride, _floatStride, n, block);
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

        /// <summary>The re-ranking score of one row: exact float32 cosine, else the int8 estimate.</summary>
        public float ExactScore(int row)
        {
            if (_store.Floats is { } floats)
            {
                float dot = FloatKernels.DotOne(
                    _path, ref _units[_unitOffset], ref Unsafe.Add(ref floats.First, (nint)row * _floatStride), _floatStride);
                return Math.Clamp(dot, -1f, 1f);
            }

            int integer = Int8Kernels.DotOneScalar(ref _codes![0], ref Unsafe.Add(ref _store.Codes!.First, (nint)row * _codeStride), _codeStride);
            return Math.Clamp(integer * _store.Scales![row] * _codeScale, -1f, 1f);
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void ScanFloat(int start, int end, ref TopKCollector collector)
        {
            Span<float> block = stackalloc float[BlockRows];
            ref float rowBase = ref _store.Floats!.First;
            ref float query = ref _units[_unitOffset];
            for (int r0 = start; r0 < end; r0 += BlockRows)
            {
                int n = Math.Min(BlockRows, end - r0);
                FloatKernels.DotRows(_path, ref query, ref Unsafe.Add(ref rowBase, (nint)r0 * _floatStride), _floatStride, _floatStride, n, block);
                for (int i = 0; i < n; i++)
                {
                    collector.Offer(Math.Clamp(block[i], -1f, 1f), r0 + i);
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void ScanInt8(int start, int end, ref TopKCollector collector)
        {
            Span<int> block = stackalloc int[BlockRows];
            ref sbyte rowBase = ref _store.Codes!.First;
            float[] scales = _store.Scales!;
            bool accelerated = Int8Kernels.IsAccelerated;
            for (int r0 = start; r0 < end; r0 += BlockRows)
            {
                int n = Math.Min(BlockRows, end - r0);
                Int8Kernels.DotRows(accelerated, ref _codes![0], ref Unsafe.Add(ref rowBase, (nint)r0 * _codeStride), _codeStride, _codeStride, n, block);
                for (int i = 0; i < n; i++)
                {
                    collector.Offer(Math.Clamp(block[i] * scales[r0 + i] * _codeScale, -1f, 1f), r0 + i);
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void ScanBinary(int start, int end, ref TopKCollector collector)
        {
            Span<int> block = stackalloc int[BlockRows];
            ref ulong rowBase = ref _store.Bits!.First;
            for (int r0 = start; r0 < end; r0 += BlockRows)
            {
                int n = Math.Min(BlockRows, end - r0);
                BinaryKernels.HammingRows(ref _bits![0], ref Unsafe.Add(ref rowBase, (nint)r0 * _words), _words, n, block);
                for (int i = 0; i < n; i++)
                {
                    collector.Offer(-block[i], r0 + i);
                }
            }
        }
    }
}
