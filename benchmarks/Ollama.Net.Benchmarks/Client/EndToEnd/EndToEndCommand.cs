using System.Diagnostics;
using System.Globalization;

namespace Ollama.Net.Benchmarks.Client.EndToEnd;

/// <summary>
/// <c>dotnet run -c Release -- e2e [--concurrency 64] [--chunks 2000] [--rounds 3] [--timeout 120]</c>: starts a Kestrel
/// chat server on loopback and runs <c>concurrency</c> concurrent streaming chats of <c>chunks</c> chunks through each
/// library. Two measurements:
/// <list type="bullet">
/// <item>child process per client and round (clients alternate): chunks per second, bytes allocated, peak working set
/// of a process that holds only that client;</item>
/// <item>in-process, alternating clients in this process: chunks per second and bytes allocated.</item>
/// </list>
/// Bounded: every run is cancelled after <c>timeout</c> seconds and a child that overruns is killed.
/// </summary>
public static class EndToEndCommand
{
    private const string ResultTag = "E2E-RESULT";

    public static async Task<int> RunAsync(string[] args)
    {
        var concurrency = Option(args, "--concurrency", 64);
        var chunks = Option(args, "--chunks", 2000);
        var rounds = Option(args, "--rounds", 3);
        var timeout = TimeSpan.FromSeconds(Option(args, "--timeout", 120));
        var libraries = new[] { "ollamasharp", "ollamanet" };

        var body = WireData.ChatStream(chunks);
        await using var server = await ChatStreamServer.StartAsync(body);
        Console.WriteLine($"Server {server.Address} streams {chunks:N0} chunks + final ({body.Length:N0} bytes) per chat; {concurrency} concurrent chats, {rounds} round(s).");
        Console.WriteLine($"Machine: {Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}.");

        var child = new Dictionary<string, List<Measurement>>();
        var inProcess = new Dictionary<string, List<Measurement>>();
        foreach (var library in libraries)
        {
            child[library] = [];
            inProcess[library] = [];
        }

        // Child process per client: alternate the order each round.
        for (var round = 0; round < rounds; round++)
        {
            foreach (var library in round % 2 == 0 ? libraries : libraries.Reverse())
            {
                var result = await RunChildAsync(library, server.Address, concurrency, chunks, timeout);
                child[library].Add(result);
                Console.WriteLine($"  child  round {round + 1} {Display(library),-12} {result}");
            }
        }

        // Same process, alternating clients.
        for (var round = 0; round < rounds; round++)
        {
            foreach (var library in round % 2 == 0 ? libraries : libraries.Reverse())
            {
                var result = await MeasureAsync(library, server.Address, concurrency, chunks, timeout);
                inProcess[library].Add(result);
                Console.WriteLine($"  inproc round {round + 1} {Display(library),-12} {result}");
            }
        }

        Console.WriteLine();
        Console.WriteLine($"Child process per client (median of {rounds}):");
        Console.WriteLine();
        Console.WriteLine("| Client | chunks/s | ratio | allocated / chunk | peak working set | working set at start |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        var baseline = Median(child["ollamasharp"]);
        foreach (var library in libraries)
        {
            var m = Median(child[library]);
            Console.WriteLine($"| {Display(library)} | {m.ChunksPerSecond:N0} | {m.ChunksPerSecond / baseline.ChunksPerSecond:0.00} | {m.AllocatedPerChunk:N0} B | {m.PeakWorkingSet / (1024.0 * 1024):N1} MiB | {m.StartWorkingSet / (1024.0 * 1024):N1} MiB |");
        }

        Console.WriteLine();
        Console.WriteLine($"Same process, alternating clients (median of {rounds}; process peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024):N1} MiB, server included):");
        Console.WriteLine();
        Console.WriteLine("| Client | chunks/s | ratio | allocated / chunk |");
        Console.WriteLine("|---|---:|---:|---:|");
        baseline = Median(inProcess["ollamasharp"]);
        foreach (var library in libraries)
        {
            var m = Median(inProcess[library]);
            Console.WriteLine($"| {Display(library)} | {m.ChunksPerSecond:N0} | {m.ChunksPerSecond / baseline.ChunksPerSecond:0.00} | {m.AllocatedPerChunk:N0} B |");
        }

        return 0;
    }

    /// <summary>The child side: <c>e2e-client LIBRARY URL CONCURRENCY CHUNKS TIMEOUT_SECONDS</c>; prints one result line.</summary>
    public static async Task<int> RunClientAsync(string[] args)
    {
        var startWorkingSet = Process.GetCurrentProcess().WorkingSet64;
        var result = await MeasureAsync(args[1], new Uri(args[2]), int.Parse(args[3], CultureInfo.InvariantCulture),
            int.Parse(args[4], CultureInfo.InvariantCulture), TimeSpan.FromSeconds(int.Parse(args[5], CultureInfo.InvariantCulture)));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{ResultTag} {result.Chunks} {result.Seconds} {result.Allocated} {Process.GetCurrentProcess().PeakWorkingSet64} {startWorkingSet}"));
        return 0;
    }

    private static async Task<Measurement> MeasureAsync(string library, Uri address, int concurrency, int chunks, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        using var client = StreamingClient.Create(library, address);

        // Warm up: one chat (JIT, connection).
        await client.StreamAsync(cancellation.Token);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var stopwatch = Stopwatch.StartNew();
        var tasks = new Task<int>[concurrency];
        for (var i = 0; i < concurrency; i++)
        {
            tasks[i] = Task.Run(() => client.StreamAsync(cancellation.Token));
        }

        var counts = await Task.WhenAll(tasks);
        stopwatch.Stop();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var total = counts.Sum();
        var expected = concurrency * (chunks + 1);
        if (total != expected)
        {
            throw new InvalidOperationException($"{library}: got {total} chunks, expected {expected}.");
        }

        return new Measurement(total, stopwatch.Elapsed.TotalSeconds, allocated, Process.GetCurrentProcess().PeakWorkingSet64);
    }

    private static async Task<Measurement> RunChildAsync(string library, Uri address, int concurrency, int chunks, TimeSpan timeout)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var host = Environment.ProcessPath!;
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.FileName = host;
            start.ArgumentList.Add(typeof(EndToEndCommand).Assembly.Location);
        }
        else
        {
            start.FileName = host;
        }

        foreach (var arg in new[] { "e2e-client", library, address.ToString(), concurrency.ToString(CultureInfo.InvariantCulture),
                     chunks.ToString(CultureInfo.InvariantCulture), ((int)timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the client process.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(timeout + TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The {library} client process ran over {timeout + TimeSpan.FromSeconds(30)} and was killed.");
        }

        var line = (await stdout).Split('\n').FirstOrDefault(l => l.StartsWith(ResultTag, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"The {library} client process failed (exit {process.ExitCode}): {await stderr}");
        var parts = line.Trim().Split(' ');
        return new Measurement(
            int.Parse(parts[1], CultureInfo.InvariantCulture),
            double.Parse(parts[2], CultureInfo.InvariantCulture),
            long.Parse(parts[3], CultureInfo.InvariantCulture),
            long.Parse(parts[4], CultureInfo.InvariantCulture))
        {
            StartWorkingSet = long.Parse(parts[5], CultureInfo.InvariantCulture),
        };
    }

    private static Measurement Median(List<Measurement> runs)
    {
        var byRate = runs.OrderBy(m => m.ChunksPerSecond).ToList();
        var mid = byRate[byRate.Count / 2];
        // Rate from the median run; allocation and peak memory as their own medians.
        return mid with
        {
            Allocated = runs.Select(m => m.Allocated).Order().ElementAt(runs.Count / 2),
            PeakWorkingSet = runs.Select(m => m.PeakWorkingSet).Order().ElementAt(runs.Count / 2),
            StartWorkingSet = runs.Select(m => m.StartWorkingSet).Order().ElementAt(runs.Count / 2),
        };
    }

    private static string Display(string library) => library == "ollamanet" ? "Ollama.Net" : "OllamaSharp";

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private sealed record Measurement(int Chunks, double Seconds, long Allocated, long PeakWorkingSet)
    {
        /// <summary>Working set of a child process before it made its client (runtime and program only).</summary>
        public long StartWorkingSet { get; init; }

        public double ChunksPerSecond => Chunks / Seconds;

        public double AllocatedPerChunk => (double)Allocated / Chunks;

        public override string ToString()
            => $"{ChunksPerSecond,12:N0} chunks/s  {AllocatedPerChunk,8:N0} B/chunk  peak WS {PeakWorkingSet / (1024.0 * 1024),7:N1} MiB  ({Seconds:0.000} s)";
    }
}
