using System.Diagnostics;
using Ollama.Net.Testing;

namespace Ollama.Net.Benchmarks.Routing;

/// <summary>
/// The routing simulation: N <see cref="OllamaTestServer"/>s on loopback with Ollama's scheduler (load time, loaded-model
/// limit, parallel slots, queue), one Zipf workload, three ways to spread it: round-robin, least-busy and
/// <see cref="OllamaRouter"/>. Then the fault run: the router while one server is killed mid-run.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project benchmarks/Ollama.Net.Benchmarks -- routing [--requests 2000] [--callers 32]
/// [--servers 4] [--models 8] [--loaded 2] [--parallel 4] [--load-ms 500] [--tokens 20] [--rate 200] [--seed 42]
/// [--only rr|lb|router|fault]</c>
/// </remarks>
internal static class RoutingCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var settings = Settings.Parse(args);
        Console.WriteLine($"Routing simulation: {settings}");
        Console.WriteLine();
        Console.WriteLine("| strategy | requests | ok | failed | model loads | p50 ms | p95 ms | throughput req/s | wall s |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var strategy in new[] { "rr", "lb", "router", "fault" })
        {
            if (settings.Only is not null && settings.Only != strategy)
            {
                continue;
            }

            var result = await RunOneAsync(settings, strategy);
            Console.WriteLine(result);
            if (result.Notes.Count > 0)
            {
                foreach (var note in result.Notes)
                {
                    Console.Error.WriteLine($"  {strategy}: {note}");
                }
            }
        }

        return 0;
    }

    private static async Task<Result> RunOneAsync(Settings settings, string strategy)
    {
        var servers = new List<OllamaTestServer>();
        for (var i = 0; i < settings.Servers; i++)
        {
            var options = new OllamaTestServerOptions
            {
                ModelLoadTime = TimeSpan.FromMilliseconds(settings.LoadMs),
                MaxLoadedModels = settings.Loaded,
                NumParallel = settings.Parallel,
                TokensPerSecond = settings.Rate,
                ReplyGenerator = _ => new ScriptedReply { Content = new string('x', settings.Tokens), ChunkSize = 1 },
            };
            for (var m = 0; m < settings.Models; m++)
            {
                options.Models.Add(new TestModel(ModelName(m)) { Digest = $"sha256:{m + 1:x64}" });
            }

            servers.Add(await OllamaTestServer.StartAsync(options));
        }

        var workload = Zipf(settings);
        var clients = servers.Select(s => new OllamaClient(s.Endpoint)).ToArray();
        var inFlight = new int[clients.Length];
        OllamaRouter? router = null;
        if (strategy is "router" or "fault")
        {
            var options = new OllamaRouterOptions { RefreshInterval = TimeSpan.FromSeconds(1), CoolDown = TimeSpan.FromSeconds(5) };
            foreach (var server in servers)
            {
                options.Servers.Add(new OllamaServerOptions(server.Endpoint) { MaxConcurrentRequests = settings.Parallel * settings.Loaded });
            }

            router = new OllamaRouter(options);
        }

        var latencies = new double[workload.Length];
        var outcome = new string?[workload.Length];
        var next = -1;
        var done = 0;
        var turn = -1;
        var killAt = workload.Length / 3;
        var killed = 0;
        var stopwatch = Stopwatch.StartNew();

        async Task CallerAsync()
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < workload.Length)
            {
                if (strategy == "fault" && Volatile.Read(ref done) >= killAt && Interlocked.Exchange(ref killed, 1) == 0)
                {
                    _ = servers[1].DisposeAsync().AsTask(); // killed mid-run, with calls in flight
                }

                var request = new ChatRequest(workload[index], Message.User($"request {index}"));
                using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // a call that hangs is counted, not waited for
                var started = Stopwatch.GetTimestamp();
                var chosen = -1;
                try
                {
                    switch (strategy)
                    {
                        case "rr":
                            chosen = (int)((uint)Interlocked.Increment(ref turn) % (uint)clients.Length);
                            break;
                        case "lb":
                            lock (inFlight)
                            {
                                chosen = Array.IndexOf(inFlight, inFlight.Min());
                                inFlight[chosen]++;
                            }

                            break;
                    }

                    var reply = router is not null
                        ? await router.ChatAsync(request, guard.Token)
                        : await clients[chosen].ChatAsync(request, guard.Token);
                    outcome[index] = reply.Done ? "ok" : "not done";
                }
                catch (OperationCanceledException) when (guard.IsCancellationRequested)
                {
                    outcome[index] = "HUNG";
                }
                catch (Exception ex)
                {
                    outcome[index] = $"{ex.GetType().Name}: {ex.Message}";
                }
                finally
                {
                    if (strategy == "lb")
                    {
                        lock (inFlight)
                        {
                            inFlight[chosen]--;
                        }
                    }

                    latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    Interlocked.Increment(ref done);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, settings.Callers).Select(_ => Task.Run(CallerAsync)));
        var wall = stopwatch.Elapsed;
        var loads = servers.Sum(s => s.Statistics.ModelLoads);
        router?.Dispose();
        foreach (var client in clients)
        {
            client.Dispose();
        }

        foreach (var server in servers)
        {
            await server.DisposeAsync();
        }

        var ok = outcome.Count(o => o == "ok");
        var sorted = latencies.Order().ToArray();
        var notes = outcome.Where(o => o != "ok").GroupBy(o => o ?? "LOST (no outcome)").Select(g => $"{g.Count()} × {g.Key}").ToList();
        return new Result(
            strategy switch { "rr" => "round-robin", "lb" => "least-busy", "router" => "OllamaRouter", _ => "OllamaRouter, server 2 killed at 1/3" },
            workload.Length,
            ok,
            workload.Length - ok,
            loads,
            Percentile(sorted, 0.50),
            Percentile(sorted, 0.95),
            workload.Length / wall.TotalSeconds,
            wall.TotalSeconds,
            notes);
    }

    private static string ModelName(int index) => $"model-{index}:1b";

    /// <summary>The request sequence: model i with probability proportional to 1 / (i + 1) (Zipf, s = 1), fixed seed.</summary>
    private static string[] Zipf(Settings settings)
    {
        var weights = Enumerable.Range(1, settings.Models).Select(k => 1.0 / k).ToArray();
        var total = weights.Sum();
        var random = new Random(settings.Seed);
        var workload = new string[settings.Requests];
        for (var i = 0; i < workload.Length; i++)
        {
            var x = random.NextDouble() * total;
            var m = 0;
            while (m < weights.Length - 1 && (x -= weights[m]) > 0)
            {
                m++;
            }

            workload[i] = ModelName(m);
        }

        return workload;
    }

    private static double Percentile(double[] sorted, double p)
        => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private sealed record Result(
        string Strategy, int Requests, int Ok, int Failed, int Loads, double P50, double P95, double Throughput, double Wall, List<string> Notes)
    {
        public override string ToString()
            => $"| {Strategy} | {Requests} | {Ok} | {Failed} | {Loads} | {P50:F0} | {P95:F0} | {Throughput:F1} | {Wall:F1} |";
    }

    private sealed record Settings(
        int Requests, int Callers, int Servers, int Models, int Loaded, int Parallel, int LoadMs, int Tokens, double Rate, int Seed, string? Only)
    {
        public static Settings Parse(string[] args)
        {
            string? Value(string name)
            {
                var i = Array.IndexOf(args, name);
                return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
            }

            int Int(string name, int fallback) => Value(name) is { } v ? int.Parse(v, System.Globalization.CultureInfo.InvariantCulture) : fallback;
            return new Settings(
                Int("--requests", 2000),
                Int("--callers", 32),
                Int("--servers", 4),
                Int("--models", 8),
                Int("--loaded", 2),
                Int("--parallel", 4),
                Int("--load-ms", 500),
                Int("--tokens", 20),
                Int("--rate", 200),
                Int("--seed", 42),
                Value("--only"));
        }

        public override string ToString()
            => $"{Servers} servers, {Models} models (Zipf s=1, seed {Seed}), {Loaded} loaded per server, {Parallel} parallel per model, {LoadMs} ms load, {Tokens} tokens per reply at {Rate} tokens/s, {Callers} callers, {Requests} requests";
    }
}
