using Ollama.Net.Testing;

namespace Ollama.Net.IntegrationTests.Client;

/// <summary>Pull, push and create progress streams, with IProgress aggregation, through the real client.</summary>
public class TransferClientTests
{
    private const string Chat = ScriptedTarget.Chat;

    private static Task<ScriptedTarget> StartWithTinyAsync() =>
        ScriptedTarget.StartAsync(o => o.Registry.Add(new TestModel("tiny:1b") { LayerSizes = [1000, 300] }));

    [Fact]
    public async Task Pull_reports_aggregated_progress_across_layers_and_installs_the_model()
    {
        await using var target = await StartWithTinyAsync();
        using var client = target.CreateClient();
        var progress = new SyncProgress<ModelTransferProgress>();

        var final = await client.PullModelAsync("tiny:1b", progress).Within();

        var reports = progress.Reports;
        Assert.Equal(12, reports.Count); // manifest, 4 steps x 2 layers, verifying, writing, success
        Assert.Equal("pulling manifest", reports[0].Status);
        Assert.Null(reports[0].Fraction);
        Assert.Equal(0, reports[0].LayerCount);

        // First layer running: only it is known.
        Assert.Equal(1, reports[2].LayerCount);
        Assert.Equal(1000, reports[2].TotalBytes);
        Assert.Equal(333, reports[2].CompletedBytes);
        Assert.Equal(333, reports[2].CurrentCompleted);
        Assert.Equal(1000, reports[2].CurrentTotal);
        Assert.StartsWith("pulling ", reports[2].Status, StringComparison.Ordinal);

        // Second layer started: both are counted.
        Assert.Equal(2, reports[5].LayerCount);
        Assert.Equal(1300, reports[5].TotalBytes);
        Assert.Equal(1000, reports[5].CompletedBytes);
        Assert.Equal(1, reports[5].CompletedLayers);
        Assert.Equal(0, reports[5].CurrentCompleted); // "completed" is omitted while 0

        // Never goes backwards.
        for (var i = 1; i < reports.Count; i++)
        {
            Assert.True(reports[i].CompletedBytes >= reports[i - 1].CompletedBytes);
        }

        Assert.Equal("verifying sha256 digest", reports[9].Status);
        Assert.Equal("writing manifest", reports[10].Status);
        Assert.True(final.IsSuccess);
        Assert.Same(reports[^1], final);
        Assert.Equal(1.0, final.Fraction);
        Assert.Equal(1300, final.CompletedBytes);
        Assert.Equal(2, final.CompletedLayers);
        Assert.Equal(2, final.Layers.Select(l => l.Digest).Distinct().Count());
        Assert.All(final.Layers, l => Assert.Matches("^sha256:[0-9a-f]{64}$", l.Digest));

        Assert.Contains((await client.ListModelsAsync().Within()).Models, m => m.Name == "tiny:1b");
        Assert.True(target.Server.Requests[0].Json!.Value.GetProperty("stream").GetBoolean());
    }

    [Fact]
    public async Task Pull_streaming_yields_the_raw_lines()
    {
        await using var target = await StartWithTinyAsync();
        using var client = target.CreateClient();

        var lines = await Guard.ToListAsync(client.PullModelStreamingAsync("tiny:1b"));

        Assert.Equal(12, lines.Count);
        Assert.Equal(ProgressUpdate.SuccessStatus, lines[^1].Status);
        var firstLayer = lines[1];
        Assert.Equal(1000, firstLayer.Total);
        Assert.Null(firstLayer.Completed);
        Assert.Equal($"pulling {firstLayer.Digest![7..19]}", firstLayer.Status);
        Assert.Equal([null, 333L, 666L, 1000L], lines.Skip(1).Take(4).Select(l => l.Completed));
        Assert.Equal(0.333, lines[2].Fraction);
    }

    [Fact]
    public async Task Pull_of_a_model_the_registry_lacks_fails_mid_stream_with_the_server_text()
    {
        await using var target = await StartWithTinyAsync();
        using var client = target.CreateClient();
        var progress = new SyncProgress<ModelTransferProgress>();

        var error = await Guard.Throws<OllamaException>(() => client.PullModelAsync("ghost:7b", progress));

        Assert.Equal("pull model manifest: file does not exist", error.ServerMessage);
        Assert.Null(error.StatusCode); // the stream had started with 200
        Assert.Equal("pulling manifest", Assert.Single(progress.Reports).Status);
    }

    [Fact]
    public async Task Push_reports_progress_and_needs_a_signed_in_server()
    {
        await using var target = await ScriptedTarget.StartAsync(o => o.Models.Add(new TestModel("me/tiny:1b") { LayerSizes = [500] }));
        using var client = target.CreateClient();
        var progress = new SyncProgress<ModelTransferProgress>();

        var final = await client.PushModelAsync("me/tiny:1b", progress).Within();
        target.Server.SignedIn = false;
        var refused = await Guard.Throws<OllamaException>(() => client.PushModelAsync("me/tiny:1b"));

        Assert.Equal("retrieving manifest", progress.Reports[0].Status);
        Assert.Equal("pushing manifest", progress.Reports[^2].Status);
        Assert.True(final.IsSuccess);
        Assert.Equal(500, final.TotalBytes);
        Assert.Equal(500, final.CompletedBytes);
        // The registry's refusal arrives inside the 200 stream, after the layers.
        Assert.Null(refused.StatusCode);
        Assert.Equal("unauthorized: access denied", refused.ServerMessage);
    }

    [Fact]
    public async Task Push_of_an_unknown_model_fails_mid_stream()
    {
        await using var target = await ScriptedTarget.StartAsync();
        using var client = target.CreateClient();

        var (lines, error) = await Guard.ReadUntilErrorAsync(client.PushModelStreamingAsync("me/ghost"));

        Assert.Equal(["retrieving manifest", "couldn't retrieve manifest"], lines.Select(l => l.Status));
        var ollama = Assert.IsType<OllamaException>(error);
        Assert.Equal("open /root/.ollama/models/manifests/registry.ollama.ai/me/ghost/latest: no such file or directory", ollama.ServerMessage);
    }

    [Fact]
    public async Task Create_from_an_installed_model_with_progress()
    {
        await using var target = await ScriptedTarget.StartAsync();
        using var client = target.CreateClient();
        var progress = new SyncProgress<ModelTransferProgress>();
        var request = new CreateModelRequest("terse")
        {
            From = Chat,
            System = "You are terse.",
            Parameters = new ModelOptions { Temperature = 0.2f },
        };

        var final = await client.CreateModelAsync(request, progress).Within();
        var show = await client.ShowModelAsync("terse").Within();

        var statuses = progress.Reports.Select(r => r.Status).ToList();
        Assert.StartsWith("using existing layer sha256:", statuses[0], StringComparison.Ordinal);
        Assert.Contains(statuses, s => s.StartsWith("creating new layer sha256:", StringComparison.Ordinal));
        Assert.Equal(["writing manifest", "success"], statuses.TakeLast(2));
        Assert.True(final.IsSuccess);
        Assert.Equal("You are terse.", show.System);
        Assert.Contains("temperature", show.Parameters, StringComparison.Ordinal);
        var sent = target.Server.Requests[0].Json!.Value;
        Assert.Equal(Chat, sent.GetProperty("from").GetString());
        Assert.Equal(0.2, sent.GetProperty("parameters").GetProperty("temperature").GetDouble(), 5);
    }

    [Fact]
    public async Task Create_from_a_model_the_server_must_pull_first_streams_the_pull()
    {
        await using var target = await StartWithTinyAsync();
        using var client = target.CreateClient();

        var lines = await Guard.ToListAsync(client.CreateModelStreamingAsync(new CreateModelRequest("derived") { From = "tiny:1b" }));

        Assert.Equal("pulling manifest", lines[0].Status);
        Assert.Contains(lines, l => l.Total == 1000);
        Assert.Equal(ProgressUpdate.SuccessStatus, lines[^1].Status);
    }

    [Fact]
    public async Task Create_with_an_unsupported_quantization_is_a_500_with_the_servers_list()
    {
        await using var target = await ScriptedTarget.StartAsync();
        using var client = target.CreateClient();

        var error = await Guard.Throws<OllamaException>(
            () => client.CreateModelAsync(new CreateModelRequest("q") { From = Chat, Quantize = "q3_weird" }));

        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal("unsupported quantization type Q3_WEIRD - supported types are F32, F16, Q4_K_S, Q4_K_M, Q8_0", error.ServerMessage);
    }
}
