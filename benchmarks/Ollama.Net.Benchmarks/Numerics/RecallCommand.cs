using System.Diagnostics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Ollama.Net.Numerics;

namespace Ollama.Net.Benchmarks.Numerics;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/Ollama.Net.Benchmarks -- recall [rows] [--no-hnsw]</c>: time per query
/// and recall@10 of every storage and search option on the seeded mixed and clustered sets (100,000 × 768 by default),
/// with USearch (exact and HNSW) on the same data. Prints markdown tables (progress goes to stderr). <c>--no-hnsw</c>
/// skips USearch's HNSW, whose one-thread build takes most of the run.
/// </summary>
internal static class RecallCommand
{
    private const int Dimensions = 768;
    private const int K = 10;
    private const int Queries = 100;

    private const EmbeddingStorage All = EmbeddingStorage.Float32 | EmbeddingStorage.Int8 | EmbeddingStorage.Binary;

    public static int Run(string[] args)
    {
        int rows = args.Length > 1 && int.TryParse(args[1], out int n) ? n : 100_000;
        bool hnsw = !args.Contains("--no-hnsw");
        Console.WriteLine($"Recall and time per query: {rows:N0} × {Dimensions}, k = {K}, {Queries} queries, {Environment.ProcessorCount} cores, "
            + $"Vector512 {Vector512.IsHardwareAccelerated}, Vector256 {Vector256.IsHardwareAccelerated}, {RuntimeInformation.FrameworkDescription}");
        Console.WriteLine();
        foreach (SearchData data in new[] { SearchData.MixedSet(rows, Dimensions), SearchData.Clustered(rows, Dimensions) })
        {
            Run(data, hnsw);
        }

        return 0;
    }

    private static EmbeddingIndex<int> Build(SearchData data, EmbeddingStorage storage, out double micros, bool binaryRerankCodes = true)
    {
        var index = new EmbeddingIndex<int>(Dimensions, new EmbeddingIndexOptions { Storage = storage, InitialCapacity = data.Rows, BinaryRerankCodes = binaryRerankCodes });
        long start = Stopwatch.GetTimestamp();
        data.AddTo(index);
        micros = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        return index;
    }

    private static void Run(SearchData data, bool withHnsw)
    {
        Console.Error.WriteLine($"== {data.Name}");
        var table = new SearchTable(data.Queries(Queries), Dimensions, K, rounds: 3);
        using EmbeddingIndex<int> all = Build(data, All, out _);
        table.SetExact(q => all.Search(table.Query(q), K, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Float32 }).Select(h => h.Key));

        float[] plain = new float[data.Rows * Dimensions];
        for (int r = 0; r < data.Rows; r++)
        {
            all.GetVector(r).CopyTo(plain.AsSpan(r * Dimensions));
        }

        float[] scores = new float[data.Rows];
        table.Add("`TensorPrimitives.Dot` per row + `TopK` (baseline)", q =>
        {
            ReadOnlySpan<float> query = table.Query(q);
            for (int r = 0; r < data.Rows; r++)
            {
                scores[r] = TensorPrimitives.Dot(plain.AsSpan(r * Dimensions, Dimensions), query);
            }

            int[] top = new int[K];
            EmbeddingMath.TopK(scores, top, new float[K]);
            return top;
        });
        plain = [];

        void Ours(string name, EmbeddingIndex<int> index, EmbeddingSearchOptions options) =>
            table.Add(name, q => SearchTable.Rows(index.Search(table.Query(q), K, options)));

        Ours("Float32, exact", all, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Float32 });
        Ours("Int8 + float32 re-rank (default for int8)", all, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Int8 });
        Ours("Int8 estimates (`Rerank = false`)", all, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Int8, Rerank = false });
        Ours("1-bit + re-rank, adaptive (default; `Auto` with every storage)", all, new EmbeddingSearchOptions());
        Ours("1-bit + re-rank, `Oversampling = 40` (fixed)", all, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Binary, Oversampling = 40 });
        Ours("1-bit + re-rank, adaptive, every core (`MaxDegreeOfParallelism = -1`)", all, new EmbeddingSearchOptions { MaxDegreeOfParallelism = -1 });
        foreach ((string name, EmbeddingStorage storage, bool codes) in new[]
        {
            ("Storage `Int8` only: int8 estimates", EmbeddingStorage.Int8, true),
            ("Storage `Int8 \\| Binary`: 1-bit → int8, adaptive", EmbeddingStorage.Int8 | EmbeddingStorage.Binary, true),
            ("Storage `Float32 \\| Binary`: 1-bit → float32, adaptive", EmbeddingStorage.Float32 | EmbeddingStorage.Binary, true),
            ("Storage `Binary` (keeps int8 re-rank codes by default): 1-bit → int8, adaptive", EmbeddingStorage.Binary, true),
            ("Storage `Binary`, `BinaryRerankCodes = false` (bits only): Hamming estimates", EmbeddingStorage.Binary, false),
        })
        {
            using EmbeddingIndex<int> index = Build(data, storage, out _, codes);
            Ours(name, index, new EmbeddingSearchOptions());
        }

        // The peer on the same unit rows: USearch's exact search reads our float32 block in place.
        int strideBytes = all.Dimensions % 16 == 0 ? all.Dimensions * 4 : ((all.Dimensions + 15) / 16) * 64;
        table.Add("USearch exact (`usearch_exact_search`, 1 thread)", q =>
            USearchPeer.ExactSearch(all.GetVector(0), data.Rows, strideBytes, table.Query(q), Dimensions, K).Select(key => (int)key).ToArray());
        table.Add("USearch exact, inner product (the rows are unit vectors)", q =>
            USearchPeer.ExactSearch(all.GetVector(0), data.Rows, strideBytes, table.Query(q), Dimensions, K, innerProduct: true).Select(key => (int)key).ToArray());

        double hnswBuild = 0;
        if (withHnsw)
        {
            hnswBuild = AddHnsw(table, data, all);
        }

        Console.WriteLine($"### {data.Name} set ({data.Rows:N0} × {Dimensions})");
        Console.WriteLine();
        table.Print("Float32, exact", "speed vs float32", halves: data.Mixed);
        if (withHnsw)
        {
            Console.WriteLine($"USearch HNSW build (one thread, `Add` per row): {hnswBuild:F1} s.");
        }

        Console.WriteLine();
    }

    /// <summary>
    /// Builds USearch's HNSW index on the rows (one thread, <c>Add</c> per row) and adds its searches to the table (run
    /// there and then); returns the build time in seconds.
    /// </summary>
    private static double AddHnsw(SearchTable table, SearchData data, EmbeddingIndex<int> all)
    {
        using var hnsw = USearchPeer.CreateHnsw(Dimensions);
        long start = Stopwatch.GetTimestamp();
        float[] row = new float[Dimensions];
        for (int r = 0; r < data.Rows; r++)
        {
            all.GetVector(r).CopyTo(row);
            hnsw.Add((ulong)r, row);
        }

        double build = Stopwatch.GetElapsedTime(start).TotalSeconds;
        float[] query = new float[Dimensions];
        table.Add("USearch HNSW (defaults)", q =>
        {
            table.Query(q).CopyTo(query);
            hnsw.Search(query, K, out ulong[] keys, out _);
            return keys.Select(key => (int)key).ToArray();
        });
        return build;
    }
}
