using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Ollama.Net.Numerics;

namespace Ollama.Net.Benchmarks.Numerics;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/Ollama.Net.Benchmarks -- million [rows] [--hnsw]</c>: a million rows of
/// 768 dimensions on the seeded clustered set, stored as float32 + int8 (3.9 GB): flat exact and int8 scans against the
/// IVF index at several probe counts (time per query, recall@10), the IVF build time, save and load of the file, and
/// memory. With <c>--hnsw</c> it also builds USearch's HNSW index on the same rows (long: one thread).
/// </summary>
internal static class MillionCommand
{
    private const int Dimensions = 768;
    private const int K = 10;

    public static int Run(string[] args)
    {
        int rows = args.Length > 1 && int.TryParse(args[1], out int n) ? n : 1_000_000;
        bool hnsw = args.Contains("--hnsw");
        int queries = 100;
        SearchData data = SearchData.Clustered(rows, Dimensions, seed: 7);
        Console.WriteLine($"{rows:N0} × {Dimensions} clustered, k = {K}, {queries} queries, {Environment.ProcessorCount} cores, "
            + $"Vector512 {Vector512.IsHardwareAccelerated}, Vector256 {Vector256.IsHardwareAccelerated}, {RuntimeInformation.FrameworkDescription}");
        Console.WriteLine();

        var storage = EmbeddingStorage.Float32 | EmbeddingStorage.Int8;
        using var index = new EmbeddingIndex<int>(Dimensions, new EmbeddingIndexOptions { Storage = storage, InitialCapacity = rows });
        long start = Stopwatch.GetTimestamp();
        data.AddTo(index);
        double ingest = Stopwatch.GetElapsedTime(start).TotalSeconds;
        long blockBytes = (long)rows * ((Dimensions * 4) + Dimensions + 4 + 4); // float32, int8, scale, key
        Console.Error.WriteLine($"ingest {ingest:F1} s (generation included)");

        var table = new SearchTable(data.Queries(queries), Dimensions, K, rounds: 2);
        start = Stopwatch.GetTimestamp();
        SearchHit<int>[][] exact = index.SearchMany(MemoryMarshal.CreateReadOnlySpan(ref MemoryMarshal.GetReference(table.Query(0)), queries * Dimensions), K,
            new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Float32 });
        double exactBatch = Stopwatch.GetElapsedTime(start).TotalMilliseconds / queries;
        table.SetExact(q => exact[q].Select(h => h.Key));

        var flatTable = new SearchTable(data.Queries(20), Dimensions, K, rounds: 2);
        flatTable.SetExact(q => index.Search(flatTable.Query(q), K, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Float32 }).Select(h => h.Key));
        double flatFloat = flatTable.Add("Flat float32, exact (20 queries)", q => SearchTable.Rows(index.Search(flatTable.Query(q), K, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Float32 })));
        double flatInt8 = flatTable.Add("Flat int8 + re-rank (20 queries)", q => SearchTable.Rows(index.Search(flatTable.Query(q), K, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Int8 })));

        start = Stopwatch.GetTimestamp();
        index.BuildIvf(new IvfOptions { MaxDegreeOfParallelism = -1 });
        double build = Stopwatch.GetElapsedTime(start).TotalSeconds;
        Console.Error.WriteLine($"BuildIvf {build:F1} s, {index.IvfListCount} lists");
        table.Add("Flat int8 + re-rank", q => SearchTable.Rows(index.Search(table.Query(q), K, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Int8, IvfProbes = 0 })));
        int defaultProbes = Math.Max(EmbeddingSearchOptions.MinDefaultIvfProbes, (index.IvfListCount + EmbeddingSearchOptions.DefaultIvfProbeDivisor - 1) / EmbeddingSearchOptions.DefaultIvfProbeDivisor);
        table.Add($"IVF, defaults (`Auto`: {defaultProbes} of {index.IvfListCount} lists, their int8 codes, float32 re-rank)", q => SearchTable.Rows(index.Search(table.Query(q), K)));
        foreach (int probes in new[] { 1, 4, 16, 64 })
        {
            var options = new EmbeddingSearchOptions { IvfProbes = probes };
            table.Add($"IVF, {probes} lists, int8 + re-rank", q => SearchTable.Rows(index.Search(table.Query(q), K, options)));
        }

        table.Add($"IVF, {defaultProbes} lists, float32 rows gathered (`Mode = Float32`)", q => SearchTable.Rows(index.Search(table.Query(q), K, new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Float32 })));

        string path = Path.Combine(Path.GetTempPath(), $"ollama-net-million-{Environment.ProcessId}.idx");
        double save, load;
        long fileBytes;
        try
        {
            start = Stopwatch.GetTimestamp();
            using (FileStream file = File.Create(path))
            {
                index.Save(file);
            }

            save = Stopwatch.GetElapsedTime(start).TotalSeconds;
            fileBytes = new FileInfo(path).Length;
            start = Stopwatch.GetTimestamp();
            using (FileStream file = File.OpenRead(path))
            using (var loaded = EmbeddingIndex<int>.Load(file))
            {
                load = Stopwatch.GetElapsedTime(start).TotalSeconds;
                var options = new EmbeddingSearchOptions { Mode = EmbeddingSearchMode.Int8 };
                for (int q = 0; q < 10; q++)
                {
                    if (!index.Search(table.Query(q), K, options).SequenceEqual(loaded.Search(table.Query(q), K, options)))
                    {
                        throw new InvalidOperationException("The loaded index searches differently.");
                    }
                }
            }
        }
        finally
        {
            File.Delete(path);
        }

        Console.WriteLine($"### {rows:N0} × {Dimensions}, clustered: IVF against flat scans");
        Console.WriteLine();
        table.Print("Flat int8 + re-rank", "speed vs flat int8", halves: false);
        Console.WriteLine($"Speed column: against the flat int8 scan. Flat float32 (20 queries): {flatFloat / 1000:F1} ms per query ({flatFloat / flatInt8:F2}× the flat int8 time);");
        Console.WriteLine($"16 queries per pass (`SearchMany`, float32): {exactBatch:F1} ms per query.");
        Console.WriteLine();
        Console.WriteLine("| Step | Result |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| `AddRange` of {rows:N0} rows (float32 + int8), data generation included | {ingest:F1} s |");
        Console.WriteLine($"| `BuildIvf()` ({index.IvfListCount} lists, sample {Math.Min(rows, 64 * index.IvfListCount):N0}, 10 iterations, every core) | {build:F1} s |");
        Console.WriteLine($"| Rows (float32 + int8 + scale + key) | {blockBytes / 1e9:F2} GB |");
        Console.WriteLine($"| IVF (centroids; per row: its list, its int8 codes and scale in the list, its number) | {((long)index.IvfListCount * Dimensions * 4 + ((long)rows * (Dimensions + 12))) / 1e9:F2} GB |");
        Console.WriteLine($"| `Save` to a file / `Load` from it | {save:F1} s / {load:F1} s ({fileBytes / 1e9:F2} GB) |");
        Console.WriteLine($"| Peak working set of the process | {Process.GetCurrentProcess().PeakWorkingSet64 / 1e9:F2} GB |");
        Console.WriteLine();

        if (hnsw)
        {
            using var peer = USearchPeer.CreateHnsw(Dimensions);
            start = Stopwatch.GetTimestamp();
            float[] row = new float[Dimensions];
            for (int r = 0; r < rows; r++)
            {
                index.GetVector(r).CopyTo(row);
                peer.Add((ulong)r, row);
            }

            double peerBuild = Stopwatch.GetElapsedTime(start).TotalSeconds;
            float[] query = new float[Dimensions];
            table.Add("USearch HNSW (defaults)", q =>
            {
                table.Query(q).CopyTo(query);
                peer.Search(query, K, out ulong[] keys, out _);
                return keys.Select(key => (int)key).ToArray();
            });
            Console.WriteLine($"USearch HNSW build (one thread): {peerBuild:F0} s.");
            table.Print("Flat int8 + re-rank", "speed vs flat int8", halves: false);
        }

        return 0;
    }
}
