using System.Diagnostics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Ollama.Net.Numerics;

namespace Ollama.Net.Benchmarks.Numerics;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/Ollama.Net.Benchmarks -- paths</c>: the kernel claims of
/// docs/benchmarks.md on every instruction-set path of this CPU, as ratios measured side by side. It runs itself three
/// times (as is, with <c>DOTNET_EnableAVX512=0</c>, with <c>DOTNET_EnableAVX2=0</c>); each child alternates the compared
/// variants round after round and reports the median of the per-round ratios, which a machine shared with other work
/// disturbs far less than timing one variant after another. Times are thread CPU time (time descheduled is not counted;
/// memory stalls are).
/// </summary>
internal static class PathsCommand
{
    private const int Dimensions = 768;
    private const int K = 10;
    private const int Rounds = 15;

    private static readonly (string Name, string? Variable)[] Paths =
    [
        ("AVX-512", null),
        ("AVX2 (`DOTNET_EnableAVX512=0`)", "DOTNET_EnableAVX512"),
        ("Vector128 (`DOTNET_EnableAVX2=0`)", "DOTNET_EnableAVX2"),
    ];

    public static int Run(string[] args)
    {
        string self = Environment.ProcessPath!;
        string? assembly = self.EndsWith("dotnet", StringComparison.Ordinal) ? typeof(PathsCommand).Assembly.Location : null;
        var columns = new List<(string Path, Dictionary<string, string> Values)>();
        var order = new List<string>();
        foreach ((string name, string? variable) in Paths)
        {
            if (variable == "DOTNET_EnableAVX512" && !Vector512.IsHardwareAccelerated)
            {
                continue;
            }

            var start = new ProcessStartInfo(self) { RedirectStandardOutput = true };
            if (assembly is not null)
            {
                start.ArgumentList.Add(assembly);
            }

            start.ArgumentList.Add("paths-child");
            if (variable is not null)
            {
                start.Environment[variable] = "0";
            }

            Console.Error.WriteLine($"== {name}");
            using Process child = Process.Start(start)!;
            var values = new Dictionary<string, string>();
            while (child.StandardOutput.ReadLine() is { } line)
            {
                Console.Error.WriteLine("  " + line);
                string[] parts = line.Split('\t');
                if (parts.Length == 2)
                {
                    values[parts[0]] = parts[1];
                    if (!order.Contains(parts[0]))
                    {
                        order.Add(parts[0]);
                    }
                }
            }

            child.WaitForExit();
            columns.Add((name, values));
        }

        Console.WriteLine($"| Measure (median of {Rounds} side-by-side rounds) | " + string.Join(" | ", columns.Select(c => c.Path)) + " |");
        Console.WriteLine("|---|" + string.Concat(columns.Select(_ => "---:|")));
        foreach (string key in order)
        {
            Console.WriteLine($"| {key} | " + string.Join(" | ", columns.Select(c => c.Values.GetValueOrDefault(key, "—"))) + " |");
        }

        return 0;
    }

    public static int RunChild()
    {
        Console.WriteLine($"machine\t{Environment.ProcessorCount} cores, Vector512 {Vector512.IsHardwareAccelerated}, Vector256 {Vector256.IsHardwareAccelerated}");
        Primitives();
        InCache(256);
        InCache(1000);
        Memory();
        QuantizedFromMemory();
        Ingest();
        return 0;
    }

    private static void Primitives()
    {
        float[] x = NumericsData.Gaussian(1, Dimensions), y = NumericsData.Gaussian(2, Dimensions), destination = new float[Dimensions];
        double[] r = Compare(
            ("TensorPrimitives.CosineSimilarity", () => Sink(TensorPrimitives.CosineSimilarity(x, y)), 20_000),
            ("EmbeddingMath.CosineSimilarity", () => Sink(EmbeddingMath.CosineSimilarity(x, y)), 20_000),
            ("TensorPrimitives.Dot", () => Sink(TensorPrimitives.Dot(x, y)), 20_000),
            ("EmbeddingMath.Dot", () => Sink(EmbeddingMath.Dot(x, y)), 20_000),
            ("TensorPrimitives Norm + Divide", () => { TensorPrimitives.Divide(x, TensorPrimitives.Norm(x), destination); }, 20_000),
            ("EmbeddingMath.Normalize", () => Sink(EmbeddingMath.Normalize(x, destination)), 20_000));
        Report("Cosine, d = 768: `TensorPrimitives.CosineSimilarity` time / ours", r[0] / r[1]);
        Report("Dot, d = 768: `TensorPrimitives.Dot` time / `EmbeddingMath.Dot`", r[2] / r[3]);
        Report("Normalize, d = 768: `TensorPrimitives` norm + divide time / `EmbeddingMath.Normalize`", r[4] / r[5]);
    }

    /// <summary>
    /// Top-10 over rows held in the caches: 256 × 768 (768 KB) fits in a 1 MB L2, 1,000 × 768 (3 MB) does not and is
    /// read from L3. The read probe over the same rows is the ceiling for any scan of them.
    /// </summary>
    private static void InCache(int rows)
    {
        float[] plain = Unit(NumericsData.Gaussian(3, rows * Dimensions), rows);
        using var index = new EmbeddingIndex<int>(Dimensions, new EmbeddingIndexOptions { InitialCapacity = rows });
        index.AddRange(Enumerable.Range(0, rows).ToArray(), plain);
        float[] query = Unit(NumericsData.Gaussian(4, Dimensions), 1);
        float[] scores = new float[rows];
        int[] top = new int[K];
        float[] values = new float[K];
        var options = new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Float32 };
        var hits = new SearchHit<int>[K];
        ReadOnlySpan<byte> Block() => MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetReference(index.GetVector(0)), rows * Dimensions));
        int reps = 200_000 / rows;
        double[] r = Compare(
            ("TP loop", () => TensorPrimitivesLoop(plain, query, scores, top, values), reps),
            ("index", () => Sink(index.Search(query, hits, options)), reps),
            ("probe", () => Sink(ReadProbe.ReadCached(Block())), reps));
        string where = rows == 256 ? "768 KB, in L2" : "3 MB, L3 here";
        Report($"Top-10, {rows:N0} × 768 in cache ({where}): per-row `TensorPrimitives.Dot` time / float32 search", r[0] / r[1], detail: $"{r[0] * 1000:F1} / {r[1] * 1000:F1} µs");
        Report($"Top-10, {rows:N0} × 768 in cache ({where}): per-row `TensorPrimitives.Dot` time / read probe of the rows (the ceiling)", r[0] / r[2]);
    }

    private static void Memory()
    {
        const int Rows = 100_000;
        float[] plain = Unit(NumericsData.Gaussian(3, Rows * Dimensions), Rows);
        using var index = new EmbeddingIndex<int>(Dimensions, new EmbeddingIndexOptions
        {
            Storage = EmbeddingStorage.Float32 | EmbeddingStorage.Int8 | EmbeddingStorage.Binary,
            InitialCapacity = Rows,
        });
        index.AddRange(Enumerable.Range(0, Rows).ToArray(), plain);
        float[] query = Unit(NumericsData.Gaussian(4, Dimensions), 1);
        float[] scores = new float[Rows];
        int[] top = new int[K];
        float[] values = new float[K];
        double[] r = Compare(
            ("TP loop", () => TensorPrimitivesLoop(plain, query, scores, top, values), 1),
            ("float32", () => Sink(index.Search(query, K, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Float32 }).Length), 1),
            ("probe float32", () => Sink(ReadProbe.Read(MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetReference(index.GetVector(0)), Rows * Dimensions)))), 1),
            ("int8 + re-rank", () => Sink(index.Search(query, K, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Int8 }).Length), 1),
            ("USearch exact", () => Sink(USearchPeer.ExactSearch(index.GetVector(0), Rows, Dimensions * sizeof(float), query, Dimensions, K, innerProduct: true).Length), 1));
        Report("Top-10, 100,000 × 768 from memory: per-row `TensorPrimitives.Dot` time / float32 search", r[0] / r[1]);
        Report("Float32 scan, share of the read probe (307 MB)", r[2] / r[1], percent: true);
        Report("Read probe bandwidth, float32 block", Rows * Dimensions * 4.0 / (r[2] * 1e6), unit: "GB/s");
        if (HugePageShare.Of(MemoryMarshal.AsBytes(MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetReference(index.GetVector(0)), Rows * Dimensions))) is double huge)
        {
            Report("Float32 rows on 2 MB pages (Linux transparent huge pages; the index asks for them)", huge, percent: true);
        }

        Report("Int8 + re-rank vs float32 scan (speed-up)", r[1] / r[3]);
        Report("USearch exact search (inner product, one thread) time / our float32 search", r[4] / r[1], detail: $"{r[4]:F1} / {r[1]:F1} ms");
    }

    /// <summary>
    /// The quantized scans from memory, each over 307 MB (ten times a 32 MB L3, so the probe that follows a scan of the
    /// same bytes finds little of them cached): int8 over 400,000 rows of 768 bytes, 1-bit over 3,200,000 rows of 96
    /// bytes, each next to a read probe of the very bytes it scans.
    /// </summary>
    private static void QuantizedFromMemory()
    {
        ScanShare(EmbeddingStorage.Int8, 400_000, "Int8 scan (no re-rank), share of a read probe of its bytes (400,000 rows, 307 MB)");
        ScanShare(EmbeddingStorage.Binary, 3_200_000, "1-bit scan (no re-rank), share of a read probe of its bytes (3,200,000 rows, 307 MB)");
    }

    /// <summary>Reports a scan of the one quantized <paramref name="storage"/> (no re-rank) as a share of a read probe of its bytes.</summary>
    private static void ScanShare(EmbeddingStorage storage, int rows, string name)
    {
        bool binary = storage == EmbeddingStorage.Binary;
        float[] query = Unit(NumericsData.Gaussian(4, Dimensions), 1);
        using EmbeddingIndex<int> index = Repeated(storage, rows);
        var options = new EmbeddingSearchOptions { Mode = binary ? EmbeddingSearchMode.Binary : EmbeddingSearchMode.Int8, Rerank = false };
        double[] r = Compare(
            ("scan", () => Sink(index.Search(query, K, options).Length), 1),
            ("probe", () => Sink(ReadProbe.Read(index.ScannedBytes(binary))), 1));
        Report(name, r[1] / r[0], percent: true);
    }

    /// <summary>An index of <paramref name="rows"/> rows: one seeded block of 100,000 added again and again (only the scan speed matters).</summary>
    private static EmbeddingIndex<int> Repeated(EmbeddingStorage storage, int rows)
    {
        const int Chunk = 100_000;
        float[] plain = NumericsData.Gaussian(7, Chunk * Dimensions);
        var index = new EmbeddingIndex<int>(Dimensions, new EmbeddingIndexOptions { Storage = storage, BinaryRerankCodes = false, InitialCapacity = rows });
        for (int start = 0; start < rows; start += Chunk)
        {
            index.AddRange(Enumerable.Range(start, Chunk).ToArray(), plain);
        }

        return index;
    }

    private static void Ingest()
    {
        const int Rows = 10_000;
        float[] vectors = NumericsData.Gaussian(6, Rows * Dimensions);
        int[] keys = Enumerable.Range(0, Rows).ToArray();
        EmbeddingIndex<int> Make(EmbeddingStorage storage)
        {
            var index = new EmbeddingIndex<int>(Dimensions, new EmbeddingIndexOptions { Storage = storage, InitialCapacity = Rows });
            index.AddRange(keys, vectors); // touch the memory once
            return index;
        }

        using EmbeddingIndex<int> f = Make(EmbeddingStorage.Float32), i = Make(EmbeddingStorage.Int8), b = Make(EmbeddingStorage.Binary),
            all = Make(EmbeddingStorage.Float32 | EmbeddingStorage.Int8 | EmbeddingStorage.Binary);
        Action add(EmbeddingIndex<int> index) => () =>
        {
            index.Clear();
            index.AddRange(keys, vectors);
        };
        double[] r = Compare(("float32", add(f), 1), ("int8", add(i), 1), ("binary", add(b), 1), ("all", add(all), 1));
        Report("`AddRange` float32 only, µs per row", r[0] * 1000 / Rows, unit: "µs");
        Report("`AddRange` throughput vs float32 only: `Int8`", r[0] / r[1], percent: true);
        Report("`AddRange` throughput vs float32 only: `Binary` (with its default int8 re-rank codes)", r[0] / r[2], percent: true);
        Report("`AddRange` throughput vs float32 only: `Float32 | Int8 | Binary`", r[0] / r[3], percent: true);
    }

    /// <summary>Runs the variants in turn, round after round; returns each one's median time in ms (thread CPU time).</summary>
    private static double[] Compare(params (string Name, Action Body, int Reps)[] variants)
    {
        var times = variants.Select(_ => new List<double>()).ToArray();
        foreach (var v in variants)
        {
            for (int w = 0; w < Math.Max(3, v.Reps / 10); w++)
            {
                v.Body();
            }
        }

        for (int round = 0; round < Rounds; round++)
        {
            for (int i = 0; i < variants.Length; i++)
            {
                long start = ThreadTime();
                for (int rep = 0; rep < variants[i].Reps; rep++)
                {
                    variants[i].Body();
                }

                times[i].Add((ThreadTime() - start) / 1e6 / variants[i].Reps);
            }
        }

        return times.Select(t => t.Order().ElementAt(t.Count / 2)).ToArray();
    }

    private static void Report(string name, double value, bool percent = false, string? unit = null, string? detail = null) =>
        Console.WriteLine($"{name}\t{(percent ? $"{value * 100:F0} %" : unit is null ? $"{value:F2}×" : $"{value:F2} {unit}")}{(detail is null ? string.Empty : $" ({detail})")}");

    private static int TensorPrimitivesLoop(float[] plain, float[] query, float[] scores, int[] top, float[] values)
    {
        for (int r = 0; r < scores.Length; r++)
        {
            scores[r] = TensorPrimitives.Dot(plain.AsSpan(r * Dimensions, Dimensions), query);
        }

        return EmbeddingMath.TopK(scores, top, values);
    }

    private static float[] Unit(float[] data, int rows)
    {
        for (int r = 0; r < rows; r++)
        {
            EmbeddingMath.Normalize(data.AsSpan(r * Dimensions, Dimensions));
        }

        return data;
    }

    private static float s_sink;

    private static void Sink(float value) => s_sink += value;

    private static void Sink(uint value) => s_sink += value;

    private static void Sink(int value) => s_sink += value;

    private static long ThreadTime() => ProcessCpuTimeClock.ThreadNanoseconds();
}
