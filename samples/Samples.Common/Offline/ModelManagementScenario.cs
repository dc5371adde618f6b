using Ollama.Net.Testing;

namespace Samples.Common.Offline;

/// <summary>
/// Offline server for the ModelManagement sample: pulls report many progress steps per layer (so the bars move), and
/// the requested model gets layers of realistic sizes.
/// </summary>
public sealed class ModelManagementScenario : OfflineScenario
{
    /// <inheritdoc />
    public override void Configure(OllamaTestServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ProgressSteps = 16;
        options.ChunkDelay = TimeSpan.FromMilliseconds(20);
    }

    /// <inheritdoc />
    public override void Script(OllamaTestServer server, string model)
    {
        ArgumentNullException.ThrowIfNull(server);

        // A pull of a name the preset does not know still works offline: it downloads a simulated small model.
        if (server.Registry.Find(model) is null && server.Models.Find(model) is null)
        {
            try
            {
                server.Registry.Add(PresetModels.Qwen25 with { Name = model });
            }
            catch (ArgumentException)
            {
                // Not a valid model name: the server answers the pull with Ollama's own error.
            }
        }
    }
}
