using Ollama.Net.Diagnostics;

namespace Ollama.Net;

// Logging, telemetry and the default model (set from OllamaClientOptions by the constructor).
public partial class OllamaClient
{
    private readonly OllamaInstrumentation _instrumentation;

    /// <summary>
    /// The model to use when a caller names none (<see cref="OllamaClientOptions.DefaultModel"/>), or null. The
    /// Microsoft.Extensions.AI adapters fall back to it; requests sent through this client still name their model.
    /// </summary>
    public virtual string? DefaultModel { get; }
}
