namespace Ollama.Net;

/// <summary>The settings of an <see cref="OllamaRouter"/>: its servers and how it routes, cools down and refreshes.</summary>
public sealed class OllamaRouterOptions
{
    /// <summary>The servers to route over (at least one). Their order breaks ties.</summary>
    public IList<OllamaServerOptions> Servers { get; } = [];

    /// <summary>
    /// The settings every server's client is made with (API key, headers, request timeout, logging, telemetry,
    /// <see cref="OllamaClientOptions.DefaultModel"/>); their <see cref="OllamaClientOptions.Endpoint"/> is ignored. Null
    /// for the defaults.
    /// </summary>
    public OllamaClientOptions? ClientOptions { get; set; }

    /// <summary>
    /// How often the router reads each server's loaded models (<c>/api/ps</c>) and installed models (<c>/api/tags</c>),
    /// and probes servers in cool-down with <c>GET /</c> (default 2 seconds). Its own traffic updates the picture in
    /// between.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a failing server is left out before it is probed again (default 10 seconds): the break duration of the
    /// server's circuit breaker.
    /// </summary>
    public TimeSpan CoolDown { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// When true, an inference call answered with model-not-found pulls the model on that server (reported through the
    /// log and <see cref="OllamaRouter.ModelPulling"/>) and is sent once more. Off by default: a pull can move gigabytes.
    /// </summary>
    public bool PullMissingModels { get; set; }

    /// <summary>The clock of the refresh loop and the circuit breakers (tests use a fake one). Null for the system clock.</summary>
    public TimeProvider? TimeProvider { get; set; }
}
