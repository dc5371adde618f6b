using Microsoft.Extensions.Time.Testing;
using Ollama.Net.IntegrationTests.Client;
using Ollama.Net.Testing;

namespace Ollama.Net.IntegrationTests.Routing;

/// <summary>
/// <see cref="OllamaRouter"/> over several <see cref="OllamaTestServer"/>s on loopback: which server a call goes to,
/// failover, cool-down and return, streams that break, unions and fan-out.
/// </summary>
public sealed class RouterTests : IAsyncLifetime
{
    private const string Model = "qwen2.5:0.5b";
    private const string Other = "llama3.2:1b";

    private readonly List<OllamaTestServer> _servers = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_chat_goes_to_the_server_that_has_the_model_loaded()
    {
        var servers = await StartAsync(3, Model);
        using (var direct = new OllamaClient(servers[1].Endpoint))
        {
            await direct.LoadModelAsync(Model).Within();
        }

        using var router = Router(servers);
        for (var i = 0; i < 3; i++)
        {
            await router.ChatAsync(Hi(Model)).Within();
        }

        Assert.Equal([0, 3, 0], ChatCounts(servers));
        Assert.Equal(1, servers[1].Statistics.ModelLoads);
    }

    [Fact]
    public async Task A_chat_goes_to_the_server_that_has_the_model_when_none_has_it_loaded()
    {
        var servers = await StartAsync(3, Other);
        servers[2].Models.Add(new TestModel(Model));
        using var router = Router(servers);

        await router.ChatAsync(Hi(Model)).Within();

        Assert.Equal([0, 0, 1], ChatCounts(servers));
        Assert.Contains("qwen2.5:0.5b", router.Servers[2].LoadedModels);
    }

    [Fact]
    public async Task Among_equal_servers_the_one_with_the_fewest_calls_in_flight_gets_the_call()
    {
        var servers = await StartAsync(2, Model);
        foreach (var server in servers)
        {
            using var direct = new OllamaClient(server.Endpoint);
            await direct.LoadModelAsync(Model).Within();
            server.Faults.Next("/api/chat", Fault.HangAfterChunks(1));
        }

        using var router = Router(servers);
        using var cancel = new CancellationTokenSource();

        // Both servers have the model loaded: the first stream takes one, the second goes to the idle one.
        await using var first = router.ChatStreamingAsync(Hi(Model), cancel.Token).GetAsyncEnumerator();
        Assert.True(await first.MoveNextAsync().AsTask().Within());
        await using var second = router.ChatStreamingAsync(Hi(Model), cancel.Token).GetAsyncEnumerator();
        Assert.True(await second.MoveNextAsync().AsTask().Within());

        Assert.Equal([1, 1], ChatCounts(servers));
        Assert.All(router.Servers, s => Assert.Equal(1, s.InFlight));
        await cancel.CancelAsync();
    }

    [Fact]
    public async Task A_server_at_its_limit_queues_further_calls_in_the_router()
    {
        var servers = await StartAsync(1, Model);
        servers[0].Faults.Next("/api/chat", Fault.HangAfterChunks(1));
        var options = Options(servers);
        options.Servers[0].MaxConcurrentRequests = 1;
        using var router = new OllamaRouter(options);
        using var cancel = new CancellationTokenSource();

        var first = router.ChatStreamingAsync(Hi(Model), cancel.Token).GetAsyncEnumerator();
        Assert.True(await first.MoveNextAsync().AsTask().Within());
        var second = router.ChatAsync(Hi(Model));
        await router.RefreshAsync().Within(); // a round trip to the server after the second call was made

        Assert.False(second.IsCompleted);
        Assert.Equal(1, ChatCounts(servers)[0]);
        Assert.Equal(2, router.Servers[0].InFlight);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.MoveNextAsync().AsTask()).Within();
        await first.DisposeAsync();
        var reply = await second.Within();
        Assert.NotEmpty(reply.Message.Content);
        Assert.Equal(2, ChatCounts(servers)[0]);
    }

    [Fact]
    public async Task Concurrent_embed_calls_beyond_a_servers_limit_spread_to_the_other_servers()
    {
        const string Embedder = "all-minilm";
        var servers = await StartAsync(3, Embedder);
        var options = Options(servers);
        foreach (var server in options.Servers)
        {
            server.MaxConcurrentRequests = 2;
        }

        foreach (var server in servers)
        {
            server.Faults.Always("/api/embed", Fault.HangAfterChunks(0));
        }

        using var router = new OllamaRouter(options);
        using var cancel = new CancellationTokenSource();

        // Six batches at once (as a bulk embedding sends them): two per server, none waiting in the router.
        var calls = Enumerable.Range(0, 6).Select(i => router.EmbedAsync(Embedder, [$"text {i}"], cancel.Token)).ToArray();
        foreach (var server in servers)
        {
            await server.WaitForRequestsAsync(4).Within(); // the router's first ps and tags, then two embed calls
        }

        Assert.All(servers, s => Assert.Equal(2, s.Requests.Count(r => r.Path == "/api/embed")));
        Assert.All(router.Servers, s => Assert.Equal(2, s.InFlight));
        await cancel.CancelAsync();
        foreach (var call in calls)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call).Within();
        }

        Assert.All(router.Servers, s => Assert.Equal(0, s.InFlight));
    }

    [Fact]
    public async Task A_failing_server_cools_down_and_comes_back_after_a_probe()
    {
        var servers = await StartAsync(2, Model);
        using (var direct = new OllamaClient(servers[0].Endpoint))
        {
            await direct.LoadModelAsync(Model).Within();
        }

        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = Options(servers);
        options.TimeProvider = time;
        options.CoolDown = TimeSpan.FromSeconds(30);
        using var router = new OllamaRouter(options);
        var fault = servers[0].Faults.Always("/api/chat", Fault.Error(502, "bad gateway"));

        // The first two calls try server 0 (it has the model loaded), fail there and are answered by server 1.
        for (var i = 0; i < 3; i++)
        {
            var reply = await router.ChatAsync(Hi(Model)).Within();
            Assert.NotEmpty(reply.Message.Content);
        }

        Assert.Equal([2, 3], ChatCounts(servers));
        Assert.False(router.Servers[0].IsAvailable);

        // Before the cool-down ends nothing is sent to it; after it, a GET / probe brings it back.
        fault.Dispose();
        await router.RefreshAsync().Within();
        Assert.False(router.Servers[0].IsAvailable);
        Assert.DoesNotContain(servers[0].Requests, r => r.Path == "/" && r.Method == "GET");
        time.Advance(TimeSpan.FromSeconds(31));
        await router.RefreshAsync().Within();
        Assert.True(router.Servers[0].IsAvailable);
        Assert.Contains(servers[0].Requests, r => r.Path == "/" && r.Method == "GET");

        // Server 1 loaded the model meanwhile; once it unloads it, the model is loaded only on server 0 again.
        using (var direct = new OllamaClient(servers[1].Endpoint))
        {
            await direct.UnloadModelAsync(Model).Within();
        }

        await router.RefreshAsync().Within();
        await router.ChatAsync(Hi(Model)).Within();
        Assert.Equal([3, 3], ChatCounts(servers));
    }

    [Fact]
    public async Task A_dead_server_is_skipped_and_every_call_succeeds()
    {
        var servers = await StartAsync(2, Model);
        using var router = Router(servers);
        await router.RefreshAsync().Within();
        await servers[0].DisposeAsync();
        _servers.Remove(servers[0]);

        for (var i = 0; i < 4; i++)
        {
            var reply = await router.ChatAsync(Hi(Model)).Within();
            Assert.NotEmpty(reply.Message.Content);
        }

        Assert.False(router.Servers[0].IsAvailable);
        Assert.Equal(4, ChatCounts([servers[1]])[0]);
    }

    [Fact]
    public async Task A_server_killed_with_calls_in_flight_fails_those_calls_clearly_and_the_next_calls_go_elsewhere()
    {
        var servers = await StartAsync(2, Model);
        using (var direct = new OllamaClient(servers[0].Endpoint))
        {
            await direct.LoadModelAsync(Model).Within();
        }

        using var router = Router(servers);
        servers[0].Faults.Next("/api/chat", Fault.HangAfterChunks(1));
        servers[0].Faults.Next("/api/chat", Fault.HangAfterChunks(0));
        await using var streaming = router.ChatStreamingAsync(Hi(Model)).GetAsyncEnumerator();
        Assert.True(await streaming.MoveNextAsync().AsTask().Within());
        var waiting = router.ChatAsync(Hi(Model));
        await servers[0].WaitForRequestsAsync(5).Within(); // load, ps, tags, then both chats

        await servers[0].DisposeAsync();
        _servers.Remove(servers[0]);

        // The stream had started: it fails. The call without a response yet either fails too or, when the drop reads as
        // a refused request, is answered by the other server; it never hangs.
        await Assert.ThrowsAsync<OllamaException>(() => streaming.MoveNextAsync().AsTask()).Within();
        var answeredElsewhere = 0;
        try
        {
            await waiting.Within();
            answeredElsewhere = 1;
        }
        catch (OllamaException)
        {
        }

        for (var i = 0; i < 3; i++)
        {
            var reply = await router.ChatAsync(Hi(Model)).Within();
            Assert.NotEmpty(reply.Message.Content);
        }

        Assert.Equal(3 + answeredElsewhere, ChatCounts([servers[1]])[0]);
    }

    [Fact]
    public async Task Server_busy_moves_the_call_on_without_a_cool_down()
    {
        var servers = await StartAsync(2, Model);
        using (var direct = new OllamaClient(servers[0].Endpoint))
        {
            await direct.LoadModelAsync(Model).Within();
        }

        using var router = Router(servers);
        servers[0].Faults.Next("/api/chat", Fault.Busy());

        await router.ChatAsync(Hi(Model)).Within();

        Assert.Equal([1, 1], ChatCounts(servers));
        Assert.True(router.Servers[0].IsAvailable);
    }

    [Fact]
    public async Task When_every_server_is_busy_the_error_names_each_and_with_one_server_it_is_that_servers_own()
    {
        var servers = await StartAsync(2, Model);
        using var router = Router(servers);
        using var single = Router([servers[0]]);
        foreach (var server in servers)
        {
            server.Faults.Always("/api/chat", Fault.Busy());
        }

        var both = await Assert.ThrowsAsync<OllamaRoutingException>(() => router.ChatAsync(Hi(Model))).Within();
        var one = await Assert.ThrowsAsync<OllamaException>(() => single.ChatAsync(Hi(Model))).Within();

        Assert.Equal(servers.Select(s => s.Endpoint.ToString()).Order(), both.ServerErrors.Keys.Select(k => k.ToString()).Order());
        Assert.All(both.ServerErrors.Values, e => Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, ((OllamaException)e).StatusCode));
        Assert.Contains(servers[1].Endpoint.Authority, both.Message);
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, one.StatusCode);
        Assert.IsNotType<OllamaRoutingException>(one);
    }

    [Fact]
    public async Task A_stream_that_breaks_after_its_first_chunk_throws_and_is_not_replayed()
    {
        var servers = await StartAsync(2, Model);
        foreach (var server in servers)
        {
            server.Replies.Generator = _ => new ScriptedReply { Content = "0123456789", ChunkSize = 1 };
        }

        servers[0].Faults.Next("/api/chat", Fault.CutAfterChunks(2));
        servers[1].Faults.Next("/api/chat", Fault.CutAfterChunks(2));
        using var router = Router(servers);

        var chunks = new List<string>();
        await Assert.ThrowsAsync<OllamaException>(async () =>
        {
            await foreach (var update in router.ChatStreamingAsync(Hi(Model)))
            {
                chunks.Add(update.Message.Content);
            }
        }).Within();

        Assert.Equal(["0", "1"], chunks);
        Assert.Equal(1, ChatCounts(servers).Sum());
    }

    [Fact]
    public async Task A_stream_whose_server_refuses_before_the_first_chunk_goes_to_the_next_server()
    {
        var servers = await StartAsync(2, Model);
        using (var direct = new OllamaClient(servers[0].Endpoint))
        {
            await direct.LoadModelAsync(Model).Within();
        }

        servers[0].Faults.Next("/api/chat", Fault.CutAfterChunks(0));
        using var router = Router(servers);

        var updates = await Guard.ToListAsync(router.ChatStreamingAsync(Hi(Model)));

        Assert.True(updates[^1].Done);
        Assert.Equal([1, 1], ChatCounts(servers));
    }

    [Fact]
    public async Task List_and_ps_return_the_union_and_each_server_shows_what_it_has()
    {
        var servers = await StartAsync(2, Model);
        servers[1].Models.Add(new TestModel(Other));
        using (var direct = new OllamaClient(servers[1].Endpoint))
        {
            await direct.LoadModelAsync(Other).Within();
        }

        using var router = Router(servers);
        var list = await router.ListModelsAsync().Within();
        var ps = await router.ListRunningModelsAsync().Within();

        Assert.Equal(["llama3.2:1b", "qwen2.5:0.5b"], list.Models.Select(m => m.Name).Order());
        Assert.Equal(["llama3.2:1b"], ps.Models.Select(m => m.Name));
        Assert.Equal(["qwen2.5:0.5b"], router.Servers[0].Models);
        Assert.Equal(["llama3.2:1b", "qwen2.5:0.5b"], router.Servers[1].Models.Order());
        Assert.Empty(router.Servers[0].LoadedModels);
        Assert.Equal(["llama3.2:1b"], router.Servers[1].LoadedModels);
    }

    [Fact]
    public async Task A_pull_runs_on_every_server_with_one_combined_progress()
    {
        var servers = await StartAsync(2, Model);
        foreach (var server in servers)
        {
            server.Registry.Add(new TestModel(Other) { LayerSizes = [1_000, 200] });
        }

        using var router = Router(servers);
        var progress = new SyncProgress<ModelTransferProgress>();
        var final = await router.PullModelAsync(Other, progress).Within();
        var reports = progress.Reports;

        Assert.True(final.IsSuccess);
        Assert.Equal(2 * 1_200, final.TotalBytes);
        Assert.Equal(final.TotalBytes, final.CompletedBytes);
        Assert.Single(reports, r => r.IsSuccess);
        Assert.True(reports[^1].IsSuccess);
        Assert.All(servers, s => Assert.Contains(s.Models, m => m.Name == Other));
    }

    [Fact]
    public async Task Pull_copy_and_delete_on_the_servers_named_leave_the_others_alone()
    {
        var servers = await StartAsync(3, Model);
        foreach (var server in servers)
        {
            server.Registry.Add(new TestModel(Other) { LayerSizes = [1_000, 200] });
        }

        using var router = Router(servers);
        OllamaServer[] named = [router.Servers[0], router.Servers[2]];
        var progress = new SyncProgress<ModelTransferProgress>();

        var final = await router.PullModelOnAsync(named, new PullModelRequest(Other), progress).Within();
        Assert.True(final.IsSuccess);
        Assert.Equal(2 * 1_200, final.TotalBytes);
        Assert.Single(progress.Reports, r => r.IsSuccess);
        Assert.Contains(servers[0].Models, m => m.Name == Other);
        Assert.Contains(servers[2].Models, m => m.Name == Other);
        Assert.DoesNotContain(servers[1].Models, m => m.Name == Other);

        await router.CopyModelOnAsync([router.Servers[2]], Other, "copy:latest").Within();
        Assert.Contains(servers[2].Models, m => m.Name == "copy:latest");
        Assert.DoesNotContain(servers[0].Models, m => m.Name == "copy:latest");

        await router.DeleteModelOnAsync([router.Servers[0]], Other).Within();
        Assert.DoesNotContain(servers[0].Models, m => m.Name == Other);
        Assert.Contains(servers[2].Models, m => m.Name == Other);

        var error = await Assert.ThrowsAsync<OllamaRoutingException>(() => router.DeleteModelOnAsync([router.Servers[1]], Other)).Within();
        Assert.Contains("1 of 1", error.Message);
    }

    [Fact]
    public async Task Naming_no_server_a_repeated_one_or_another_routers_is_refused()
    {
        var servers = await StartAsync(2, Model);
        using var router = Router(servers);
        using var other = Router(servers);

        var empty = Assert.Throws<ArgumentException>(() => { _ = router.DeleteModelOnAsync([], Other); }); // refused before anything is sent
        Assert.Contains("at least one server", empty.Message);
        var twice = Assert.Throws<ArgumentException>(() => { _ = router.DeleteModelOnAsync([router.Servers[0], router.Servers[0]], Other); });
        Assert.Contains("more than once", twice.Message);
        var foreign = Assert.Throws<ArgumentException>(() => { _ = router.PullModelOnAsync([other.Servers[0]], new PullModelRequest(Other)); });
        Assert.Contains("this router's Servers", foreign.Message);
    }

    [Fact]
    public async Task A_fan_out_that_fails_on_a_server_names_that_server()
    {
        var servers = await StartAsync(3, Model);
        servers[0].Models.Add(new TestModel(Other));
        servers[2].Models.Add(new TestModel(Other));
        using var router = Router(servers);

        var error = await Assert.ThrowsAsync<OllamaRoutingException>(() => router.DeleteModelAsync(Other)).Within();

        Assert.Equal([servers[1].Endpoint], error.ServerErrors.Keys);
        Assert.Contains(servers[1].Endpoint.Authority, error.Message);
        Assert.Contains("not found", error.Message);
        Assert.Contains("1 of 3", error.Message);
        Assert.DoesNotContain(servers[0].Models, m => m.Name == Other);
        Assert.DoesNotContain(servers[2].Models, m => m.Name == Other);
    }

    [Fact]
    public async Task A_missing_model_is_pulled_on_the_server_when_asked_and_the_call_is_sent_again()
    {
        var servers = await StartAsync(1, Model);
        servers[0].Registry.Add(new TestModel(Other));
        var options = Options(servers);
        options.PullMissingModels = true;
        using var router = new OllamaRouter(options);
        var pulls = new List<ModelPullingEventArgs>();
        router.ModelPulling += (_, e) => pulls.Add(e);

        var reply = await router.ChatAsync(Hi(Other)).Within();

        Assert.NotEmpty(reply.Message.Content);
        Assert.NotEmpty(pulls);
        Assert.True(pulls[^1].Progress.IsSuccess);
        Assert.Same(router.Servers[0], pulls[^1].Server);
        Assert.Equal(2, ChatCounts(servers)[0]);
    }

    [Fact]
    public async Task Without_pull_when_missing_a_missing_model_fails_with_model_not_found()
    {
        var servers = await StartAsync(2, Model);
        using var router = Router(servers);

        var error = await Assert.ThrowsAsync<OllamaModelNotFoundException>(() => router.ChatAsync(Hi(Other))).Within();

        Assert.Equal(Other, error.ModelName);
        Assert.All(router.Servers, s => Assert.True(s.IsAvailable));
    }

    [Fact]
    public async Task Push_and_blob_calls_name_one_server()
    {
        var servers = await StartAsync(2, Model);
        using var router = Router(servers);

        var error = Assert.Throws<NotSupportedException>(() => { _ = router.PushModelAsync(Model); });

        Assert.Contains("router.Servers[0].Client.PushModelAsync", error.Message);
        Assert.True(await router.Servers[1].Client.IsRunningAsync().Within());
    }

    private async Task<OllamaTestServer[]> StartAsync(int count, string model)
    {
        var started = new OllamaTestServer[count];
        for (var i = 0; i < count; i++)
        {
            var options = new OllamaTestServerOptions();
            options.Models.Add(new TestModel(model));
            started[i] = await OllamaTestServer.StartAsync(options).WaitAsync(Guard.Bound);
            _servers.Add(started[i]);
        }

        return started;
    }

    private static OllamaRouterOptions Options(IEnumerable<OllamaTestServer> servers)
    {
        var options = new OllamaRouterOptions { RefreshInterval = TimeSpan.FromMinutes(10) };
        foreach (var server in servers)
        {
            options.Servers.Add(new OllamaServerOptions(server.Endpoint));
        }

        return options;
    }

    private static OllamaRouter Router(IEnumerable<OllamaTestServer> servers) => new(Options(servers));

    private static ChatRequest Hi(string model) => new(model, Message.User("hi"));

    private static int[] ChatCounts(IEnumerable<OllamaTestServer> servers)
        => [.. servers.Select(s => s.Requests.Count(r => r.Path == "/api/chat"))];
}
