using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Ollama.Net.AotSmoke;

/// <summary>One request as the smoke server read it.</summary>
internal sealed record SmokeRequest(string Method, string Path, string? Authorization, string Body);

/// <summary>
/// A minimal Ollama stand-in on a raw <see cref="TcpListener"/> (127.0.0.1, free port): it reads one HTTP/1.1 request per
/// connection and answers from canned responses, closing the connection after each. No ASP.NET Core, no reflection:
/// it runs under NativeAOT like the client it serves.
/// </summary>
internal sealed class SmokeServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<SmokeRequest> _requests = [];
    private readonly Task _loop;

    public SmokeServer()
    {
        _listener.Start();
        Endpoint = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _loop = Task.Run(AcceptLoopAsync);
    }

    public Uri Endpoint { get; }

    public IReadOnlyList<SmokeRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
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
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                using (client)
                {
                    try
                    {
                        await ServeAsync(client.GetStream());
                    }
                    catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
                    {
                        // The client went away.
                    }
                }
            });
        }
    }

    private async Task ServeAsync(NetworkStream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (!(head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await stream.ReadAsync(one, _stop.Token) == 0)
            {
                return;
            }

            head.Add(one[0]);
        }

        var lines = Encoding.ASCII.GetString([.. head]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var first = lines[0].Split(' ');
        string? authorization = null;
        var length = 0;
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                length = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase))
            {
                authorization = value;
            }
        }

        var body = new byte[length];
        await stream.ReadExactlyAsync(body, _stop.Token);
        var request = new SmokeRequest(first[0], first[1], authorization, Encoding.UTF8.GetString(body));
        lock (_requests)
        {
            _requests.Add(request);
        }

        await AnswerAsync(stream, request);
    }

    private async Task AnswerAsync(NetworkStream stream, SmokeRequest request)
    {
        using var json = request.Body.Length > 0 ? JsonDocument.Parse(request.Body) : null;
        var root = json?.RootElement;
        var streaming = root is { } r && r.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        var model = root is { } m && m.TryGetProperty("model", out var name) ? name.GetString() : null;

        switch (request.Method, request.Path)
        {
            case ("GET", "/api/version"):
                await WriteAsync(stream, 200, "application/json", """{"version":"0.32.15"}""");
                break;
            case ("POST", "/api/chat") when model == "tools" && !streaming:
                // A ChatSession's tool loop: first a tool call, then (once the result is sent back) the answer.
                await WriteAsync(stream, 200, "application/json", request.Body.Contains("\"role\":\"tool\"", StringComparison.Ordinal)
                    ? """{"model":"tools","created_at":"2026-01-01T00:00:00Z","message":{"role":"assistant","content":"It is 22 degrees in Paris."},"done":true,"done_reason":"stop","prompt_eval_count":60,"eval_count":8}"""
                    : """{"model":"tools","created_at":"2026-01-01T00:00:00Z","message":{"role":"assistant","content":"","tool_calls":[{"id":"call_1","function":{"index":0,"name":"get_weather","arguments":{"city":"Paris"}}}]},"done":true,"done_reason":"stop","prompt_eval_count":40,"eval_count":5}""");
                break;
            case ("POST", "/api/chat") when model == "smoke" && !streaming && root!.Value.TryGetProperty("format", out _):
                await WriteAsync(stream, 200, "application/json", ChatLine("""{\"city\":\"Paris\",\"population\":2102650}""", done: true));
                break;
            case ("POST", "/api/chat") when model == "smoke" && !streaming:
                await WriteAsync(stream, 200, "application/json", ChatLine("Hello from AOT", done: true));
                break;
            case ("POST", "/api/chat") when model == "smoke":
                // Chunked: one chunk per piece, the second edge falls inside "é" (C3 A9).
                var ndjson = Encoding.UTF8.GetBytes(ChatLine("H", false) + "\n" + ChatLine("é", false) + "\n" + ChatLine("llo wörld 😀", false) + "\r\n" + ChatLine("", true) + "\n");
                var split = Array.IndexOf(ndjson, (byte)0xC3) + 1;
                await WriteChunkedAsync(stream, ndjson[..split], ndjson[split..(split + 5)], ndjson[(split + 5)..]);
                break;
            case ("POST", "/api/generate") when streaming:
                var lines = Encoding.UTF8.GetBytes(
                    """{"model":"smoke","created_at":"2026-01-01T00:00:00Z","response":"partial","done":false}""" + "\n" +
                    """{"error":"an error was encountered while running the model"}""" + "\n");
                await WriteChunkedAsync(stream, lines);
                break;
            case ("POST", "/api/embed") when model == "embed":
                await WriteAsync(stream, 200, "application/json", EmbedResponse(root!.Value.GetProperty("input")));
                break;
            case ("POST", "/api/show"):
                await WriteAsync(stream, 404, "application/json", $$"""{"error":"model '{{model}}' not found"}""");
                break;
            default:
                await WriteAsync(stream, 404, "text/plain", "404 page not found");
                break;
        }
    }

    private static string ChatLine(string content, bool done)
        => $$"""{"model":"smoke","created_at":"2026-01-01T00:00:00.123456789Z","message":{"role":"assistant","content":"{{content}}"},"done":{{(done ? "true" : "false")}}{{(done ? ",\"done_reason\":\"stop\",\"total_duration\":1500000000,\"eval_count\":3" : "")}}}""";

    // Deterministic 4-dimensional vectors: "cat" and "kitten" close together, "car" apart.
    private static string EmbedResponse(JsonElement input)
    {
        var texts = input.ValueKind == JsonValueKind.Array ? input.EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToArray() : [input.GetString() ?? string.Empty];
        var vectors = texts.Select(t => t switch
        {
            "cat" => "[0.9,0.1,0.0,0.1]",
            "kitten" => "[0.85,0.2,0.05,0.1]",
            "car" => "[0.0,0.1,0.95,0.2]",
            _ => "[0.5,0.5,0.5,0.5]",
        });
        return $$"""{"model":"embed","embeddings":[{{string.Join(",", vectors)}}],"total_duration":1000,"prompt_eval_count":{{texts.Length}}}""";
    }

    private async Task WriteAsync(NetworkStream stream, int status, string contentType, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var head = $"HTTP/1.1 {status} {(status == 200 ? "OK" : "Not Found")}\r\nContent-Type: {contentType}\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
        await stream.WriteAsync(bytes, _stop.Token);
    }

    private async Task WriteChunkedAsync(NetworkStream stream, params byte[][] chunks)
    {
        await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"u8.ToArray(), _stop.Token);
        foreach (var chunk in chunks)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n"), _stop.Token);
            await stream.WriteAsync(chunk, _stop.Token);
            await stream.WriteAsync("\r\n"u8.ToArray(), _stop.Token);
            await stream.FlushAsync(_stop.Token);
        }

        await stream.WriteAsync("0\r\n\r\n"u8.ToArray(), _stop.Token);
    }
}
