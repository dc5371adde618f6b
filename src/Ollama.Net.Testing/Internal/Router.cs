using Microsoft.AspNetCore.Http;

namespace Ollama.Net.Testing.Internal;

/// <summary>
/// The native route table of Ollama's <c>server/routes.go</c> (gin semantics: unknown path → 404 text, known path with
/// another method → 405 text, a trailing slash → redirect).
/// </summary>
internal static class Router
{
    private const string BlobPrefix = "/api/blobs/";
    private const string UserKeysPrefix = "/api/user/keys/";

    private static readonly Dictionary<string, Dictionary<string, Func<Exchange, Task>>> s_routes = new(StringComparer.Ordinal)
    {
        ["/"] = new() { ["GET"] = MiscHandlers.RootAsync, ["HEAD"] = MiscHandlers.RootAsync },
        ["/api/version"] = new() { ["GET"] = MiscHandlers.VersionAsync, ["HEAD"] = MiscHandlers.VersionAsync },
        ["/api/status"] = new() { ["GET"] = MiscHandlers.StatusAsync },
        ["/api/generate"] = new() { ["POST"] = InferenceHandlers.GenerateAsync },
        ["/api/chat"] = new() { ["POST"] = InferenceHandlers.ChatAsync },
        ["/api/embed"] = new() { ["POST"] = EmbedHandlers.EmbedAsync },
        ["/api/embeddings"] = new() { ["POST"] = EmbedHandlers.EmbeddingsAsync },
        ["/api/create"] = new() { ["POST"] = CreateHandler.CreateAsync },
        ["/api/tags"] = new() { ["GET"] = ModelHandlers.TagsAsync, ["HEAD"] = ModelHandlers.TagsAsync },
        ["/api/show"] = new() { ["POST"] = ModelHandlers.ShowAsync },
        ["/api/copy"] = new() { ["POST"] = ModelHandlers.CopyAsync },
        ["/api/delete"] = new() { ["DELETE"] = ModelHandlers.DeleteAsync },
        ["/api/pull"] = new() { ["POST"] = TransferHandlers.PullAsync },
        ["/api/push"] = new() { ["POST"] = TransferHandlers.PushAsync },
        ["/api/ps"] = new() { ["GET"] = ModelHandlers.PsAsync },
        ["/api/me"] = new() { ["POST"] = MiscHandlers.MeAsync },
        ["/api/signout"] = new() { ["POST"] = MiscHandlers.SignoutAsync },
        ["/api/experimental/web_search"] = new() { ["POST"] = MiscHandlers.WebSearchAsync },
        ["/api/experimental/web_fetch"] = new() { ["POST"] = MiscHandlers.WebFetchAsync },
        ["/api/experimental/model-recommendations"] = new() { ["GET"] = MiscHandlers.RecommendationsAsync },
    };

    private static readonly Dictionary<string, Func<Exchange, Task>> s_blobRoutes = new(StringComparer.Ordinal)
    {
        ["HEAD"] = BlobHandlers.HeadAsync,
        ["POST"] = BlobHandlers.PostAsync,
    };

    private static readonly Dictionary<string, Func<Exchange, Task>> s_userKeyRoutes = new(StringComparer.Ordinal)
    {
        ["DELETE"] = MiscHandlers.SignoutAsync,
    };

    public static Task DispatchAsync(Exchange x)
    {
        var path = x.Record.Path;
        var method = x.Record.Method.ToUpperInvariant();
        var methods = Find(path, out var routeValue);
        if (methods is null)
        {
            // gin looks for the trailing-slash variant only in the tree of the request's method.
            if (path.Length > 1 && path.EndsWith('/') && Find(path.TrimEnd('/'), out _) is { } other && other.ContainsKey(method))
            {
                return RedirectAsync(x, method, path.TrimEnd('/') + x.Record.Query);
            }

            return x.TextAsync(404, "404 page not found", ResponseWriter.GinTextContentType);
        }

        if (!methods.TryGetValue(method, out var handler))
        {
            x.Context.Response.Headers.Allow = string.Join(", ", methods.Keys);
            return x.TextAsync(405, "405 method not allowed", ResponseWriter.GinTextContentType);
        }

        x.RouteValue = routeValue;
        return handler(x);
    }

    /// <summary>
    /// gin's RedirectTrailingSlash through Go's <c>http.Redirect</c>: 301 for GET (with its small HTML body), 307 with no
    /// body for other methods (HEAD keeps the HTML content type).
    /// </summary>
    private static Task RedirectAsync(Exchange x, string method, string location)
    {
        x.Context.Response.Headers.Location = location;
        var get = HttpMethods.IsGet(method);
        if (!get && !HttpMethods.IsHead(method))
        {
            return x.Writer.SendAsync(307, null, ReadOnlyMemory<byte>.Empty);
        }

        var href = location.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal)
            .Replace(">", "&gt;", StringComparison.Ordinal).Replace("\"", "&#34;", StringComparison.Ordinal)
            .Replace("'", "&#39;", StringComparison.Ordinal);
        return x.TextAsync(get ? 301 : 307, get ? $"<a href=\"{href}\">Moved Permanently</a>.\n\n" : string.Empty, "text/html; charset=utf-8");
    }

    private static Dictionary<string, Func<Exchange, Task>>? Find(string path, out string routeValue)
    {
        routeValue = string.Empty;
        if (s_routes.TryGetValue(path, out var methods))
        {
            return methods;
        }

        if (TryParam(path, BlobPrefix, out routeValue))
        {
            return s_blobRoutes;
        }

        if (TryParam(path, UserKeysPrefix, out routeValue))
        {
            return s_userKeyRoutes;
        }

        return null;
    }

    private static bool TryParam(string path, string prefix, out string value)
    {
        value = string.Empty;
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var rest = path[prefix.Length..];
        if (rest.Length == 0 || rest.Contains('/'))
        {
            return false;
        }

        value = Uri.UnescapeDataString(rest);
        return true;
    }
}
