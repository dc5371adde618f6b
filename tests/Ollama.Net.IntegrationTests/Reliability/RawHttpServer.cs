using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ollama.Net.IntegrationTests.Reliability;

/// <summary>
/// A tiny HTTP/1.1 server on a raw <see cref="TcpListener"/> (127.0.0.1, free port) for what Kestrel will not do on
/// request: reset a connection (RST), split a chunk inside a UTF-8 character, redirect, send a body without a length.
/// Each connection serves one request, handled by the test's callback; the server is bounded by its disposal.
/// </summary>
internal sealed class RawHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<RawExchange, Task> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;
    private readonly List<Task> _connections = [];
    private readonly Lock _lock = new();
    private int _requests;

    private RawHttpServer(Func<RawExchange, Task> handler)
    {
        _handler = handler;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        Endpoint = new Uri($"http://127.0.0.1:{Port}/");
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public int Port { get; }

    public Uri Endpoint { get; }

    /// <summary>The number of requests whose head was read.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public static RawHttpServer Start(Func<RawExchange, Task> handler) => new(handler);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Task[] pending;
        lock (_lock)
        {
            pending = [.. _connections, _acceptLoop];
        }

        try
        {
            await Task.WhenAll(pending).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception)
        {
            // Handlers end with the connection; failures there are the test's business.
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }

            var task = Task.Run(() => ServeAsync(client));
            lock (_lock)
            {
                _connections.Add(task);
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        var exchange = new RawExchange(client, _stop.Token);
        try
        {
            if (!await exchange.ReadRequestAsync())
            {
                return;
            }

            Interlocked.Increment(ref _requests);
            await _handler(exchange);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away or the test reset the connection.
        }
        finally
        {
            exchange.Close();
        }
    }
}

/// <summary>One request on a <see cref="RawHttpServer"/> connection and the means to answer it byte by byte.</summary>
internal sealed class RawExchange(TcpClient client, CancellationToken stopping)
{
    private readonly NetworkStream _stream = client.GetStream();

    public string Method { get; private set; } = string.Empty;

    public string Path { get; private set; } = string.Empty;

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public byte[] Body { get; private set; } = [];

    public CancellationToken Stopping => stopping;

    public string BodyText => Encoding.UTF8.GetString(Body);

    public async Task<bool> ReadRequestAsync()
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (!EndsWithBlankLine(head))
        {
            if (await _stream.ReadAsync(one, stopping) == 0)
            {
                return false;
            }

            head.Add(one[0]);
        }

        var lines = Encoding.ASCII.GetString([.. head]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var requestLine = lines[0].Split(' ');
        Method = requestLine[0];
        Path = requestLine[1];
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            Headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        if (Headers.TryGetValue("Content-Length", out var length) && int.Parse(length) is > 0 and var n)
        {
            Body = new byte[n];
            await _stream.ReadExactlyAsync(Body, stopping);
        }

        return true;
    }

    public Task WriteAsync(string text) => WriteAsync(Encoding.UTF8.GetBytes(text));

    /// <summary>Reads what the client sends after its request (0 once it closes the connection).</summary>
    public ValueTask<int> ReadAsync(Memory<byte> buffer) => _stream.ReadAsync(buffer, stopping);

    public async Task WriteAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes, stopping);
        await _stream.FlushAsync(stopping);
    }

    /// <summary>Writes a whole response with a Content-Length, and closes the connection.</summary>
    public Task RespondAsync(int status, string contentType, string body, string? extraHeaders = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        return WriteAsync(
            $"HTTP/1.1 {status} {Reason(status)}\r\nContent-Type: {contentType}\r\nContent-Length: {bytes.Length}\r\n{extraHeaders}Connection: close\r\n\r\n" + body);
    }

    /// <summary>Writes the head of a chunked response (Transfer-Encoding: chunked).</summary>
    public Task BeginChunkedAsync(int status = 200, string contentType = "application/x-ndjson")
        => WriteAsync($"HTTP/1.1 {status} {Reason(status)}\r\nContent-Type: {contentType}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");

    /// <summary>Writes one HTTP chunk holding exactly these bytes.</summary>
    public Task WriteChunkAsync(ReadOnlySpan<byte> data)
    {
        var frame = new List<byte>();
        frame.AddRange(Encoding.ASCII.GetBytes($"{data.Length:x}\r\n"));
        frame.AddRange(data.ToArray());
        frame.AddRange("\r\n"u8.ToArray());
        return WriteAsync([.. frame]);
    }

    public Task EndChunkedAsync() => WriteAsync("0\r\n\r\n");

    /// <summary>Aborts the connection with a TCP reset (RST) instead of an orderly close.</summary>
    public void Reset()
    {
        client.Client.LingerState = new LingerOption(true, 0);
        client.Client.Close();
    }

    public void Close()
    {
        try
        {
            client.Dispose();
        }
        catch (Exception)
        {
            // Already reset.
        }
    }

    private static bool EndsWithBlankLine(List<byte> head)
        => head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n';

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        302 => "Found",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        404 => "Not Found",
        500 => "Internal Server Error",
        _ => "Status",
    };
}
