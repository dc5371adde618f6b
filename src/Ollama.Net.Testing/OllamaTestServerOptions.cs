using System.Net;
using Microsoft.AspNetCore.Builder;

namespace Ollama.Net.Testing;

/// <summary>Settings for <see cref="OllamaTestServer.StartAsync(OllamaTestServerOptions?, CancellationToken)"/>.</summary>
/// <remarks>
/// The defaults give an empty server (no models) that echoes prompts: what a unit test wants. <see cref="Offline"/>
/// gives a ready-to-demo server with friendly models and simulated answers.
/// </remarks>
public sealed class OllamaTestServerOptions
{
    /// <summary>The port to listen on; 0 (default) picks a free one (<see cref="OllamaTestServer.Endpoint"/> says which).</summary>
    public int Port { get; set; }

    /// <summary>
    /// The address to listen on: <see cref="IPAddress.Loopback"/> (default), <see cref="IPAddress.IPv6Loopback"/>, or
    /// <see cref="IPAddress.Any"/> to be reachable from other machines or containers. As in Ollama, the <c>Host</c>
    /// header is checked only on a loopback address (see <see cref="AllowAnyHost"/>).
    /// </summary>
    public IPAddress ListenAddress { get; set; } = IPAddress.Loopback;

    /// <summary>
    /// Adds middleware in front of the Ollama routes, for example extra routes under a prefix of your own (the
    /// <c>ollama-test-server</c> tool serves its <c>/_test/</c> control API this way). It is called once at start with the
    /// application and the server being started. A request the middleware answers is not recorded, not subject to
    /// <see cref="OllamaTestServer.Faults"/> and not checked for CORS or its <c>Host</c>; one it passes on
    /// (<c>next</c>) is served as usual. Null (default) adds nothing.
    /// </summary>
    /// <example>
    /// <code>
    /// options.ConfigurePipeline = (app, server) => app.Map("/_test/pending", branch =>
    ///     branch.Run(context => context.Response.WriteAsync($"{server.Replies.Pending}")));
    /// </code>
    /// </example>
    public Action<IApplicationBuilder, OllamaTestServer>? ConfigurePipeline { get; set; }

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
    /// The clock of the scheduler: model load time, keep-alive expiry, <c>expires_at</c> in <c>/api/ps</c>, the token
    /// rate, and the <c>load_duration</c>/<c>eval_duration</c> they produce. Default <see cref="TimeProvider.System"/>;
    /// give a fake one (such as <c>FakeTimeProvider</c>) to advance time in tests without waiting.
    /// </summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// How long loading a model takes (a cold start, a reload with another <c>num_ctx</c> or <c>shift</c>, a load after
    /// an eviction), on <see cref="TimeProvider"/>. Zero (default) loads at once.
    /// </summary>
    public TimeSpan ModelLoadTime { get; set; }

    /// <summary>
    /// At most this many models stay loaded (<c>OLLAMA_MAX_LOADED_MODELS</c>); loading another first unloads one, chosen as
    /// Ollama chooses: an idle one with the shortest keep-alive (ties by model), else the busy one with the shortest
    /// keep-alive once its requests end. Zero (default) means no limit; Ollama's own default is 3 per GPU.
    /// </summary>
    public int MaxLoadedModels { get; set; }

    /// <summary>
    /// How many requests each loaded model generates for at once (<c>OLLAMA_NUM_PARALLEL</c>); the others wait, without
    /// limit, as in Ollama, and models without the completion capability (embedding models) get 1. Zero (default) means
    /// no limit, so tests with hanging or concurrent streams never wait; Ollama's own default is 1.
    /// </summary>
    public int NumParallel { get; set; }

    /// <summary>
    /// How many requests may wait for the scheduler (a load, reload or eviction) besides the one it works on
    /// (<c>OLLAMA_MAX_QUEUE</c>); more get 503 <c>server busy, please try again.  maximum pending requests exceeded</c>.
    /// Default 512, as Ollama.
    /// </summary>
    public int MaxQueue { get; set; } = 512;

    /// <summary>
    /// The generation speed: streamed chunks (one token each) are paced at this many per second on
    /// <see cref="TimeProvider"/>, and a non-streamed answer waits for all of them. Zero (default) is unlimited.
    /// </summary>
    public double TokensPerSecond { get; set; }

    /// <summary>How long a model stays loaded after its last request when the request gives no <c>keep_alive</c>
    /// (<c>OLLAMA_KEEP_ALIVE</c>); negative means forever. Default 5 minutes, as Ollama.</summary>
    public TimeSpan DefaultKeepAlive { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The <c>num_ctx</c> of a request that sets none (nor its model): Ollama's <c>OLLAMA_CONTEXT_LENGTH</c>, by default
    /// 4096 as on a machine with less than 24 GiB of VRAM. It is capped at the model's <see cref="TestModel.ContextLength"/>.
    /// </summary>
    public int DefaultContextLength { get; set; } = 4096;

    /// <summary>
    /// Extra origins allowed to make cross-origin requests (<c>OLLAMA_ORIGINS</c>), such as <c>https://app.example</c>,
    /// <c>chrome-extension://*</c> or <c>*</c> (any). Ollama's defaults (<c>http://localhost</c>, <c>http://127.0.0.1:*</c>,
    /// <c>app://*</c>, <c>vscode-webview://*</c>, ...) are always allowed. An origin has at most one <c>*</c> and, without
    /// one, starts with <c>http://</c>, <c>https://</c> or a browser-extension scheme.
    /// </summary>
    public IList<string> AllowedOrigins { get; } = new List<string>();

    /// <summary>
    /// Whether any <c>Host</c> header is accepted. False (default) applies Ollama's rule for a server on a loopback
    /// address: only loopback, private and local IP addresses, <c>localhost</c>, the machine's name and names ending in
    /// <c>.localhost</c>, <c>.local</c> or <c>.internal</c> are served; other hosts get 403 (DNS-rebinding protection).
    /// True behaves as Ollama listening on a non-loopback address, which a non-loopback <see cref="ListenAddress"/> implies.
    /// </summary>
    public bool AllowAnyHost { get; set; }

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
