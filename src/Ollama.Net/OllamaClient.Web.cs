using Ollama.Net.Serialization;

namespace Ollama.Net;

// Web search and fetch through ollama.com: /api/experimental/web_search|web_fetch on a local server (which proxies them,
// signed with its own key), /api/web_search|web_fetch when the endpoint is ollama.com itself (bearer API key).
public partial class OllamaClient
{
    /// <summary>
    /// Searches the web through ollama.com (server v0.18.0+). A local server proxies the search with its signed-in key;
    /// with the endpoint <c>https://ollama.com</c>, the API key (<c>OLLAMA_API_KEY</c>) is used.
    /// </summary>
    /// <param name="query">What to search for.</param>
    /// <param name="maxResults">The most results wanted (ollama.com default 5, maximum 10); null for the default.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The pages found.</returns>
    /// <exception cref="ArgumentException"><paramref name="query"/> is null, empty or white space.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxResults"/> is less than 1.</exception>
    /// <exception cref="OllamaUnauthorizedException">The server is not signed in to ollama.com (or the API key is missing).</exception>
    /// <exception cref="OllamaException">Cloud features are disabled (403), or another error.</exception>
    public virtual Task<WebSearchResult> WebSearchAsync(string query, int? maxResults = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(query);
        if (maxResults is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxResults), maxResults, "maxResults must be at least 1 (ollama.com returns at most 10).");
        }

        return SendJsonAsync(
            HttpMethod.Post,
            WebPath("web_search"),
            new WebSearchRequest(query, maxResults),
            OllamaJsonContext.Default.WebSearchRequest,
            OllamaJsonContext.Default.WebSearchResult,
            cancellationToken);
    }

    /// <summary>
    /// Fetches a web page through ollama.com (server v0.18.0+) and returns its title, text and links. A local server
    /// proxies the fetch with its signed-in key; with the endpoint <c>https://ollama.com</c>, the API key is used.
    /// </summary>
    /// <param name="url">The page address.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    /// <exception cref="ArgumentException"><paramref name="url"/> is null, empty or white space.</exception>
    /// <exception cref="OllamaUnauthorizedException">The server is not signed in to ollama.com (or the API key is missing).</exception>
    /// <exception cref="OllamaException">Cloud features are disabled (403), or another error.</exception>
    public virtual Task<WebFetchResult> WebFetchAsync(string url, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        return SendJsonAsync(
            HttpMethod.Post, WebPath("web_fetch"), new WebFetchRequest(url), OllamaJsonContext.Default.WebFetchRequest, OllamaJsonContext.Default.WebFetchResult, cancellationToken);
    }

    /// <summary>ollama.com serves <c>/api/web_search</c>; a local server serves <c>/api/experimental/web_search</c>.</summary>
    private string WebPath(string operation)
    {
        var host = _baseUri.Host;
        var isOllamaCom = host.Equals("ollama.com", StringComparison.OrdinalIgnoreCase) ||
                          host.EndsWith(".ollama.com", StringComparison.OrdinalIgnoreCase);
        return (isOllamaCom ? "api/" : "api/experimental/") + operation;
    }
}
