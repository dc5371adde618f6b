using Ollama.Net.Testing;

namespace Ollama.Net.IntegrationTests.Reliability;

/// <summary><see cref="OllamaClientOptions.Retry"/> over loopback: what is sent again, and what never is.</summary>
public class ClientRetryTests
{
    private const string Text = "0123456789";

    private static OllamaClient Client(Uri endpoint)
        => Harness.Client(endpoint, o => o.Retry = new OllamaRetryOptions { Delay = TimeSpan.Zero });

    private static async Task<OllamaTestServer> StartAsync()
    {
        var server = await Harness.StartServerAsync();
        server.Replies.Generator = _ => new ScriptedReply { Content = Text, ChunkSize = 1 };
        return server;
    }

    [Fact]
    public async Task A_busy_server_is_asked_again_until_the_stream_comes()
    {
        await using var server = await StartAsync();
        server.Faults.Next(Fault.Busy());
        server.Faults.Next(Fault.Error(502, "bad gateway"));
        using var client = Client(server.Endpoint);

        var (updates, error) = await Harness.DrainAsync(client.ChatStreamingAsync(Harness.Chat(), Harness.Safety()));

        Assert.Null(error);
        Assert.Equal(Text, string.Concat(updates.Select(u => u.Message.Content)));
        Assert.Equal([503, 502, 200], server.Requests.Select(r => r.StatusCode ?? 0));
        Assert.All(server.Requests, r => Assert.Equal(server.Requests[0].BodyText, r.BodyText));
    }

    [Fact]
    public async Task A_stream_cut_after_chunks_is_not_sent_again()
    {
        await using var server = await StartAsync();
        server.Faults.Next(Fault.CutAfterChunks(3));
        using var client = Client(server.Endpoint);

        var (updates, error) = await Harness.DrainAsync(client.ChatStreamingAsync(Harness.Chat(), Harness.Safety()));

        Assert.Equal(3, updates.Count);
        Assert.IsType<OllamaException>(error);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task An_error_line_inside_a_stream_is_not_sent_again()
    {
        await using var server = await StartAsync();
        server.Faults.Next(Fault.ErrorAfterChunks(2));
        using var client = Client(server.Endpoint);

        var (updates, error) = await Harness.DrainAsync(client.ChatStreamingAsync(Harness.Chat(), Harness.Safety()));

        Assert.Equal(2, updates.Count);
        Assert.IsType<OllamaException>(error);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_refused_connection_is_tried_every_time_and_then_reported()
    {
        var factory = new Capture();
        using var client = Harness.Client(new Uri($"http://127.0.0.1:{Harness.FreePort()}/"), o =>
        {
            o.Retry = new OllamaRetryOptions { MaxRetryAttempts = 2, Delay = TimeSpan.Zero };
            o.LoggerFactory = factory;
        });

        var error = await Assert.ThrowsAsync<OllamaException>(() => client.GetVersionAsync(Harness.Safety()));

        Assert.Contains("No Ollama server answered", error.Message);
        Assert.Equal(2, factory.Retries);
    }

    /// <summary>A logger factory that counts the client's retry log lines.</summary>
    private sealed class Capture : Microsoft.Extensions.Logging.ILoggerFactory, Microsoft.Extensions.Logging.ILogger
    {
        private int _retries;

        public int Retries => Volatile.Read(ref _retries);

        public void AddProvider(Microsoft.Extensions.Logging.ILoggerProvider provider)
        {
        }

        public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => this;

        public void Dispose()
        {
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Name == "RetryScheduled")
            {
                Interlocked.Increment(ref _retries);
            }
        }
    }
}
