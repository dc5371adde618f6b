using System.Text;
using System.Text.Json;
using Ollama.Net.Testing;
using Ollama.Net.TestServer.Tool.Control;

namespace Ollama.Net.TestServer.Tool;

/// <summary>
/// Writes every request the server records to a file as NDJSON, one <see cref="RequestView"/> per line, when its
/// response has ended (so with its status); lines are flushed at once, so <c>tail -f</c> follows them.
/// </summary>
internal sealed class RequestLog : IAsyncDisposable
{
    private readonly OllamaTestServer _server;
    private readonly StreamWriter _writer;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly List<Task> _writes = [];
    private readonly Task _loop;
    private int _next;

    private RequestLog(OllamaTestServer server, StreamWriter writer)
    {
        _server = server;
        _writer = writer;
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Creates (or truncates) <paramref name="path"/> and logs <paramref name="server"/>'s requests to it.</summary>
    public static RequestLog Open(string path, OllamaTestServer server) =>
        new(server, new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)));

    /// <summary>Writes the lines of the requests still to come (the server must be stopped first) and closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        TrackNew(_server.Requests);
        Task[] writes;
        lock (_lock)
        {
            writes = [.. _writes];
        }

        await Task.WhenAll(writes).ConfigureAwait(false);
        await _writer.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task LoopAsync()
    {
        try
        {
            while (true)
            {
                TrackNew(await _server.WaitForRequestsAsync(_next + 1, _stop.Token).ConfigureAwait(false));
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private void TrackNew(IReadOnlyList<RecordedRequest> requests)
    {
        lock (_lock)
        {
            for (; _next < requests.Count; _next++)
            {
                _writes.Add(WriteWhenDoneAsync(requests[_next]));
            }

            _writes.RemoveAll(t => t.IsCompleted);
        }
    }

    private async Task WriteWhenDoneAsync(RecordedRequest request)
    {
        await request.Completion.ConfigureAwait(false);
        var line = JsonSerializer.Serialize(RequestView.From(request), ToolJsonContext.Default.RequestView);
        lock (_lock)
        {
            _writer.WriteLine(line);
            _writer.Flush();
        }
    }
}
