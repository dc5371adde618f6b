namespace Ollama.Net.Testing;

/// <summary>Settings for <see cref="OllamaTestServer.StartAsync(OllamaTestServerOptions?, CancellationToken)"/>.</summary>
/// <remarks>
/// The defaults give an empty server (no models) that echoes prompts: what a unit test wants. <see cref="Offline"/>
/// gives a ready-to-demo server with friendly models and simulated answers.
/// </remarks>
public sealed class OllamaTestServerOptions
{
    /// <summary>The loopback port to listen on; 0 (default) picks a free one.</summary>
    public int Port { get; set; }

    /// <summary>What <c>/api/version</c> reports. Default <c>0.32.15</c>.</summary>
    public string Version { get; set; } = "0.32.15";

    /// <summary>The models installed at start (<see cref="OllamaTestServer.Models"/>). Empty by default.</summary>
    public IList<TestModel> Models { get; } = new List<TestModel>();

    /// <summary>
    /// Extra models that <c>/api/pull</c> can fetch (<see cref="OllamaTestServer.Registry"/>). Installed models can always be
    /// pulled again. Empty by default.
    /// </summary>
    public IList<TestModel> Registry { get; } = new List<TestModel>();

    /// <summary>
    /// Makes the reply for chat and generate requests with nothing queued. Null (default) means
    /// <see cref="ScriptedReply.Echo"/>.
    /// </summary>
    public Func<ReplyContext, ScriptedReply>? ReplyGenerator { get; set; }

    /// <summary>
    /// Computes an un-normalized or normalized embedding for a text and a dimension count; the server L2-normalizes the
    /// result for <c>/api/embed</c>. Null (default) means <see cref="TestEmbeddings.Generate"/>.
    /// </summary>
    public Func<string, int, float[]>? EmbeddingGenerator { get; set; }

    /// <summary>A pause before every streamed chunk, to make demos look live. Zero (default) for tests.</summary>
    public TimeSpan ChunkDelay { get; set; }

    /// <summary>How many progress lines each layer gets in pull and push streams (at least 1). Default 3.</summary>
    public int ProgressSteps { get; set; } = 3;

    /// <summary>
    /// Whether <c>/api/me</c> finds a signed-in user (else 401 with <c>signin_url</c>) and the registry accepts pushes.
    /// Default true.
    /// </summary>
    public bool SignedIn { get; set; } = true;

    /// <summary>Whether cloud features are disabled (<c>/api/status</c>, web search and fetch answer 403). Default false.</summary>
    public bool CloudDisabled { get; set; }

    /// <summary>
    /// The offline preset: <see cref="PresetModels.Installed"/> installed, <see cref="PresetModels.Pullable"/> in the
    /// registry, <see cref="ScriptedReply.Simulated"/> answers, and a short <see cref="ChunkDelay"/> so streams look live.
    /// </summary>
    /// <param name="chunkDelay">The pause per chunk; 15 ms when null. Use <see cref="TimeSpan.Zero"/> in tests.</param>
    /// <returns>New options with the preset applied.</returns>
    public static OllamaTestServerOptions Offline(TimeSpan? chunkDelay = null)
    {
        var options = new OllamaTestServerOptions
        {
            ReplyGenerator = ScriptedReply.Simulated,
            ChunkDelay = chunkDelay ?? TimeSpan.FromMilliseconds(15),
        };
        foreach (var m in PresetModels.Installed)
        {
            options.Models.Add(m);
        }

        foreach (var m in PresetModels.Pullable)
        {
            options.Registry.Add(m);
        }

        return options;
    }
}
