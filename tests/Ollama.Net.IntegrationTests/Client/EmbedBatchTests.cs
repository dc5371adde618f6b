using Ollama.Net.IntegrationTests.Reliability;
using Ollama.Net.Numerics;
using Ollama.Net.Testing;

namespace Ollama.Net.IntegrationTests.Client;

/// <summary>EmbedInBatchesAsync over loopback: batches, bounded concurrency, retries per batch, order, progress, failures.</summary>
public class EmbedBatchTests
{
    private const string Model = Harness.EmbedModel;
    private const int Dimensions = 8;

    private static readonly string[] Texts = [.. Enumerable.Range(0, 1000).Select(i => $"text number {i}")];

    private static EmbedBatchOptions Fast(int batchSize = 64, int concurrency = 3)
        => new() { BatchSize = batchSize, MaxConcurrency = concurrency, Retry = new OllamaRetryOptions { Delay = TimeSpan.Zero } };

    private static int FirstInput(RecordedRequest request)
    {
        var input = request.Json!.Value.GetProperty("input");
        var first = input.ValueKind == System.Text.Json.JsonValueKind.Array ? input[0].GetString()! : input.GetString()!;
        return int.Parse(first["text number ".Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task A_thousand_texts_come_back_in_input_order_from_batches_with_progress()
    {
        await using var server = await Harness.StartServerAsync();
        using var client = Harness.Client(server);
        var progress = new SyncProgress<EmbedProgress>();

        var result = await client.EmbedInBatchesAsync(new EmbedRequest(Model, Texts), Fast(), progress, Harness.Safety());

        Assert.Equal(Texts.Length, result.Embeddings.Count);
        Assert.Equal(Dimensions, result.Dimensions);
        Assert.Equal(Texts.Length * Dimensions, result.Buffer.Length);
        for (var i = 0; i < Texts.Length; i++)
        {
            Assert.Equal(TestEmbeddings.Generate(Texts[i], Dimensions), result.Embeddings[i].ToArray());
        }

        Assert.Equal(16, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.InRange(r.Json!.Value.GetProperty("input").GetArrayLength(), 40, 64));
        Assert.Equal(Enumerable.Range(0, 16).Select(b => b * 64), server.Requests.Select(FirstInput).Order());
        Assert.Equal(16, progress.Reports.Count);
        Assert.Equal(Enumerable.Range(1, 16), progress.Reports.Select(p => p.CompletedBatches));
        Assert.Equal("1000/1000 texts (16/16 batches)", progress.Reports[^1].ToString());
        Assert.NotNull(result.PromptEvalCount);
    }

    [Fact]
    public async Task No_more_batches_than_MaxConcurrency_are_in_flight()
    {
        await using var server = await Harness.StartServerAsync();
        var gauge = new InFlightGauge();
        using var client = new OllamaClient(new HttpClient(gauge) { Timeout = Timeout.InfiniteTimeSpan }, new OllamaClientOptions { Endpoint = server.Endpoint, UseEnvironmentVariables = false });

        await client.EmbedInBatchesAsync(new EmbedRequest(Model, Texts[..200]), Fast(batchSize: 10, concurrency: 2), cancellationToken: Harness.Safety());

        Assert.Equal(20, gauge.Requests);
        Assert.InRange(gauge.Max, 1, 2);
    }

    [Fact]
    public async Task A_busy_or_broken_batch_is_sent_again_and_the_job_succeeds()
    {
        await using var server = await Harness.StartServerAsync();
        server.Faults.Next(r => r.Path == "/api/embed" && FirstInput(r) == 128, Fault.Busy());
        server.Faults.Next(r => r.Path == "/api/embed" && FirstInput(r) == 320, Fault.CutAfterChunks(0));
        using var client = Harness.Client(server);

        var result = await client.EmbedInBatchesAsync(new EmbedRequest(Model, Texts[..400]), Fast(), cancellationToken: Harness.Safety());

        Assert.Equal(400, result.Embeddings.Count);
        Assert.Equal(TestEmbeddings.Generate(Texts[128], Dimensions), result.Embeddings[128].ToArray());
        Assert.Equal(TestEmbeddings.Generate(Texts[320], Dimensions), result.Embeddings[320].ToArray());
        Assert.Equal(2, server.Requests.Count(r => FirstInput(r) == 128));
        Assert.Equal(2, server.Requests.Count(r => FirstInput(r) == 320));
        Assert.Equal(9, server.Requests.Count);
    }

    [Fact]
    public async Task A_batch_that_keeps_failing_fails_the_job_naming_its_input_indexes()
    {
        await using var server = await Harness.StartServerAsync();
        using var _ = server.Faults.Always(r => r.Path == "/api/embed" && FirstInput(r) == 192, Fault.Error(500, "llama runner process has terminated"));
        using var client = Harness.Client(server);
        var options = Fast();
        options.Retry!.MaxRetryAttempts = 2;

        var error = await Assert.ThrowsAsync<OllamaException>(() => client.EmbedInBatchesAsync(new EmbedRequest(Model, Texts), options, cancellationToken: Harness.Safety()));

        Assert.Contains("batch 4 of 16 (inputs 192 to 255)", error.Message);
        Assert.Contains("llama runner process has terminated", error.Message);
        Assert.Equal(System.Net.HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.IsType<OllamaException>(error.InnerException);
        Assert.Equal(3, server.Requests.Count(r => FirstInput(r) == 192));
    }

    [Fact]
    public async Task A_batch_refused_with_a_4xx_is_not_retried()
    {
        await using var server = await Harness.StartServerAsync();
        server.Faults.Next(r => r.Path == "/api/embed" && FirstInput(r) == 0, Fault.Error(400, "input too long"));
        using var client = Harness.Client(server);

        var error = await Assert.ThrowsAsync<OllamaException>(() => client.EmbedInBatchesAsync(new EmbedRequest(Model, Texts[..100]), Fast(batchSize: 50, concurrency: 1), cancellationToken: Harness.Safety()));

        Assert.Contains("batch 1 of 2 (inputs 0 to 49)", error.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_missing_model_keeps_its_exception_inside()
    {
        await using var server = await Harness.StartServerAsync();
        using var client = Harness.Client(server);

        var error = await Assert.ThrowsAsync<OllamaException>(() => client.EmbedInBatchesAsync(new EmbedRequest("nope", Texts[..10]), Fast(batchSize: 5), cancellationToken: Harness.Safety()));

        Assert.IsType<OllamaModelNotFoundException>(error.InnerException);
        Assert.Contains("inputs", error.Message);
    }

    [Fact]
    public async Task The_vectors_can_go_straight_into_an_EmbeddingIndex_under_their_keys()
    {
        await using var server = await Harness.StartServerAsync();
        using var client = Harness.Client(server);
        using var index = new EmbeddingIndex<string>(Dimensions);
        var keys = Texts[..300].Select((_, i) => $"doc-{i}").ToArray();

        await client.EmbedInBatchesAsync(index, keys, new EmbedRequest(Model, Texts[..300]), Fast(batchSize: 32), cancellationToken: Harness.Safety());

        Assert.Equal(300, index.Count);
        var hit = Assert.Single(index.Search(TestEmbeddings.Generate(Texts[217], Dimensions), 1));
        Assert.Equal("doc-217", hit.Key);
    }

    [Fact]
    public async Task A_failed_job_adds_nothing_to_the_index()
    {
        await using var server = await Harness.StartServerAsync();
        server.Faults.Next(r => r.Path == "/api/embed" && FirstInput(r) == 64, Fault.Error(400, "no"));
        using var client = Harness.Client(server);
        using var index = new EmbeddingIndex<int>(Dimensions);

        await Assert.ThrowsAsync<OllamaException>(() => client.EmbedInBatchesAsync(index, [.. Enumerable.Range(0, 200)], new EmbedRequest(Model, Texts[..200]), Fast(), cancellationToken: Harness.Safety()));

        Assert.Equal(0, index.Count);
    }

    [Fact]
    public async Task Vectors_of_another_length_than_the_index_fail_before_anything_is_added()
    {
        await using var server = await Harness.StartServerAsync();
        using var client = Harness.Client(server);
        using var index = new EmbeddingIndex<int>(16);

        var error = await Assert.ThrowsAsync<ArgumentException>("index", () => client.EmbedInBatchesAsync(index, [0, 1, 2], new EmbedRequest(Model, "a", "b", "c"), Fast()));

        Assert.Contains("8 dimensions", error.Message);
        Assert.Equal(0, index.Count);
    }

    [Fact]
    public async Task Bad_arguments_fail_before_any_request()
    {
        await using var server = await Harness.StartServerAsync();
        using var client = Harness.Client(server);
        using var index = new EmbeddingIndex<int>(Dimensions);
        var request = new EmbedRequest(Model, "a", "b");

        var size = await Assert.ThrowsAsync<ArgumentException>("options", () => client.EmbedInBatchesAsync(request, new EmbedBatchOptions { BatchSize = 0 }));
        var concurrency = await Assert.ThrowsAsync<ArgumentException>("options", () => client.EmbedInBatchesAsync(request, new EmbedBatchOptions { MaxConcurrency = 0 }));
        var keys = await Assert.ThrowsAsync<ArgumentException>("keys", () => client.EmbedInBatchesAsync(index, [1], request));
        await Assert.ThrowsAsync<ArgumentNullException>("request", () => client.EmbedInBatchesAsync(null!));
        await Assert.ThrowsAsync<ArgumentException>("request", () => client.EmbedInBatchesAsync(new EmbedRequest(Model, "a", null!)));

        Assert.StartsWith("EmbedBatchOptions.BatchSize must be at least 1", size.Message);
        Assert.StartsWith("EmbedBatchOptions.MaxConcurrency must be at least 1", concurrency.Message);
        Assert.Contains("1 keys for 2 inputs", keys.Message);
        Assert.Empty(server.Requests);
    }

    /// <summary>Counts requests and the most that were in flight at once (each is held for a moment).</summary>
    private sealed class InFlightGauge() : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _inFlight;
        private int _max;
        private int _requests;

        public int Max => Volatile.Read(ref _max);

        public int Requests => Volatile.Read(ref _requests);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            var now = Interlocked.Increment(ref _inFlight);
            int seen;
            while (now > (seen = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, now, seen) != seen)
            {
            }

            try
            {
                await Task.Delay(20, cancellationToken);
                return await base.SendAsync(request, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }
}
