namespace Ollama.Net;

/// <summary>One server behind an <see cref="OllamaRouter"/>: its address and how many calls it takes at once.</summary>
public sealed class OllamaServerOptions
{
    /// <summary>The default of <see cref="MaxConcurrentRequests"/>: 4.</summary>
    public const int DefaultMaxConcurrentRequests = 4;

    /// <summary>Creates server options; set <see cref="Endpoint"/>.</summary>
    public OllamaServerOptions()
    {
    }

    /// <summary>Creates server options for an address in any <c>OLLAMA_HOST</c> form (<c>gpu1</c>, <c>gpu1:11434</c>, <c>https://host/ollama</c>).</summary>
    /// <param name="endpoint">The address, parsed with <see cref="OllamaEndpoint.Parse(string?)"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="endpoint"/> is null or white space.</exception>
    /// <exception cref="FormatException"><paramref name="endpoint"/> cannot be a host.</exception>
    public OllamaServerOptions(string endpoint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(endpoint);
        Endpoint = OllamaEndpoint.Parse(endpoint);
    }

    /// <summary>Creates server options for an address.</summary>
    /// <param name="endpoint">The server's base address.</param>
    /// <exception cref="ArgumentNullException"><paramref name="endpoint"/> is null.</exception>
    public OllamaServerOptions(Uri endpoint)
    {
        Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
    }

    /// <summary>The server's base address (required): an absolute http or https address.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>
    /// How many calls the router sends to this server at once (default 4); further calls for it wait in the router's
    /// queue. Ollama cannot report its parallelism, so set it to the server's <c>OLLAMA_NUM_PARALLEL</c> times the number
    /// of models it keeps loaded (<c>OLLAMA_MAX_LOADED_MODELS</c>).
    /// </summary>
    public int MaxConcurrentRequests { get; set; } = DefaultMaxConcurrentRequests;
}
