using Microsoft.AspNetCore.Http;

namespace Ollama.Net.Testing.Internal;

/// <summary>
/// Ollama's CORS middleware: gin-contrib/cors v1.7.2 with the configuration of <c>server/routes.go</c> (wildcards and
/// browser extensions allowed, Ollama's header list, 12 h max age) and the origins of <c>envconfig.AllowedOrigins</c>.
/// It runs before routing, so it answers every path.
/// </summary>
internal sealed class Cors
{
    private const string AllowMethods = "GET,POST,PUT,PATCH,DELETE,HEAD,OPTIONS";

    private static readonly string[] s_schemes =
        ["http://", "https://", "chrome-extension://", "safari-extension://", "moz-extension://", "ms-browser-extension://"];

    private static readonly string[] s_defaultOrigins = DefaultOrigins();

    // gin-contrib/cors canonicalizes the lower-cased names (http.CanonicalHeaderKey).
    private static readonly string s_allowHeaders = string.Join(',',
        "Authorization", "Content-Type", "User-Agent", "Accept", "X-Requested-With", "Openai-Beta", "X-Stainless-Arch",
        "X-Stainless-Async", "X-Stainless-Custom-Poll-Interval", "X-Stainless-Helper-Method", "X-Stainless-Lang",
        "X-Stainless-Os", "X-Stainless-Package-Version", "X-Stainless-Poll-Helper", "X-Stainless-Retry-Count",
        "X-Stainless-Runtime", "X-Stainless-Runtime-Version", "X-Stainless-Timeout");

    private readonly bool _allowAll;
    private readonly HashSet<string> _exact;
    private readonly List<(string Prefix, string Suffix)> _wildcards = [];

    private Cors(IReadOnlyList<string> origins)
    {
        _allowAll = origins.Contains("*");

        // Exact origins are trimmed and lower-cased; the request's Origin is compared as sent.
        _exact = new HashSet<string>(origins.Select(o => o.Trim().ToLowerInvariant()), StringComparer.Ordinal);
        foreach (var o in origins.Where(o => o.Contains('*', StringComparison.Ordinal)))
        {
            var i = o.IndexOf('*', StringComparison.Ordinal);
            _wildcards.Add((o[..i], o[(i + 1)..]));
        }
    }

    /// <summary>Builds the policy from <see cref="OllamaTestServerOptions.AllowedOrigins"/>, checked as gin-contrib/cors checks them at start.</summary>
    /// <exception cref="ArgumentException">An origin has more than one <c>*</c>, or neither a <c>*</c> nor an allowed scheme.</exception>
    public static Cors Create(IEnumerable<string> extraOrigins)
    {
        var origins = new List<string>();
        foreach (var origin in extraOrigins)
        {
            ArgumentNullException.ThrowIfNull(origin, nameof(OllamaTestServerOptions.AllowedOrigins));
            if (origin.Count(c => c == '*') > 1)
            {
                throw new ArgumentException($"The origin '{origin}' has more than one '*': only one * is allowed.", nameof(OllamaTestServerOptions.AllowedOrigins));
            }

            if (!origin.Contains('*', StringComparison.Ordinal) && !s_schemes.Any(s => origin.StartsWith(s, StringComparison.Ordinal)))
            {
                throw new ArgumentException(
                    $"The origin '{origin}' is not allowed: origins must contain '*' or include {string.Join(',', s_schemes)}.",
                    nameof(OllamaTestServerOptions.AllowedOrigins));
            }

            origins.Add(origin);
        }

        origins.AddRange(s_defaultOrigins);
        return new Cors(origins);
    }

    /// <summary>
    /// Applies the CORS rules to a request: sets the CORS response headers and returns null to go on, or returns the
    /// status that ends the request with an empty body (403 for an origin that is not allowed, 204 for a preflight).
    /// </summary>
    public int? Apply(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return null;
        }

        var host = context.Request.Host.Value;
        if (origin == "http://" + host || origin == "https://" + host)
        {
            return null; // same origin: not a CORS request
        }

        if (!_allowAll && !_exact.Contains(origin) && !_wildcards.Any(w => Matches(origin, w.Prefix, w.Suffix)))
        {
            return 403;
        }

        var headers = context.Response.Headers;
        if (HttpMethods.IsOptions(context.Request.Method))
        {
            headers.AccessControlAllowMethods = AllowMethods;
            headers.AccessControlAllowHeaders = s_allowHeaders;
            headers.AccessControlMaxAge = "43200";
            headers.AccessControlAllowOrigin = _allowAll ? "*" : origin;
            if (!_allowAll)
            {
                headers.Vary = new(["Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers"]);
            }

            return 204;
        }

        headers.AccessControlAllowOrigin = _allowAll ? "*" : origin;
        if (!_allowAll)
        {
            headers.Vary = "Origin";
        }

        return null;
    }

    private static bool Matches(string origin, string prefix, string suffix) =>
        (prefix.Length == 0 || origin.StartsWith(prefix, StringComparison.Ordinal))
        && (suffix.Length == 0 || origin.EndsWith(suffix, StringComparison.Ordinal));

    /// <summary>The origins <c>envconfig.AllowedOrigins</c> always adds.</summary>
    private static string[] DefaultOrigins()
    {
        var list = new List<string>();
        foreach (var host in (ReadOnlySpan<string>)["localhost", "127.0.0.1", "0.0.0.0"])
        {
            list.AddRange([$"http://{host}", $"https://{host}", $"http://{host}:*", $"https://{host}:*"]);
        }

        list.AddRange(["app://*", "file://*", "tauri://*", "vscode-webview://*", "vscode-file://*"]);
        return [.. list];
    }
}
