using Ollama.Net.Testing;

namespace Ollama.Net.IntegrationTests.Client;

/// <summary>
/// Where a test's requests go: the scripted <see cref="OllamaTestServer"/> or a real Ollama (OLLAMA_TEST_HOST).
/// Test bodies written against this run on either; only the scripted target can check exact content.
/// </summary>
public abstract class OllamaTarget : IAsyncDisposable
{
    /// <summary>The server's base address.</summary>
    public abstract Uri Endpoint { get; }

    /// <summary>A chat/generate model that is installed on the target.</summary>
    public abstract string ChatModel { get; }

    /// <summary>An embedding model that is installed on the target.</summary>
    public abstract string EmbedModel { get; }

    /// <summary>The scripted server, or null for a real Ollama.</summary>
    public virtual OllamaTestServer? Server => null;

    /// <summary>True for a real Ollama: assert on shape, not on scripted content.</summary>
    public bool IsLive => Server is null;

    /// <summary>
    /// A hang guard for one await (never a timing assertion): short for the loopback server, long for a real Ollama that
    /// may have to load a model first.
    /// </summary>
    public abstract TimeSpan Bound { get; }

    /// <summary>A client the way a user makes one: the endpoint only, no environment variables.</summary>
    public OllamaClient CreateClient(TimeSpan? requestTimeout = null) =>
        new(new OllamaClientOptions { Endpoint = Endpoint, UseEnvironmentVariables = false, RequestTimeout = requestTimeout });

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
