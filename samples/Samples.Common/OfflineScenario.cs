using Ollama.Net.Testing;

namespace Samples.Common;

/// <summary>
/// How a sample's simulated server behaves when no Ollama answers (or with <c>--offline</c>). The server starts from
/// <see cref="OllamaTestServerOptions.Offline"/>; a scenario changes its options before start and scripts it after,
/// so that the simulated answers make sense for the sample and every code path of the sample runs.
/// </summary>
public class OfflineScenario
{
    /// <summary>The plain offline preset: simulated answers, no extra scripting.</summary>
    public static OfflineScenario Default { get; } = new();

    /// <summary>Changes the options before the server starts (chunk delay, progress steps, the reply generator).</summary>
    /// <param name="options">The offline preset, to change in place.</param>
    public virtual void Configure(OllamaTestServerOptions options)
    {
    }

    /// <summary>Scripts the running server (queued replies, faults, models).</summary>
    /// <param name="server">The server.</param>
    /// <param name="model">The model the sample will use (already registered).</param>
    public virtual void Script(OllamaTestServer server, string model)
    {
    }
}
