using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Ollama.Net.Testing;

namespace Ollama.Net.IntegrationTests.Server;

/// <summary>
/// The scheduler (Ollama's server/sched.go): load time, loaded-model limit and eviction order, parallel slots, the
/// pending queue and its 503, keep-alive expiry and /api/ps, the token rate. Time is a FakeTimeProvider: every wait
/// is on server state (WaitForStatisticsAsync, a response), never on the wall clock.
/// </summary>
public class SchedulerTests
{
    private static readonly DateTimeOffset s_start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_cold_model_answers_after_the_load_time_and_reports_it_as_load_duration()
    {
        var (server, time) = await StartAsync(o => o.ModelLoadTime = TimeSpan.FromSeconds(10), Wire.Chat());
        await using var _ = server;
        using var http = Wire.Client(server);

        var cold = Wire.PostAsync(http, "/api/chat", Chat("m"));
        var loading = await server.WaitForStatisticsAsync(s => s.LoadingModel is not null).WaitAsync(Wire.Bound);
        Assert.Equal("m:latest", loading.LoadingModel);
        Assert.Equal(1, loading.PendingRequests);
        Assert.Empty(server.LoadedModels); // Go registers the runner once it runs

        time.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal("m:latest", server.Statistics.LoadingModel);
        Assert.False(cold.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(1));
        var r = await cold.WaitAsync(Wire.Bound);
        Assert.Equal(200, r.Status);
        Assert.Equal(10_000_000_000, r.Json.GetProperty("load_duration").GetInt64());
        Assert.Equal(["m:latest"], server.LoadedModels);

        var warm = await Wire.PostAsync(http, "/api/chat", Chat("m")).WaitAsync(Wire.Bound);
        Assert.False(warm.Json.Has("load_duration")); // no wait on the server's clock: zero, omitted as Go omits it
        Assert.Equal(new SchedulerStatistics { ModelLoads = 1, LoadedModels = 1 }, server.Statistics);
    }

    [Fact]
    public async Task More_than_MaxQueue_pending_requests_get_503_busy_but_a_loaded_model_still_answers()
    {
        var (server, time) = await StartAsync(
            o => { o.ModelLoadTime = TimeSpan.FromSeconds(10); o.MaxQueue = 1; },
            Wire.Chat("a"), Wire.Chat("b"), Wire.Chat("c"), Wire.Chat("d"));
        await using var _ = server;
        using var http = Wire.Client(server);
        var a = Wire.PostAsync(http, "/api/chat", Chat("a"));
        await server.WaitForStatisticsAsync(s => s.LoadingModel == "a:latest").WaitAsync(Wire.Bound);
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(200, (await a.WaitAsync(Wire.Bound)).Status);

        var b = Wire.PostAsync(http, "/api/chat", Chat("b"));       // the one the scheduler works on
        await server.WaitForStatisticsAsync(s => s.LoadingModel == "b:latest").WaitAsync(Wire.Bound);
        var c = Wire.PostAsync(http, "/api/chat", Chat("c"));       // fills the queue of 1
        await server.WaitForStatisticsAsync(s => s.PendingRequests == 2).WaitAsync(Wire.Bound);

        var d = await Wire.PostAsync(http, "/api/chat", Chat("d")).WaitAsync(Wire.Bound);
        Assert.Equal(503, d.Status);
        Assert.Equal("application/json; charset=utf-8", d.ContentType?.ToString());
        Assert.Equal("""{"error":"server busy, please try again.  maximum pending requests exceeded"}""", d.Text);
        Assert.Equal(1, server.Statistics.RejectedRequests);

        // A loaded model is taken at once, whatever the queue holds.
        Assert.Equal(200, (await Wire.PostAsync(http, "/api/chat", Chat("a")).WaitAsync(Wire.Bound)).Status);

        time.Advance(TimeSpan.FromSeconds(10));
        await server.WaitForStatisticsAsync(s => s.LoadingModel == "c:latest").WaitAsync(Wire.Bound);
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(200, (await b.WaitAsync(Wire.Bound)).Status);
        Assert.Equal(200, (await c.WaitAsync(Wire.Bound)).Status);
        Assert.Equal(3, server.Statistics.ModelLoads);
        Assert.Equal(0, server.Statistics.PendingRequests);
    }

    [Fact]
    public async Task A_pending_request_whose_client_went_away_loads_nothing()
    {
        var (server, time) = await StartAsync(o => o.ModelLoadTime = TimeSpan.FromSeconds(10), Wire.Chat("a"), Wire.Chat("b"));
        await using var _ = server;
        using var http = Wire.Client(server);
        var a = Wire.PostAsync(http, "/api/chat", Chat("a"));
        await server.WaitForStatisticsAsync(s => s.LoadingModel == "a:latest").WaitAsync(Wire.Bound);

        using (var cts = new CancellationTokenSource())
        {
            var b = http.PostAsync("/api/chat", Wire.Json(Chat("b")), cts.Token);
            await server.WaitForStatisticsAsync(s => s.PendingRequests == 2).WaitAsync(Wire.Bound);
            await cts.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => b);
            await server.Requests[1].Completion.WaitAsync(Wire.Bound);
        }

        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(200, (await a.WaitAsync(Wire.Bound)).Status);
        var done = await server.WaitForStatisticsAsync(s => s.PendingRequests == 0).WaitAsync(Wire.Bound);
        Assert.Equal(1, done.ModelLoads);
        Assert.Null(done.LoadingModel);
        Assert.Equal(["a:latest"], server.LoadedModels);
    }

    [Fact]
    public async Task MaxLoadedModels_evicts_the_idle_model_with_the_shortest_keep_alive()
    {
        var (server, _) = await StartAsync(o => o.MaxLoadedModels = 2, Wire.Chat("a"), Wire.Chat("b"), Wire.Chat("c"));
        await using var _s = server;
        using var http = Wire.Client(server);
        await Wire.PostAsync(http, "/api/chat", Chat("a", ""","keep_alive":"10m" """));
        await Wire.PostAsync(http, "/api/chat", Chat("b", ""","keep_alive":"5m" """));
        Assert.Equal(["a:latest", "b:latest"], server.LoadedModels);

        var c = await Wire.PostAsync(http, "/api/chat", Chat("c", ""","keep_alive":"1h" """));

        Assert.Equal(200, c.Status);
        Assert.Equal(["c:latest", "a:latest"], server.LoadedModels);
        Assert.Equal(new SchedulerStatistics { ModelLoads = 3, ModelUnloads = 1, LoadedModels = 2 }, server.Statistics);
    }

    [Fact]
    public async Task A_busy_model_is_evicted_only_after_its_requests_end_and_an_idle_one_goes_first()
    {
        var (server, _) = await StartAsync(o => o.MaxLoadedModels = 2, Wire.Chat("a"), Wire.Chat("b"), Wire.Chat("c"));
        await using var _s = server;
        using var http = Wire.Client(server);
        await Wire.PostAsync(http, "/api/chat", Chat("b", ""","keep_alive":"1h" """));

        // a: busy, with the shorter keep-alive; b: idle. Loading c unloads the idle b.
        await using (var hanging = await HangAsync(server, http, Chat("a", ""","keep_alive":"1m" """, stream: true)))
        {
            await Wire.PostAsync(http, "/api/chat", Chat("c", ""","keep_alive":"2m" """));
            Assert.Equal(["c:latest", "a:latest"], server.LoadedModels);

            // All busy or shorter-lived: b must wait for a (shortest keep-alive) to finish.
            await using var c = await HangAsync(server, http, Chat("c", stream: true));
            var b = Wire.PostAsync(http, "/api/chat", Chat("b"));
            await server.WaitForStatisticsAsync(s => s.PendingRequests == 1).WaitAsync(Wire.Bound);
            Assert.Equal(["c:latest", "a:latest"], server.LoadedModels);
            Assert.False(b.IsCompleted);

            await hanging.DisposeAsync();
            Assert.Equal(200, (await b.WaitAsync(Wire.Bound)).Status);
            Assert.Equal(["b:latest", "c:latest"], server.LoadedModels);
        }

        Assert.Equal(4, server.Statistics.ModelLoads);
        Assert.Equal(2, server.Statistics.ModelUnloads);
    }

    [Fact]
    public async Task NumParallel_generates_that_many_at_once_per_model_and_the_rest_wait()
    {
        var (server, _) = await StartAsync(o => o.NumParallel = 1, Wire.Chat());
        await using var _s = server;
        using var http = Wire.Client(server);

        await using (var first = await HangAsync(server, http, Chat("m", stream: true)))
        {
            var second = Wire.PostAsync(http, "/api/chat", Chat("m"));
            var waiting = await server.WaitForStatisticsAsync(s => s.QueuedRequests == 1).WaitAsync(Wire.Bound);
            Assert.Equal(1, waiting.RunningRequests);
            Assert.Equal(2, waiting.ActiveRequests);
            Assert.Equal(0, waiting.PendingRequests); // the model is loaded: no scheduler queue, no 503
            Assert.False(second.IsCompleted);

            await first.DisposeAsync();
            Assert.Equal(200, (await second.WaitAsync(Wire.Bound)).Status);
        }

        Assert.Equal(new SchedulerStatistics { ModelLoads = 1, LoadedModels = 1 }, server.Statistics);
    }

    [Fact]
    public async Task Embed_refuses_an_input_longer_than_the_window_before_it_waits_for_a_slot()
    {
        var (server, _) = await StartAsync(
            o => o.NumParallel = 1,
            Wire.Chat() with { Capabilities = TestModelCapabilities.Completion | TestModelCapabilities.Embedding, ContextLength = 16 });
        await using var _s = server;
        using var http = Wire.Client(server);
        const string Long = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen";

        await using (var first = await HangAsync(server, http, Chat("m", stream: true)))
        {
            // EmbedHandler measures the input before the runner takes a slot for it.
            var refused = await Wire.PostAsync(http, "/api/embed", $$"""{"model":"m","truncate":false,"input":"{{Long}}"}""").WaitAsync(Wire.Bound);
            Assert.Equal(400, refused.Status);
            Assert.Equal("""{"error":"the input length exceeds the context length"}""", refused.Text);

            var waiting = Wire.PostAsync(http, "/api/embed", """{"model":"m","input":"hi"}""");
            await server.WaitForStatisticsAsync(s => s.QueuedRequests == 1).WaitAsync(Wire.Bound);
            Assert.False(waiting.IsCompleted);

            await first.DisposeAsync();
            Assert.Equal(200, (await waiting.WaitAsync(Wire.Bound)).Status);
        }
    }

    [Fact]
    public async Task Keep_alive_expiry_unloads_on_the_servers_clock_and_ps_shows_expires_at()
    {
        var (server, time) = await StartAsync(_ => { }, Wire.Chat());
        await using var _s = server;
        using var http = Wire.Client(server);
        await Wire.PostAsync(http, "/api/chat", Chat("m", ""","keep_alive":"1m" """));

        var ps = (await Wire.GetAsync(http, "/api/ps")).Json.GetProperty("models");
        Assert.Equal("2026-03-01T12:01:00Z", Assert.Single(ps.EnumerateArray()).Str("expires_at"));

        time.Advance(TimeSpan.FromSeconds(59));
        Assert.Equal(["m:latest"], server.LoadedModels);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(server.LoadedModels);
        Assert.Equal("""{"models":[]}""", (await Wire.GetAsync(http, "/api/ps")).Text);
        Assert.Equal(1, server.Statistics.ModelUnloads);
    }

    [Fact]
    public async Task The_default_keep_alive_applies_without_keep_alive_and_a_request_restarts_it()
    {
        var (server, time) = await StartAsync(o => o.DefaultKeepAlive = TimeSpan.FromMinutes(2), Wire.Chat());
        await using var _s = server;
        using var http = Wire.Client(server);
        await Wire.PostAsync(http, "/api/chat", Chat("m"));
        time.Advance(TimeSpan.FromMinutes(1));
        await Wire.PostAsync(http, "/api/chat", Chat("m"));
        time.Advance(TimeSpan.FromMinutes(1.5));
        Assert.Equal(["m:latest"], server.LoadedModels);
        time.Advance(TimeSpan.FromMinutes(0.5));
        Assert.Empty(server.LoadedModels);
    }

    [Fact]
    public async Task Ps_lists_the_latest_expiry_first_and_forever_as_292_years()
    {
        var (server, _) = await StartAsync(_ => { }, Wire.Chat("a"), Wire.Chat("b"), Wire.Chat("c"));
        await using var _s = server;
        using var http = Wire.Client(server);
        await Wire.PostAsync(http, "/api/chat", Chat("a", ""","keep_alive":"1m" """));
        await Wire.PostAsync(http, "/api/chat", Chat("b", ""","keep_alive":-1"""));
        await Wire.PostAsync(http, "/api/chat", Chat("c", ""","keep_alive":600"""));

        var models = (await Wire.GetAsync(http, "/api/ps")).Json.GetProperty("models").EnumerateArray().ToList();

        Assert.Equal(["b:latest", "c:latest", "a:latest"], models.Select(m => m.Str("name")));
        Assert.Equal("2318-06-11T11:47:16.8547758Z", models[0].Str("expires_at")); // now + Go's largest Duration, to 100 ns
        Assert.Equal("2026-03-01T12:10:00Z", models[1].Str("expires_at"));
        Assert.Equal("2026-03-01T12:01:00Z", models[2].Str("expires_at"));
        Assert.All(models, m => Assert.Equal(4096, m.GetProperty("context_length").GetInt32()));
    }

    [Fact]
    public async Task Another_num_ctx_or_shift_reloads_the_model()
    {
        var (server, _) = await StartAsync(_ => { }, Wire.Chat());
        await using var _s = server;
        using var http = Wire.Client(server);

        await Wire.PostAsync(http, "/api/chat", Chat("m"));
        await Wire.PostAsync(http, "/api/chat", Chat("m", ""","options":{"num_ctx":2048}"""));
        Assert.Equal(2048, ContextLength(await Wire.GetAsync(http, "/api/ps")));
        await Wire.PostAsync(http, "/api/chat", Chat("m", ""","options":{"num_ctx":2048},"shift":false"""));
        await Wire.PostAsync(http, "/api/chat", Chat("m", ""","options":{"num_ctx":2048},"shift":false"""));

        Assert.Equal(new SchedulerStatistics { ModelLoads = 3, ModelUnloads = 2, LoadedModels = 1 }, server.Statistics);
    }

    [Fact]
    public async Task Copies_of_a_model_share_one_runner_as_Go_keys_runners_by_model_path()
    {
        var (server, _) = await StartAsync(_ => { }, Wire.Chat("src"));
        await using var _s = server;
        using var http = Wire.Client(server);
        Assert.Equal(200, (await Wire.PostAsync(http, "/api/copy", """{"source":"src","destination":"dst"}""")).Status);

        await Wire.PostAsync(http, "/api/chat", Chat("src"));
        await Wire.PostAsync(http, "/api/chat", Chat("dst"));

        Assert.Equal(["src:latest"], server.LoadedModels);
        Assert.Equal(1, server.Statistics.ModelLoads);
    }

    [Fact]
    public async Task The_token_rate_paces_streamed_chunks_on_the_servers_clock()
    {
        var (server, time) = await StartAsync(o => o.TokensPerSecond = 1, Wire.Chat());
        await using var _s = server;
        server.Replies.Enqueue("m", new ScriptedReply { Content = "abcdef", ChunkSize = 2 });
        using var http = Wire.Client(server);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat") { Content = Wire.Json(Chat("m", stream: true)) };
        var sending = http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        await server.WaitForStatisticsAsync(s => s.RunningRequests == 1).WaitAsync(Wire.Bound);
        time.Advance(TimeSpan.FromSeconds(1));
        using var response = await sending.WaitAsync(Wire.Bound);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var first = JsonDocument.Parse((await reader.ReadLineAsync().WaitAsync(Wire.Bound))!).RootElement;
        Assert.Equal("ab", first.GetProperty("message").Str("content"));

        time.Advance(TimeSpan.FromSeconds(2));
        var rest = (await reader.ReadToEndAsync().WaitAsync(Wire.Bound)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var final = JsonDocument.Parse(rest[^1]).RootElement;
        Assert.Equal(3, rest.Length);
        Assert.Equal(3, final.GetProperty("eval_count").GetInt32());
        Assert.Equal(3_000_000_000, final.GetProperty("eval_duration").GetInt64());
    }

    [Fact]
    public async Task The_token_rate_holds_a_non_streamed_answer_until_all_tokens_are_due()
    {
        var (server, time) = await StartAsync(o => o.TokensPerSecond = 4, Wire.Chat());
        await using var _s = server;
        server.Replies.Enqueue("m", new ScriptedReply { Content = "abcdefgh", ChunkSize = 1 });
        using var http = Wire.Client(server);

        var reply = Wire.PostAsync(http, "/api/chat", Chat("m"));
        await server.WaitForStatisticsAsync(s => s.RunningRequests == 1).WaitAsync(Wire.Bound);
        time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.False(reply.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.5));

        var r = (await reply.WaitAsync(Wire.Bound)).Json;
        Assert.Equal("abcdefgh", r.GetProperty("message").Str("content"));
        Assert.Equal(2_000_000_000, r.GetProperty("eval_duration").GetInt64());
    }

    [Fact]
    public async Task Embedding_requests_are_scheduled_too()
    {
        var (server, time) = await StartAsync(o => o.ModelLoadTime = TimeSpan.FromSeconds(3), Wire.Embedder("e"));
        await using var _s = server;
        using var http = Wire.Client(server);
        var embed = Wire.PostAsync(http, "/api/embed", """{"model":"e","input":"hello","keep_alive":0}""");
        await server.WaitForStatisticsAsync(s => s.LoadingModel == "e:latest").WaitAsync(Wire.Bound);
        time.Advance(TimeSpan.FromSeconds(3));

        var r = await embed.WaitAsync(Wire.Bound);
        Assert.Equal(200, r.Status);
        Assert.Equal(3_000_000_000, r.Json.GetProperty("load_duration").GetInt64());
        Assert.Empty(server.LoadedModels); // keep_alive 0: unloaded after the request
        Assert.Equal(new SchedulerStatistics { ModelLoads = 1, ModelUnloads = 1 }, server.Statistics);
    }

    [Fact]
    public async Task Options_out_of_range_are_refused_at_start_and_a_null_condition_at_once()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>("NumParallel", () => OllamaTestServer.StartAsync(new() { NumParallel = -1 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>("MaxLoadedModels", () => OllamaTestServer.StartAsync(new() { MaxLoadedModels = -1 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>("MaxQueue", () => OllamaTestServer.StartAsync(new() { MaxQueue = -1 }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>("ModelLoadTime", () => OllamaTestServer.StartAsync(new() { ModelLoadTime = TimeSpan.FromSeconds(-1) }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>("TokensPerSecond", () => OllamaTestServer.StartAsync(new() { TokensPerSecond = double.NaN }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>("DefaultContextLength", () => OllamaTestServer.StartAsync(new() { DefaultContextLength = 0 }));
        await Assert.ThrowsAsync<ArgumentNullException>("TimeProvider", () => OllamaTestServer.StartAsync(new() { TimeProvider = null! }));

        await using var server = await OllamaTestServer.StartAsync();
        await Assert.ThrowsAsync<ArgumentNullException>("condition", () => server.WaitForStatisticsAsync(null!));
    }

    internal static string Chat(string model, string extra = "", bool stream = false) =>
        $$"""{"model":"{{model}}","stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"hi"}]{{extra}}}""";

    private static int ContextLength(Wire.Reply ps) => Assert.Single(ps.Json.GetProperty("models").EnumerateArray()).GetProperty("context_length").GetInt32();

    private static async Task<(OllamaTestServer Server, FakeTimeProvider Time)> StartAsync(Action<OllamaTestServerOptions> configure, params TestModel[] models)
    {
        var time = new FakeTimeProvider(s_start);
        var options = new OllamaTestServerOptions { TimeProvider = time };
        foreach (var m in models)
        {
            options.Models.Add(m);
        }

        configure(options);
        return (await OllamaTestServer.StartAsync(options), time);
    }

    /// <summary>Starts a streamed request that hangs after its first chunk and holds its model until disposed.</summary>
    private static async Task<IAsyncDisposable> HangAsync(OllamaTestServer server, HttpClient http, string body)
    {
        var model = JsonDocument.Parse(body).RootElement.Str("model");
        server.Faults.Next(r => r.Model == model, Fault.HangAfterChunks(1));
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/chat") { Content = Wire.Json(body) };
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(Wire.Bound);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.NotNull(await reader.ReadLineAsync().WaitAsync(Wire.Bound));
        var record = server.Requests.Last(r => r.Model == model);
        return new Hang(request, response, reader, record);
    }

    private sealed class Hang(HttpRequestMessage request, HttpResponseMessage response, StreamReader reader, RecordedRequest record) : IAsyncDisposable
    {
        private int _disposed;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                reader.Dispose();
                response.Dispose();
                request.Dispose();
                await record.Completion.WaitAsync(Wire.Bound);
            }
        }
    }
}
