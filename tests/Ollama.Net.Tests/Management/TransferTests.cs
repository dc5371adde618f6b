using System.Net;
using Ollama.Net.Tests.Infrastructure;

namespace Ollama.Net.Tests.Management;

public class TransferTests
{
    [Fact]
    public async Task PullModelStreamingAsync_posts_stream_true_and_yields_every_line_up_to_success()
    {
        var handler = new FakeHttpHandler().EnqueueNdjson(WireSamples.Pull);
        using var client = TestClient.Create(handler);

        var updates = await client.PullModelStreamingAsync("llama3.1:8b").ToListAsync();

        Assert.Equal(HttpMethod.Post, handler.LastRequest.Method);
        Assert.Equal("http://127.0.0.1:11434/api/pull", handler.LastRequest.Uri.AbsoluteUri);
        Assert.Equal("application/x-ndjson", handler.LastRequest.Headers["Accept"]);
        JsonAssert.Equal("""{"model":"llama3.1:8b","stream":true}""", handler.LastRequest.Body);
        Assert.Equal(WireSamples.Pull.Length, updates.Count);
        Assert.Equal("pulling manifest", updates[0].Status);
        Assert.Null(updates[0].Digest);
        Assert.Null(updates[0].Total);
        Assert.Equal(WireSamples.Digest1, updates[1].Digest);
        Assert.Equal(4683075271L, updates[1].Total); // beyond int.MaxValue
        Assert.Null(updates[1].Completed);          // absent while 0
        Assert.Equal(0, updates[1].Fraction);
        Assert.Equal(2147483648L, updates[2].Completed);
        Assert.True(updates[^1].IsSuccess);
        Assert.Equal(1.0, updates[^1].Fraction ?? 1.0);
        Assert.All(updates.SkipLast(1), u => Assert.False(u.IsSuccess));
    }

    [Fact]
    public async Task PullModelAsync_with_a_request_sends_insecure_and_always_streams()
    {
        var handler = new FakeHttpHandler().EnqueueNdjson("""{"status":"success"}""");
        using var client = TestClient.Create(handler);
        var request = new PullModelRequest("registry.local:5000/me/model:tag") { Insecure = true };

        var result = await client.PullModelAsync(request);

        JsonAssert.Equal("""{"model":"registry.local:5000/me/model:tag","insecure":true,"stream":true}""", handler.LastRequest.Body);
        Assert.True(result.IsSuccess);
        Assert.Equal(0, result.LayerCount);
        Assert.Equal(1.0, result.Fraction);
    }

    [Fact]
    public async Task PullModelAsync_aggregates_progress_over_a_multi_layer_pull()
    {
        var handler = new FakeHttpHandler().EnqueueNdjson(WireSamples.Pull);
        using var client = TestClient.Create(handler);
        var progress = new CollectingProgress<ModelTransferProgress>();

        var final = await client.PullModelAsync("llama3.1:8b", progress);

        Assert.Equal(WireSamples.Pull.Length, progress.Reports.Count);
        var r = progress.Reports;
        Assert.Equal("pulling manifest", r[0].Status);
        Assert.Equal(0, r[0].LayerCount);
        Assert.Null(r[0].Fraction);

        Assert.Equal(1, r[1].LayerCount);
        Assert.Equal(4683075271L, r[1].TotalBytes);
        Assert.Equal(0L, r[1].CompletedBytes);
        Assert.Equal(0.0, r[1].Fraction);

        Assert.Equal(2147483648L, r[2].CompletedBytes);
        Assert.Equal(2147483648d / 4683075271d, r[2].Fraction!.Value, 12);
        Assert.Equal(0, r[2].CompletedLayers);
        Assert.Equal(2147483648L, r[2].CurrentCompleted);
        Assert.Equal(4683075271L, r[2].CurrentTotal);

        Assert.Equal(1, r[3].CompletedLayers);
        Assert.Equal(1.0, r[3].Fraction);

        // A second layer appears: the total grows, the fraction drops below 1 again.
        Assert.Equal(2, r[4].LayerCount);
        Assert.Equal(4683075271L + 12403L, r[4].TotalBytes);
        Assert.Equal(4683075271L, r[4].CompletedBytes);
        Assert.Equal(WireSamples.Digest2, r[4].Digest);

        Assert.Equal(3, r[5].LayerCount);
        Assert.Equal(2, r[5].CompletedLayers);

        Assert.Equal(3, r[6].CompletedLayers);
        Assert.Equal(4683075271L + 12403L + 254L, r[6].CompletedBytes);
        Assert.Equal(r[6].TotalBytes, r[6].CompletedBytes);

        Assert.Equal("verifying sha256 digest", r[7].Status);
        Assert.Null(r[7].CurrentTotal);
        Assert.Equal(3, r[7].LayerCount); // layers are kept across statuses without bytes

        Assert.Same(final, r[^1]);
        Assert.True(final.IsSuccess);
        Assert.Equal("success", final.Status);
        Assert.Equal([WireSamples.Digest1, WireSamples.Digest2, WireSamples.Digest3], final.Layers.Select(l => l.Digest));
        Assert.All(final.Layers, l => Assert.True(l.IsComplete));
        Assert.Equal(4683075271L + 12403L + 254L, final.TotalBytes);
        Assert.Equal(1.0, final.Fraction);
    }

    [Fact]
    public void ProgressAggregator_keys_layers_by_digest_and_keeps_snapshots_immutable()
    {
        var aggregator = new ProgressAggregator();
        Assert.Same(ModelTransferProgress.Empty, aggregator.Current);
        Assert.Equal("", aggregator.Current.Status);
        Assert.Null(aggregator.Current.Fraction);

        var first = aggregator.Add(new ProgressUpdate { Status = "pulling aaa", Digest = "sha256:a", Total = 100, Completed = 10 });
        var second = aggregator.Add(new ProgressUpdate { Status = "pulling bbb", Digest = "sha256:b", Total = 300 });
        var third = aggregator.Add(new ProgressUpdate { Status = "pulling aaa", Digest = "sha256:a", Total = 100, Completed = 100 });

        Assert.Equal(10L, first.CompletedBytes);
        Assert.Equal(1, first.LayerCount);
        Assert.Equal(400L, second.TotalBytes);
        Assert.Equal(10L, second.CompletedBytes);
        Assert.Equal(100L, third.CompletedBytes);
        Assert.Equal(0.25, third.Fraction);
        Assert.Equal(1, third.CompletedLayers);
        Assert.Equal(2, third.LayerCount);
        Assert.Same(third, aggregator.Current);
        Assert.Equal(new LayerProgress("sha256:a", 100, 10), first.Layers[0]); // earlier snapshots do not change
        Assert.Equal(0.1, first.Layers[0].Fraction);
        Assert.Contains("100/400 bytes, 1/2 layers", third.ToString(), StringComparison.Ordinal);
        Assert.Throws<ArgumentNullException>(() => aggregator.Add(null!));
    }

    [Fact]
    public async Task A_safetensors_pull_reports_the_pseudo_layer()
    {
        var handler = new FakeHttpHandler().EnqueueNdjson(
            """{"status":"pulling manifest"}""",
            """{"status":"pulling model","digest":"sha256:model","total":1000,"completed":500}""",
            """{"status":"pulling model","digest":"sha256:model","total":1000,"completed":1000}""",
            """{"status":"success"}""");
        using var client = TestClient.Create(handler);
        var progress = new CollectingProgress<ModelTransferProgress>();

        await client.PullModelAsync("x/safetensors-model", progress);

        Assert.Equal(0.5, progress.Reports[1].Fraction);
        Assert.Equal("sha256:model", Assert.Single(progress.Reports[^1].Layers).Digest);
    }

    [Fact]
    public async Task An_error_line_in_the_middle_of_a_pull_throws_after_the_lines_before_it()
    {
        var handler = new FakeHttpHandler().EnqueueNdjson(
            """{"status":"pulling manifest"}""",
            """{"error":"pull model manifest: file does not exist"}""");
        using var client = TestClient.Create(handler);

        var seen = new List<ProgressUpdate>();
        var ex = await Assert.ThrowsAsync<OllamaException>(async () =>
        {
            await foreach (var update in client.PullModelStreamingAsync("nope/nothing"))
            {
                seen.Add(update);
            }
        });

        Assert.Single(seen);
        Assert.Equal("pull model manifest: file does not exist", ex.ServerMessage);
        Assert.Null(ex.StatusCode);
    }

    [Fact]
    public async Task PullModelAsync_throws_for_an_error_line_and_reports_progress_until_then()
    {
        var handler = new FakeHttpHandler().EnqueueNdjson(WireSamples.Pull[0], WireSamples.Pull[1], """{"error":"max retries exceeded: unexpected EOF"}""");
        using var client = TestClient.Create(handler);
        var progress = new CollectingProgress<ModelTransferProgress>();

        var ex = await Assert.ThrowsAsync<OllamaException>(() => client.PullModelAsync("m", progress));

        Assert.Equal("max retries exceeded: unexpected EOF", ex.ServerMessage);
        Assert.Equal(2, progress.Reports.Count);
    }

    [Fact]
    public async Task A_pull_stream_that_ends_before_success_throws()
    {
        var handler = new FakeHttpHandler().EnqueueNdjson(WireSamples.Pull.Take(4).ToArray());
        using var client = TestClient.Create(handler);
        var progress = new CollectingProgress<ModelTransferProgress>();

        var ex = await Assert.ThrowsAsync<OllamaException>(() => client.PullModelAsync("m", progress));

        Assert.Contains("ended early", ex.Message, StringComparison.Ordinal);
        Assert.Equal(4, progress.Reports.Count);
        Assert.False(progress.Reports[^1].IsSuccess);
    }

    [Fact]
    public async Task A_pull_rejected_before_streaming_throws_with_the_status()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"error":"invalid model name"}""", HttpStatusCode.BadRequest);
        using var client = TestClient.Create(handler);
        var ex = await Assert.ThrowsAsync<OllamaException>(() => client.PullModelAsync("bad name!"));
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.Equal("invalid model name", ex.ServerMessage);
    }

    [Fact]
    public async Task A_pull_stream_read_one_byte_at_a_time_with_crlf_is_parsed()
    {
        var text = string.Concat(WireSamples.Pull.Select(l => l + "\r\n"));
        var handler = new FakeHttpHandler().Enqueue(FakeResponse.Stream(TrickleStream.FromText(text)));
        using var client = TestClient.Create(handler);
        var final = await client.PullModelAsync("m", null);
        Assert.True(final.IsSuccess);
        Assert.Equal(3, final.LayerCount);
    }

    [Fact]
    public async Task Cancelling_a_pull_stops_the_read_and_releases_the_stream()
    {
        var body = new TrickleStream(System.Text.Encoding.UTF8.GetBytes(WireSamples.Pull[0] + "\n" + WireSamples.Pull[1] + "\n"), 4096)
        {
            StallAt = WireSamples.Pull[0].Length + 1,
        };
        var handler = new FakeHttpHandler().Enqueue(FakeResponse.Stream(body));
        using var client = TestClient.Create(handler);
        using var cts = new CancellationTokenSource();

        var enumerator = client.PullModelStreamingAsync("m", cts.Token).GetAsyncEnumerator();
        Assert.True(await enumerator.MoveNextAsync());
        var next = enumerator.MoveNextAsync().AsTask();
        await body.Stalled.Task;
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
        await enumerator.DisposeAsync();
        Assert.True(body.IsDisposed);
    }

    [Fact]
    public async Task PushModelStreamingAsync_posts_api_push_and_yields_progress()
    {
        var handler = new FakeHttpHandler().EnqueueNdjson(
            """{"status":"retrieving manifest"}""",
            """{"status":"pushing 6a0746a1ec1a","digest":"sha256:6a0746a1ec1aef3e7ec53868f220ff6e389f6f8ef87a01d77c96807de94ca2aa","total":4683075271,"completed":1048576}""",
            """{"status":"pushing 6a0746a1ec1a","digest":"sha256:6a0746a1ec1aef3e7ec53868f220ff6e389f6f8ef87a01d77c96807de94ca2aa","total":4683075271,"completed":4683075271}""",
            """{"status":"pushing manifest"}""",
            """{"status":"success"}""");
        using var client = TestClient.Create(handler);

        var updates = await client.PushModelStreamingAsync(new PushModelRequest("me/mymodel:latest") { Insecure = false }).ToListAsync();

        Assert.Equal("http://127.0.0.1:11434/api/push", handler.LastRequest.Uri.AbsoluteUri);
        JsonAssert.Equal("""{"model":"me/mymodel:latest","insecure":false,"stream":true}""", handler.LastRequest.Body);
        Assert.Equal(5, updates.Count);
        Assert.Equal(1048576L, updates[1].Completed);
        Assert.True(updates[^1].IsSuccess);
    }

    [Fact]
    public async Task PushModelAsync_reports_aggregated_progress()
    {
        var handler = new FakeHttpHandler().EnqueueNdjson(
            """{"status":"retrieving manifest"}""",
            """{"status":"pushing 6a0746a1ec1a","digest":"sha256:6a0746a1ec1aef3e7ec53868f220ff6e389f6f8ef87a01d77c96807de94ca2aa","total":200,"completed":50}""",
            """{"status":"pushing manifest"}""",
            """{"status":"success"}""");
        using var client = TestClient.Create(handler);
        var progress = new CollectingProgress<ModelTransferProgress>();

        var final = await client.PushModelAsync("me/mymodel", progress);

        JsonAssert.Equal("""{"model":"me/mymodel","stream":true}""", handler.LastRequest.Body);
        Assert.Equal(0.25, progress.Reports[1].Fraction);
        Assert.True(final.IsSuccess);
    }

    [Fact]
    public async Task PushModelAsync_without_a_signed_in_key_throws_unauthorized()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"error":"unauthorized","signin_url":"https://ollama.com/connect?name=box&key=abc"}""", HttpStatusCode.Unauthorized);
        using var client = TestClient.Create(handler);
        var ex = await Assert.ThrowsAsync<OllamaUnauthorizedException>(() => client.PushModelAsync("me/m"));
        Assert.Equal("https://ollama.com/connect?name=box&key=abc", ex.SigninUrl);
    }

    [Fact]
    public void Pull_and_push_validate_before_enumeration_or_sending()
    {
        var handler = new FakeHttpHandler();
        using var client = TestClient.Create(handler);
        Assert.Throws<ArgumentException>("model", () => client.PullModelStreamingAsync(""));
        Assert.Throws<ArgumentNullException>("request", () => client.PullModelStreamingAsync((PullModelRequest)null!));
        Assert.Throws<ArgumentException>("request", () => client.PullModelStreamingAsync(new PullModelRequest("")));
        Assert.Throws<ArgumentException>("model", () => client.PushModelStreamingAsync(" "));
        Assert.Throws<ArgumentException>("request", () => client.PushModelStreamingAsync(new PushModelRequest("")));
        Eager.Throws<ArgumentException>("model", () => client.PullModelAsync(""));
        Eager.Throws<ArgumentException>("model", () => client.PullModelAsync("", new CollectingProgress<ModelTransferProgress>()));
        Eager.Throws<ArgumentNullException>("request", () => client.PullModelAsync((PullModelRequest)null!));
        Eager.Throws<ArgumentException>("model", () => client.PushModelAsync(""));
        Eager.Throws<ArgumentException>("request", () => client.PushModelAsync(new PushModelRequest(" ")));
        Assert.Empty(handler.Requests);
    }
}
