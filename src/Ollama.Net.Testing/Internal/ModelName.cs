namespace Ollama.Net.Testing.Internal;

/// <summary>
/// Ollama model names as <c>types/model/name.go</c> parses them: <c>[host/][namespace/]model[:tag]</c>, with the host
/// <c>registry.ollama.ai</c>, the namespace <c>library</c> and the tag <c>latest</c> by default.
/// </summary>
internal static class ModelName
{
    private const string DefaultHost = "registry.ollama.ai";
    private const string DefaultNamespace = "library";
    private const string DefaultTag = "latest";
    private const string MissingPart = "!MISSING!";

    /// <summary>What <c>parseAndValidateModelRef</c> made of a request's model field.</summary>
    public enum RefStatus
    {
        /// <summary>A valid name.</summary>
        Valid,

        /// <summary>Empty or white space (<c>modelref.ErrModelRequired</c>).</summary>
        Required,

        /// <summary>Not a valid name (<c>model.ErrUnqualifiedName</c>).</summary>
        Invalid,
    }

    /// <summary>
    /// Returns the short display form (<c>DisplayShortest</c>: <c>qwen2.5:0.5b</c>, <c>all-minilm:latest</c>,
    /// <c>me/model:tag</c>), or null when the name is not valid. Nothing is trimmed, as in <c>model.ParseName</c>.
    /// </summary>
    public static string? Normalize(string? name)
    {
        if (name is null)
        {
            return null;
        }

        var (host, ns, model, tag) = Parse(name);
        if (!IsValid(host, ns, model, tag))
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

    /// <summary>The fully qualified form (<c>Name.String()</c>), e.g. <c>registry.ollama.ai/library/x:latest</c>, valid or not.</summary>
    public static string Full(string name)
    {
        var (host, ns, model, tag) = Parse(name);
        return $"{host}/{ns}/{model}:{tag}";
    }

    /// <summary>
    /// <c>parseAndValidateModelRef</c> without the <c>:cloud</c>/<c>:local</c> source suffixes: the name is trimmed, empty
    /// means <see cref="RefStatus.Required"/>, and an unparsable one <see cref="RefStatus.Invalid"/>.
    /// </summary>
    public static RefStatus Ref(string? raw, out string trimmed)
    {
        trimmed = raw?.Trim() ?? string.Empty;
        if (trimmed.Length == 0)
        {
            return RefStatus.Required;
        }

        return Normalize(trimmed) is null ? RefStatus.Invalid : RefStatus.Valid;
    }

    /// <summary>The path of a model's manifest on a Linux server, as in Go's <c>open ...</c> errors.</summary>
    public static string ManifestPath(string name)
    {
        var (host, ns, model, tag) = Parse(name);
        return $"/root/.ollama/models/manifests/{host}/{ns}/{model}/{tag}";
    }

    /// <summary><c>ParseNameBare</c> merged with the defaults.</summary>
    private static (string Host, string Namespace, string Model, string Tag) Parse(string s)
    {
        string host = string.Empty, ns = string.Empty, tag = string.Empty;
        string model;
        if (s.LastIndexOf(':') > s.LastIndexOf('/'))
        {
            (s, tag) = CutPromised(s, ':');
        }

        var slash = s.LastIndexOf('/');
        if (slash < 0)
        {
            model = s;
        }
        else
        {
            (s, model) = CutPromised(s, '/');
            slash = s.LastIndexOf('/');
            if (slash < 0)
            {
                ns = s;
            }
            else
            {
                (s, ns) = CutPromised(s, '/');
                var scheme = s.IndexOf("://", StringComparison.Ordinal);
                host = scheme >= 0 ? s[(scheme + 3)..] : s;
            }
        }

        return (
            host.Length == 0 ? DefaultHost : host,
            ns.Length == 0 ? DefaultNamespace : ns,
            model,
            tag.Length == 0 ? DefaultTag : tag);
    }

    private static (string Before, string After) CutPromised(string s, char separator)
    {
        var i = s.LastIndexOf(separator);
        var before = s[..i];
        var after = s[(i + 1)..];
        return (before.Length == 0 ? MissingPart : before, after.Length == 0 ? MissingPart : after);
    }

    private static bool IsValid(string host, string ns, string model, string tag) =>
        IsValidPart(host, 350, allowColon: true) && IsValidPart(ns, 80, allowDot: false) && IsValidPart(model, 80)
        && IsValidPart(tag, 80);

    /// <summary><c>isValidPart</c>: a letter, digit or underscore, then those or <c>-</c>, <c>.</c> (not in a namespace),
    /// <c>:</c> (only in a host).</summary>
    private static bool IsValidPart(string part, int max, bool allowDot = true, bool allowColon = false)
    {
        if (part.Length == 0 || part.Length > max)
        {
            return false;
        }

        for (var i = 0; i < part.Length; i++)
        {
            var c = part[i];
            var ok = char.IsAsciiLetterOrDigit(c) || c == '_'
                || (i > 0 && (c == '-' || (c == '.' && allowDot) || (c == ':' && allowColon)));
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
