using System.Text;
using Ollama.Net.Tests.Infrastructure;

namespace Ollama.Net.Tests.Management;

/// <summary>The stream rules, for each progress endpoint: one-byte reads with CRLF, error line, cut stream, cancellation.</summary>
public class ProgressStreamTests
{
    private const string Layer = """{"status":"pulling 6a0746a1ec1a","digest":"sha256:6a0746a1ec1aef3e7ec53868f220ff6e389f6f8ef87a01d77c96807de94ca2aa","total":10,"completed":5}""";

    public static TheoryData<string> Operations => new() { "pull", "push", "create" };

    private static IAsyncEnumerable<ProgressUpdate> Stream(OllamaClient client, string operation, CancellationToken cancellationToken = default)
        => operation switch
        {
            "pull" => client.PullModelStreamingAsync("m", cancellationToken),
            "push" => client.PushModelStreamingAsync("me/m", cancellationToken),
            "create" => client.CreateModelStreamingAsync(new CreateModelRequest("m") { From = "base" }, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };

    private static Task<ModelTransferProgress> Run(OllamaClient client, string operation)
        => operation switch
        {
            "pull" => client.PullModelAsync("m"),
            "push" => client.PushModelAsync("me/m"),
            "create" => client.CreateModelAsync(new CreateModelRequest("m") { From = "base" }),
            _ => throw new ArgumentOutOfRangeException(nameof(operation)),
        };

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task One_byte_reads_with_crlf_are_parsed(string operation)
    {
        var text = """{"status":"starting"}""" + "\r\n" + Layer + "\r\n\r\n" + """{"status":"success"}""" + "\r\n";
        var handler = new FakeHttpHandler().Enqueue(FakeResponse.Stream(TrickleStream.FromText(text)));
        using var client = TestClient.Create(handler);

        var updates = await Stream(client, operation).ToListAsync();

        Assert.Equal(["starting", "pulling 6a0746a1ec1a", "success"], updates.Select(u => u.Status));
        Assert.Equal(5L, updates[1].Completed);
        Assert.EndsWith("/api/" + operation, handler.LastRequest.Uri.AbsoluteUri, StringComparison.Ordinal);
        Assert.Contains("\"stream\":true", handler.LastRequest.Body, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task An_error_line_throws_with_the_server_text(string operation)
    {
        var handler = new FakeHttpHandler().EnqueueNdjson(Layer, """{"error":"something broke \u003chere\u003e"}""", """{"status":"success"}""");
        using var client = TestClient.Create(handler);
        var ex = await Assert.ThrowsAsync<OllamaException>(() => Run(client, operation));
        Assert.Equal("something broke <here>", ex.ServerMessage);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task A_stream_cut_before_success_throws(string operation)
    {
        var handler = new FakeHttpHandler().EnqueueNdjson(Layer, """{"status":"writing manifest"}""");
        using var client = TestClient.Create(handler);
        var ex = await Assert.ThrowsAsync<OllamaException>(() => Stream(client, operation).ToListAsync().AsTask());
        Assert.Contains("2 chunk(s)", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task An_empty_stream_throws(string operation)
    {
        var handler = new FakeHttpHandler().Enqueue(FakeResponse.Stream(new MemoryStream()));
        using var client = TestClient.Create(handler);
        await Assert.ThrowsAsync<OllamaException>(() => Run(client, operation));
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Cancellation_stops_the_read(string operation)
    {
        var bytes = Encoding.UTF8.GetBytes(Layer + "\n" + Layer + "\n");
        var body = new TrickleStream(bytes, 4096) { StallAt = Layer.Length + 1 };
        var handler = new FakeHttpHandler().Enqueue(FakeResponse.Stream(body));
        using var client = TestClient.Create(handler);
        using var cts = new CancellationTokenSource();
        var seen = 0;

        var task = Task.Run(async () =>
        {
            await foreach (var _ in Stream(client, operation, cts.Token))
            {
                seen++;
            }
        });
        await body.Stalled.Task;
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.Equal(1, seen);
        Assert.True(body.IsDisposed);
    }
}
