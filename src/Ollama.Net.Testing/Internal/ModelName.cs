namespace Ollama.Net.Testing.Internal;

/// <summary>Ollama model names: <c>[host/][namespace/]model[:tag]</c>, tag defaulting to <c>latest</c>.</summary>
internal static class ModelName
{
    private const string DefaultHost = "registry.ollama.ai";
    private const string DefaultNamespace = "library";

    /// <summary>
    /// Returns the short display form (<c>qwen2.5:0.5b</c>, <c>all-minilm:latest</c>, <c>me/model:tag</c>), or null when the
    /// name is not valid.
    /// </summary>
    public static string? Normalize(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var s = name.Trim();
        var at = s.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            s = s[..at];
        }

        var slash = s.LastIndexOf('/');
        var colon = s.LastIndexOf(':');
        string tag = "latest";
        if (colon > slash)
        {
            tag = s[(colon + 1)..];
            s = s[..colon];
        }

        var parts = s.Split('/');
        if (parts.Length > 3)
        {
            return null;
        }

        var model = parts[^1];
        var ns = parts.Length >= 2 ? parts[^2] : DefaultNamespace;
        var host = parts.Length == 3 ? parts[0] : DefaultHost;

        if (!IsValidPart(model, 80) || !IsValidPart(tag, 80, allowUnderscoreFirst: true) || !IsValidPart(ns, 80)
            || !IsValidHost(host))
        {
            return null;
        }

        var prefix = string.Equals(host, DefaultHost, StringComparison.OrdinalIgnoreCase)
            ? (string.Equals(ns, DefaultNamespace, StringComparison.OrdinalIgnoreCase) ? string.Empty : ns + "/")
            : host + "/" + ns + "/";
        return prefix + model + ":" + tag;
    }

    /// <summary>The case-insensitive lookup key of a name, or null when it is not valid.</summary>
    public static string? Key(string? name) => Normalize(name)?.ToLowerInvariant();

    private static bool IsValidPart(string part, int max, bool allowUnderscoreFirst = false)
    {
        if (part.Length == 0 || part.Length > max)
        {
            return false;
        }

        for (var i = 0; i < part.Length; i++)
        {
            var c = part[i];
            var ok = char.IsAsciiLetterOrDigit(c) || (i == 0 ? allowUnderscoreFirst && c == '_' : c is '_' or '-' or '.');
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsValidHost(string host)
    {
        if (host.Length == 0 || host.Length > 350)
        {
            return false;
        }

        foreach (var c in host)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('.' or '-' or '_' or ':'))
            {
                return false;
            }
        }

        return true;
    }
}
