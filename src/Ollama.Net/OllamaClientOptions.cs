using Ollama.Net.Hosting;

namespace Ollama.Net;

/// <summary>
/// Settings of an <see cref="OllamaClient"/>. Read once, when the client is created, which checks them (and so does the
/// start of a host that registered the client with <c>AddOllamaClient</c>).
/// </summary>
public sealed partial class OllamaClientOptions
{
    /// <summary>The default <see cref="MaxStreamLineLength"/>: 16 MiB.</summary>
    public const int DefaultMaxStreamLineLength = 16 * 1024 * 1024;

    /// <summary>The default <see cref="MaxResponseContentLength"/>: 256 MiB.</summary>
    public const long DefaultMaxResponseContentLength = 256L * 1024 * 1024;

    /// <summary>
    /// The server's base address, such as <c>http://127.0.0.1:11434</c> or <c>https://example.com/ollama</c> (see
    /// <see cref="OllamaEndpoint.Parse(string?)"/>). When null: the caller's <see cref="HttpClient.BaseAddress"/> if one
    /// was given, else <c>OLLAMA_HOST</c> (when <see cref="UseEnvironmentVariables"/>), else <c>http://127.0.0.1:11434</c>.
    /// </summary>
    [HttpEndpoint]
    public Uri? Endpoint { get; set; }

    /// <summary>
    /// An API key sent as <c>Authorization: Bearer</c> (needed for ollama.com). When null and
    /// <see cref="UseEnvironmentVariables"/> is set, <c>OLLAMA_API_KEY</c> is used. Never printed.
    /// </summary>
    [HeaderSafe]
    public string? ApiKey { get; set; }

    /// <summary>
    /// An upper bound for each call, the reading of a whole stream included. Null (the default) means no limit: model
    /// loads can take minutes. When it elapses the call throws <see cref="TimeoutException"/> (not
    /// <see cref="OperationCanceledException"/>, which means the caller cancelled).
    /// </summary>
    [PositiveTimeout]
    public TimeSpan? RequestTimeout { get; set; }

    /// <summary>Headers added to every request (for example a proxy's credentials).</summary>
    [HeaderSafe]
    public IDictionary<string, string> DefaultHeaders { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Replaces the <c>User-Agent</c>, which is by default <c>Ollama.Net/&lt;version&gt; (.NET &lt;version&gt;; &lt;os&gt;)</c>.</summary>
    [HeaderSafe]
    public string? UserAgent { get; set; }

    /// <summary>The longest NDJSON line a stream may carry, in bytes (default 16 MiB); a longer line fails the call.</summary>
    [AtLeastOne]
    public int MaxStreamLineLength { get; set; } = DefaultMaxStreamLineLength;

    /// <summary>
    /// The largest body of a non-streaming response the client reads, in bytes (default 256 MiB); null for no limit.
    /// A larger body (by its <c>Content-Length</c>, or counted while reading when it has none) fails the call with an
    /// <see cref="OllamaException"/> instead of filling memory. Streamed responses are bounded line by line by
    /// <see cref="MaxStreamLineLength"/> instead.
    /// </summary>
    [AtLeastOne]
    public long? MaxResponseContentLength { get; set; } = DefaultMaxResponseContentLength;

    /// <summary>Whether <c>OLLAMA_HOST</c> and <c>OLLAMA_API_KEY</c> fill in a null <see cref="Endpoint"/> and <see cref="ApiKey"/> (default true).</summary>
    public bool UseEnvironmentVariables { get; set; } = true;

    /// <summary>Describes the options; the API key is masked.</summary>
    public override string ToString()
        => $"OllamaClientOptions {{ Endpoint = {Internal.UriDisplay.Format(Endpoint)}, ApiKey = {(string.IsNullOrEmpty(ApiKey) ? "(none)" : "***")}, RequestTimeout = {RequestTimeout?.ToString() ?? "(none)"} }}";
}
