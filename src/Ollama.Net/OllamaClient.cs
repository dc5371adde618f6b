using Ollama.Net.Internal;

namespace Ollama.Net;

/// <summary>
/// A client for the Ollama native <c>/api</c>. Immutable and thread-safe after construction: create one and share it.
/// </summary>
/// <remarks>
/// <para>
/// <c>new OllamaClient()</c> talks to <c>OLLAMA_HOST</c> (default <c>http://127.0.0.1:11434</c>) and sends
/// <c>OLLAMA_API_KEY</c>, when set, as a bearer token. There is no default timeout (model loads can take minutes):
/// bound a call with its <see cref="CancellationToken"/> or <see cref="OllamaClientOptions.RequestTimeout"/>.
/// </para>
/// <para>
/// Errors: every non-2xx response throws <see cref="OllamaException"/> (or <see cref="OllamaModelNotFoundException"/>,
/// <see cref="OllamaUnauthorizedException"/>); so does an error line inside a stream, a stream cut before its final
/// chunk, and a server that cannot be reached. Misuse (a null request, an empty model name) throws the argument
/// exceptions at once, before any request is sent, streaming methods included.
/// </para>
/// <para>
/// The service methods are <see langword="virtual"/> and the parameterless constructor connects nowhere, so the class can
/// be mocked.
/// </para>
/// </remarks>
public partial class OllamaClient : IDisposable
{
    private static readonly Hosting.OllamaClientOptionsValidator OptionsRules = new();

    private readonly HttpClient _httpClient;
    private readonly bool _ownsHttpClient;
    private readonly Uri _baseUri; // always ends with '/'
    private readonly string? _apiKey;
    private readonly string? _userAgent;
    private readonly KeyValuePair<string, string>[] _defaultHeaders = [];
    private readonly TimeSpan? _requestTimeout;
    private readonly bool _httpClientHasAuthorization;
    private readonly int _maxStreamLineLength = OllamaClientOptions.DefaultMaxStreamLineLength;
    private readonly long? _maxResponseContentLength = OllamaClientOptions.DefaultMaxResponseContentLength;
    private bool _disposed;

    /// <summary>
    /// Creates a client for <c>OLLAMA_HOST</c> (default <c>http://127.0.0.1:11434</c>), sending <c>OLLAMA_API_KEY</c> as a
    /// bearer token when it is set. Mocking frameworks can use this constructor too: it does not connect anywhere.
    /// </summary>
    /// <exception cref="FormatException"><c>OLLAMA_HOST</c> holds something that cannot be a host.</exception>
    public OllamaClient()
        : this(new OllamaClientOptions())
    {
    }

    /// <summary>Creates a client for a server address (<c>OLLAMA_API_KEY</c> is still read).</summary>
    /// <param name="endpoint">The base address, for example <c>http://localhost:11434</c>; a path is kept as a base path.</param>
    /// <exception cref="ArgumentNullException"><paramref name="endpoint"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="endpoint"/> is not an absolute http or https address.</exception>
    public OllamaClient(Uri endpoint)
        : this(new OllamaClientOptions { Endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint)) })
    {
    }

    /// <summary>Creates a client with options; the client creates (and disposes) its own <see cref="HttpClient"/>.</summary>
    /// <param name="options">The settings.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// The endpoint is not an absolute http or https address, or another option is out of range (the message names it).
    /// </exception>
    public OllamaClient(OllamaClientOptions options)
        : this(CreateHttpClient(), options ?? throw new ArgumentNullException(nameof(options)), ownsHttpClient: true)
    {
    }

    /// <summary>
    /// Creates a client over the caller's <see cref="HttpClient"/> (for example one from <c>IHttpClientFactory</c>). The
    /// caller owns it: the client never disposes it and never changes its settings. When <paramref name="options"/> has
    /// no endpoint and the HttpClient has a <see cref="HttpClient.BaseAddress"/>, that address is used. Note that
    /// <see cref="HttpClient.Timeout"/> still applies (100 seconds unless changed).
    /// </summary>
    /// <param name="httpClient">The HTTP client to send requests with.</param>
    /// <param name="options">The settings, or null for the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="httpClient"/> is null.</exception>
    /// <exception cref="ArgumentException">
    /// The endpoint is not an absolute http or https address, or another option is out of range (the message names it).
    /// </exception>
    public OllamaClient(HttpClient httpClient, OllamaClientOptions? options = null)
        : this(httpClient ?? throw new ArgumentNullException(nameof(httpClient)), options ?? new OllamaClientOptions(), ownsHttpClient: false)
    {
    }

    private OllamaClient(HttpClient httpClient, OllamaClientOptions options, bool ownsHttpClient)
    {
        try
        {
            var validation = OptionsRules.Validate(null, options);
            if (validation.Failed)
            {
                throw new ArgumentException(validation.FailureMessage, nameof(options));
            }

            var endpoint = options.Endpoint
                ?? httpClient.BaseAddress
                ?? (options.UseEnvironmentVariables ? OllamaEndpoint.FromEnvironment() : OllamaEndpoint.Default);
            if (!UriDisplay.IsHttp(endpoint))
            {
                throw new ArgumentException(
                    $"The Ollama endpoint must be an absolute http:// or https:// address, but \"{UriDisplay.Format(endpoint)}\" was given.",
                    nameof(options));
            }


            _httpClient = httpClient;
            _ownsHttpClient = ownsHttpClient;
            _baseUri = WithTrailingSlash(endpoint);
            Endpoint = endpoint;
            _apiKey = options.ApiKey;
            if (string.IsNullOrEmpty(_apiKey) && options.UseEnvironmentVariables)
            {
                _apiKey = Environment.GetEnvironmentVariable(OllamaEndpoint.ApiKeyEnvironmentVariable);
            }

            if (string.IsNullOrWhiteSpace(_apiKey))
            {
                _apiKey = null;
            }

            _httpClientHasAuthorization = httpClient.DefaultRequestHeaders.Authorization is not null;
            _userAgent = options.UserAgent ?? (httpClient.DefaultRequestHeaders.UserAgent.Count > 0 ? null : UserAgent.Default);
            _defaultHeaders = [.. options.DefaultHeaders];
            _requestTimeout = options.RequestTimeout == Timeout.InfiniteTimeSpan ? null : options.RequestTimeout;
            _maxStreamLineLength = options.MaxStreamLineLength;
            DefaultModel = string.IsNullOrWhiteSpace(options.DefaultModel) ? null : options.DefaultModel;
            _instrumentation = new Diagnostics.OllamaInstrumentation(options, endpoint);
            _maxResponseContentLength = options.MaxResponseContentLength;
            WarnIfApiKeyTravelsUnencrypted(endpoint);
        }
        catch when (ownsHttpClient)
        {
            httpClient.Dispose();
            throw;
        }
    }

    /// <summary>The HTTP client requests go through (for tests).</summary>
    internal HttpClient HttpClient => _httpClient;

    /// <summary>The API key in use, if any (for tests; never printed).</summary>
    internal bool HasApiKey => _apiKey is not null;

    /// <summary>The server's base address.</summary>
    public virtual Uri Endpoint { get; } = OllamaEndpoint.Default;

    /// <summary>Disposes the <see cref="HttpClient"/> if this client created it (a caller's HttpClient is left alone).</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Returns the endpoint (never the API key).</summary>
    public override string ToString() => $"OllamaClient({UriDisplay.Format(Endpoint)})";

    /// <summary>Releases resources.</summary>
    /// <param name="disposing">True when called from <see cref="Dispose()"/>.</param>
    protected virtual void Dispose(bool disposing)
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (disposing && _ownsHttpClient)
        {
            _httpClient.Dispose();
        }
    }

    private static HttpClient CreateHttpClient()
        => new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }, disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };

    private static Uri WithTrailingSlash(Uri uri)
    {
        var text = uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        return new Uri(text.EndsWith('/') ? text : text + "/", UriKind.Absolute);
    }
}
