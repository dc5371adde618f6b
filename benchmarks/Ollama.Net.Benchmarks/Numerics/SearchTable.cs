using System.Diagnostics;
using Ollama.Net.Numerics;

namespace Ollama.Net.Benchmarks.Numerics;

/// <summary>Times searches over a query set and scores their recall@k against exact results; prints markdown rows.</summary>
internal sealed class SearchTable(float[] queries, int dimensions, int k, int rounds)
{
    private readonly List<(string Name, double Micros, double[] Recall)> _rows = [];

    public int QueryCount => queries.Length / dimensions;

    public ReadOnlySpan<float> Query(int q) => queries.AsSpan(q * dimensions, dimensions);

    /// <summary>The exact top-k rows of every query (the reference for recall).</summary>
    public HashSet<int>[] Exact { get; private set; } = [];

    public void SetExact(Func<int, IEnumerable<int>> search) =>
        Exact = Enumerable.Range(0, QueryCount).Select(q => search(q).ToHashSet()).ToArray();

    /// <summary>
    /// Runs every query once per round (after one warm-up round) and keeps the fastest round: on a shared machine the
    /// fastest is the least disturbed. Recall is averaged over all queries and over each half of them.
    /// </summary>
    public double Add(string name, Func<int, IReadOnlyCollection<int>> search)
    {
        var found = new IReadOnlyCollection<int>[QueryCount];
        for (int q = 0; q < QueryCount; q++)
        {
            found[q] = search(q);
        }

        double best = double.MaxValue;
        for (int round = 0; round < rounds; round++)
        {
            long start = Stopwatch.GetTimestamp();
            for (int q = 0; q < QueryCount; q++)
            {
                search(q);
            }

            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMicroseconds / QueryCount);
        }

        int half = QueryCount / 2;
        double Recall(int from, int to) => Enumerable.Range(from, to - from).Average(q => found[q].Count(Exact[q].Contains) / (double)Math.Min(k, Exact[q].Count));
        _rows.Add((name, best, [Recall(0, QueryCount), Recall(0, half), Recall(half, QueryCount)]));
        Console.Error.WriteLine($"  {name}: {best:F1} us, recall {_rows[^1].Recall[0]:F3}");
        return best;
    }

    public static IReadOnlyCollection<int> Rows(SearchHit<int>[] hits) => hits.Select(h => h.Key).ToArray();

    /// <summary>The table; ratios are to the row named <paramref name="baseline"/>.</summary>
    public void Print(string baseline, string speedLabel, bool halves)
    {
        double reference = _rows.First(r => r.Name == baseline).Micros;
        Console.WriteLine(halves
            ? $"| Search | µs / query | {speedLabel} | recall@10 | near random rows | near clustered rows |\n|---|---:|---:|---:|---:|---:|"
            : $"| Search | µs / query | {speedLabel} | recall@10 |\n|---|---:|---:|---:|");
        foreach ((string name, double micros, double[] recall) in _rows)
        {
            string speed = $"{reference / micros:F2}×";
            Console.WriteLine(halves
                ? $"| {name} | {micros:N0} | {speed} | {recall[0]:F3} | {recall[1]:F3} | {recall[2]:F3} |"
                : $"| {name} | {micros:N0} | {speed} | {recall[0]:F3} |");
        }

        Console.WriteLine();
    }
}
