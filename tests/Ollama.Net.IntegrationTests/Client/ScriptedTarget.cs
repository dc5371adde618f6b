using Ollama.Net.Testing;

namespace Ollama.Net.IntegrationTests.Client;

/// <summary>An <see cref="OllamaTestServer"/> on loopback with a chat model, a thinking model and an embedding model.</summary>
public sealed class ScriptedTarget : OllamaTarget
{
    public const string Chat = "qwen2.5:0.5b";
    public const string Thinker = "qwen3:0.6b";
    public const string Embedder = "all-minilm";

    private readonly OllamaTestServer _server;

    private ScriptedTarget(OllamaTestServer server) => _server = server;

    public override Uri Endpoint => _server.Endpoint;

    public override string ChatModel => Chat;

    public override string EmbedModel => Embedder;

    public override OllamaTestServer Server => _server;

    public override TimeSpan Bound => Guard.Bound;

    /// <summary>Starts a server with <see cref="PresetModels.Installed"/> (and <see cref="PresetModels.Pullable"/> in its registry).</summary>
    public static async Task<ScriptedTarget> StartAsync(Action<OllamaTestServerOptions>? configure = null)
    {
        var options = new OllamaTestServerOptions();
        foreach (var model in PresetModels.Installed)
        {
            options.Models.Add(model);
        }

        foreach (var model in PresetModels.Pullable)
        {
            options.Registry.Add(model);
        }

        configure?.Invoke(options);
        return new ScriptedTarget(await OllamaTestServer.StartAsync(options).WaitAsync(Guard.Bound));
    }

    public override async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        await base.DisposeAsync();
    }
}
