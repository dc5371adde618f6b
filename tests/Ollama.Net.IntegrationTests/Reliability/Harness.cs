using Ollama.Net.Testing;

namespace Ollama.Net.IntegrationTests.Reliability;

/// <summary>Shared set-up for the reliability and security tests: servers, clients, and stream readers that keep the failure.</summary>
internal static class Harness
{
    /// <summary>A safety net so that a broken test fails instead of hanging the run; no test asserts on time.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    public const string ChatModel = "m";

    public const string EmbedModel = "e";

    public static async Task<OllamaTestServer> StartServerAsync(int port = 0)
    {
        var options = new OllamaTestServerOptions { Port = port };
        options.Models.Add(new TestModel(ChatModel) { Capabilities = TestModelCapabilities.Completion | TestModelCapabilities.Tools });
        options.Models.Add(new TestModel(EmbedModel) { Capabilities = TestModelCapabilities.Embedding, EmbeddingLength = 8 });
        options.Registry.Add(new TestModel("pullable:1b"));
        return await OllamaTestServer.StartAsync(options);
    }

    public static OllamaClient Client(Uri endpoint, Action<OllamaClientOptions>? configure = null)
    {
        var options = new OllamaClientOptions { Endpoint = endpoint, UseEnvironmentVariables = false };
        configure?.Invoke(options);
        return new OllamaClient(options);
    }

    public static OllamaClient Client(OllamaTestServer server, Action<OllamaClientOptions>? configure = null) => Client(server.Endpoint, configure);

    public static ChatRequest Chat(string text = "0123456789") => new(ChatModel, Message.User(text));

    /// <summary>A cancellation token that fires after <see cref="Bound"/>: a hang becomes a failure.</summary>
    public static CancellationToken Safety() => new CancellationTokenSource(Bound).Token;

    /// <summary>Reads a stream to its end, keeping the updates received before a failure and the failure itself.</summary>
    public static async Task<(List<T> Updates, Exception? Error)> DrainAsync<T>(IAsyncEnumerable<T> stream)
    {
        var updates = new List<T>();
        try
        {
            await foreach (var update in stream)
            {
                updates.Add(update);
            }

            return (updates, null);
        }
        catch (Exception ex)
        {
            return (updates, ex);
        }
    }

    /// <summary>Runs a call and returns its exception (or null when it succeeded).</summary>
    public static async Task<Exception?> CaptureAsync(Func<Task> call)
    {
        try
        {
            await call();
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    /// <summary>The typed errors a failed call may end with: anything else is a defect.</summary>
    public static bool IsTypedError(Exception? error)
        => error is null or OllamaException or TimeoutException or OperationCanceledException;

    /// <summary>A loopback port with nothing listening on it (it was free a moment ago).</summary>
    public static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
