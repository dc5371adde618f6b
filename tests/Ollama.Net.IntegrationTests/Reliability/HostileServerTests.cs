using System.IO.Compression;
using System.Net;
using System.Text;

namespace Ollama.Net.IntegrationTests.Reliability;

/// <summary>
/// Issue #15 over real sockets: compressed replies from a proxy, a bound on the connections opened, and disposal that
/// ends a stream waiting on a silent server.
/// </summary>
public class HostileServerTests
{
    private const string Version = """{"version":"0.12.0"}""";

    private static byte[] Compress(string encoding, string text)
    {
        using var output = new MemoryStream();
        using (Stream compressor = encoding switch
        {
            "gzip" => new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true),
            "deflate" => new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true),
            _ => new BrotliStream(output, CompressionLevel.Fastest, leaveOpen: true),
        })
        {
            compressor.Write(Encoding.UTF8.GetBytes(text));
        }

        return output.ToArray();
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("deflate")]
    [InlineData("br")]
    public async Task A_compressed_reply_from_a_proxy_is_decompressed(string encoding)
    {
        string? acceptEncoding = null;
        await using var proxy = RawHttpServer.Start(async x =>
        {
            acceptEncoding = x.Headers.GetValueOrDefault("Accept-Encoding");
            var body = Compress(encoding, Version);
            await x.WriteAsync($"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: {encoding}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
            await x.WriteAsync(body);
        });
        using var client = Harness.Client(proxy.Endpoint);

        var version = await client.GetVersionAsync(Harness.Safety());

        Assert.Equal("0.12.0", version.Version);
        Assert.Contains(encoding, acceptEncoding ?? string.Empty, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MaxConnectionsPerServer_bounds_the_sockets_opened_for_concurrent_calls()
    {
        var open = 0;
        var mostOpen = 0;
        await using var server = RawHttpServer.Start(async x =>
        {
            var now = Interlocked.Increment(ref open);
            InterlockedMax(ref mostOpen, now);

            // Hold the connection until a third one is open at once (which the limit forbids) or a short while has passed.
            for (var i = 0; i < 40 && Volatile.Read(ref open) < 3; i++)
            {
                await Task.Delay(10, x.Stopping);
            }

            Interlocked.Decrement(ref open);
            await x.RespondAsync(200, "application/json", Version);
        });
        using var limited = Harness.Client(server.Endpoint, o => o.MaxConnectionsPerServer = 2);

        var versions = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => limited.GetVersionAsync(Harness.Safety())));

        Assert.All(versions, v => Assert.Equal("0.12.0", v.Version));
        Assert.Equal(8, server.Requests);
        Assert.InRange(mostOpen, 1, 2);
    }

    [Fact]
    public async Task Dispose_ends_a_stream_waiting_on_a_silent_server_at_once_with_ObjectDisposedException()
    {
        var aborted = new TaskCompletionSource();
        await using var silent = RawHttpServer.Start(async x =>
        {
            await x.BeginChunkedAsync();
            await x.WriteChunkAsync("""{"model":"m","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":"a"},"done":false}"""u8.ToArray().Append((byte)'\n').ToArray());
            try
            {
                var one = new byte[1];
                while (await x.ReadAsync(one) > 0)
                {
                }
            }
            finally
            {
                aborted.TrySetResult(); // the client closed the connection
            }
        });
        var client = Harness.Client(silent.Endpoint);
        var first = new TaskCompletionSource();

        var stream = Task.Run(async () =>
        {
            await foreach (var _ in client.ChatStreamingAsync(Harness.Chat(), CancellationToken.None))
            {
                first.TrySetResult();
            }
        });
        await first.Task.WaitAsync(Harness.Bound);
        client.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => stream.WaitAsync(Harness.Bound));
        await aborted.Task.WaitAsync(Harness.Bound);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
