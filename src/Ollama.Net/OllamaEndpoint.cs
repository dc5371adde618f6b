using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Ollama.Net;

/// <summary>
/// Turns an <c>OLLAMA_HOST</c>-style value into the server's base <see cref="Uri"/>, with the same rules as the
/// official Ollama tools: <c>""</c> → <c>http://127.0.0.1:11434</c>, <c>example.com</c> → <c>http://example.com:11434</c>,
/// <c>https://example.com/ollama</c> → <c>https://example.com:443/ollama</c>, <c>ollama.com</c> →
/// <c>https://ollama.com:443</c>, <c>0.0.0.0</c> → <c>127.0.0.1</c>.
/// </summary>
public static class OllamaEndpoint
{
    /// <summary>The name of the environment variable that holds the server address: <c>OLLAMA_HOST</c>.</summary>
    public const string HostEnvironmentVariable = "OLLAMA_HOST";

    /// <summary>The name of the environment variable that holds the API key for ollama.com: <c>OLLAMA_API_KEY</c>.</summary>
    public const string ApiKeyEnvironmentVariable = "OLLAMA_API_KEY";

    /// <summary>The port a local Ollama server listens on: 11434.</summary>
    public const int DefaultPort = 11434;

    /// <summary>The default address, <c>http://127.0.0.1:11434</c>.</summary>
    public static Uri Default { get; } = new("http://127.0.0.1:11434");

    /// <summary>Parses the <c>OLLAMA_HOST</c> environment variable (the default address when it is unset or empty).</summary>
    /// <returns>The base address.</returns>
    /// <exception cref="FormatException">The variable is set to something that cannot be a host.</exception>
    public static Uri FromEnvironment() => Parse(Environment.GetEnvironmentVariable(HostEnvironmentVariable));

    /// <summary>
    /// Parses an <c>OLLAMA_HOST</c>-style value. Rules: white space and surrounding quotes are trimmed; without a scheme
    /// the scheme is <c>http</c> and the default port 11434, with <c>http://</c> it is 80, with <c>https://</c> 443; the
    /// exact value <c>ollama.com</c> means <c>https://ollama.com:443</c>; a path after the host is kept as a base path
    /// (a trailing <c>/</c> is dropped); IPv6 works with or without brackets; an empty host means <c>127.0.0.1</c>;
    /// the bind addresses <c>0.0.0.0</c> and <c>[::]</c> (with any zone) become <c>127.0.0.1</c> and <c>[::1]</c>; a port that is not a
    /// number in 0–65535 falls back to the default port. Refused: credentials (<c>user:password@host</c>; send a key
    /// with <c>OLLAMA_API_KEY</c> instead), a host made of digits and dots that is not four numbers 0–255
    /// (<c>65536</c> or <c>127.1</c>, which would be read as other IPv4 addresses), and a host name with invisible or
    /// direction-changing characters or an invalid internationalized (IDN) form.
    /// </summary>
    /// <param name="value">The value, for example <c>localhost:11434</c>; null or empty gives <see cref="Default"/>.</param>
    /// <returns>The absolute base address (http or https).</returns>
    /// <exception cref="FormatException">
    /// The value cannot be a host; the message quotes it (with any credentials masked and control characters escaped).
    /// </exception>
    public static Uri Parse(string? value)
    {
        if (TryParse(value, out var uri, out var error))
        {
            return uri;
        }

        throw new FormatException($"\"{Internal.ErrorParser.Escape(HideUserInfo(value ?? string.Empty))}\" is not a valid Ollama address: {error} Use a value such as \"127.0.0.1:11434\", \"http://my-server:11434\" or \"https://example.com/ollama\".");
    }

    /// <summary>Tries to parse an <c>OLLAMA_HOST</c>-style value (see <see cref="Parse(string?)"/>).</summary>
    /// <param name="value">The value.</param>
    /// <param name="endpoint">The base address when the value is valid.</param>
    /// <returns>True when the value is valid.</returns>
    public static bool TryParse(string? value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Uri? endpoint)
        => TryParse(value, out endpoint, out _);

    private static bool TryParse(string? value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Uri? endpoint, out string error)
    {
        endpoint = null;
        error = string.Empty;
        var text = (value ?? string.Empty).Trim().Trim('"', '\'').Trim();

        if (text.Equals("ollama.com", StringComparison.OrdinalIgnoreCase))
        {
            endpoint = new Uri("https://ollama.com:443");
            return true;
        }

        string scheme;
        int defaultPort;
        string hostPort;
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            scheme = "http";
            defaultPort = DefaultPort;
            hostPort = text;
        }
        else
        {
            scheme = text[..schemeEnd].ToLowerInvariant();
            hostPort = text[(schemeEnd + 3)..];
            switch (scheme)
            {
                case "http":
                    defaultPort = 80;
                    break;
                case "https":
                    defaultPort = 443;
                    break;
                default:
                    error = $"the scheme \"{text[..schemeEnd]}\" is not supported (use http or https).";
                    return false;
            }
        }

        var path = string.Empty;
        var slash = hostPort.IndexOf('/');
        if (slash >= 0)
        {
            // A backslash becomes '/' in an http URI: normalize first so that a trailing one is dropped too.
            path = hostPort[(slash + 1)..].Replace('\\', '/').TrimEnd('/');
            hostPort = hostPort[..slash];
        }

        if (hostPort.Contains('@'))
        {
            // "user:pass@host" would otherwise read as host "user", and "host:1234@evil.example" as "host".
            error = $"credentials (user:password@) are not allowed in an Ollama address. Send a key with {ApiKeyEnvironmentVariable} or OllamaClientOptions.ApiKey.";
            return false;
        }

        if (!TrySplitHostPort(hostPort, out var host, out var portText))
        {
            host = hostPort;
            portText = null;
            var unbracketed = hostPort.Trim('[', ']');
            if (unbracketed.Contains(':') && IPAddress.TryParse(unbracketed, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6)
            {
                host = unbracketed;
            }
        }

        host = host.Trim('[', ']');
        if (host.Length == 0)
        {
            host = "127.0.0.1";
        }

        var readAsIPv4 = IPAddress.TryParse(host, out var v4) && v4.AddressFamily == AddressFamily.InterNetwork;
        if ((readAsIPv4 || host.AsSpan().IndexOfAnyExcept("0123456789.") < 0) && !(readAsIPv4 && v4!.ToString() == host))
        {
            // IPAddress would read "65536" as 0.1.0.0, "127.1" as 127.0.0.1 and "0x7f000001" as 127.0.0.1, where Go's
            // resolver would look them up by name: refuse rather than guess.
            error = $"\"{host}\" reads as a number, so it must be an IPv4 address of four numbers 0-255 without leading zeros, such as 127.0.0.1.";
            return false;
        }

        if (IPAddress.TryParse(host, out var address))
        {
            if (address.Equals(IPAddress.Any))
            {
                address = IPAddress.Loopback;
            }
            else if (address.AddressFamily == AddressFamily.InterNetworkV6 && new IPAddress(address.GetAddressBytes()).Equals(IPAddress.IPv6Any))
            {
                address = IPAddress.IPv6Loopback;
            }

            host = address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        }
        else if (HasInvisibleCharacter(host))
        {
            error = "the host name holds an invisible or direction-changing character (a control, format or bidi character).";
            return false;
        }
        else if (!IsPlausibleHostName(host))
        {
            error = $"\"{host}\" is not a valid host name.";
            return false;
        }
        else if (!HasValidIdnForm(host))
        {
            error = $"\"{host}\" is not a valid host name: it has no valid internationalized (IDN, punycode) form.";
            return false;
        }

        var port = defaultPort;
        if (portText is not null &&
            int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedPort) &&
            parsedPort is >= 0 and <= 65535)
        {
            port = parsedPort;
        }

        var builder = new UriBuilder(scheme, host.Replace("%", "%25", StringComparison.Ordinal), port);
        if (path.Length > 0)
        {
            builder.Path = "/" + path;
        }

        try
        {
            endpoint = Canonical(builder.Uri);
        }
        catch (UriFormatException ex)
        {
            error = ex.Message;
            return false;
        }

        return true;
    }

    // The path as Uri normalizes it (dot segments resolved, characters escaped), without a trailing '/' and with quotes
    // escaped (a quote at the end would be trimmed as a surrounding quote), so that parsing AbsoluteUri gives it back.
    private static Uri Canonical(Uri uri)
    {
        var path = uri.AbsolutePath;
        var canonical = path.TrimEnd('/').Replace("'", "%27", StringComparison.Ordinal);
        return canonical == path || (canonical.Length == 0 && path == "/")
            ? uri
            : new Uri(uri.GetLeftPart(UriPartial.Authority) + canonical);
    }

    private static bool HasInvisibleCharacter(string host)
    {
        foreach (var c in host)
        {
            if (char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                return true;
            }
        }

        return false;
    }

    // The name a resolver would be asked for: a host whose IDN (punycode) form is invalid cannot be reached. An ASCII
    // name is that form already, unless a label is punycode ("xn--"): then it must decode ("xn--zz" does not).
    private static bool HasValidIdnForm(string host)
    {
        bool ascii = Ascii.IsValid(host);
        if (ascii && !host.Contains("xn--", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        try
        {
            var idn = new IdnMapping();
            _ = ascii ? idn.GetUnicode(host) : idn.GetAscii(host);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    // The value with the user info of its authority (what comes before an '@') masked, for messages.
    private static string HideUserInfo(string value)
    {
        var authorityStart = value.IndexOf("://", StringComparison.Ordinal) is var scheme and >= 0 ? scheme + 3 : 0;
        var authorityEnd = value.IndexOf('/', authorityStart) is var slash and >= 0 ? slash : value.Length;
        var at = authorityEnd > authorityStart ? value.LastIndexOf('@', authorityEnd - 1, authorityEnd - authorityStart) : -1;
        return at < 0 ? value : string.Concat(value.AsSpan(0, authorityStart), "***", value.AsSpan(at));
    }

    // Host names are checked loosely (container names such as "ollama_server" must work): no white space, no URI delimiters.
    private static bool IsPlausibleHostName(string host)
    {
        foreach (var c in host)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || "/\\?#@<>\"'`^{}|[]:%,;".Contains(c))
            {
                return false;
            }
        }

        return Uri.CheckHostName(host) != UriHostNameType.Unknown || Uri.TryCreate($"http://{host}/", UriKind.Absolute, out _);
    }

    // Like Go's net.SplitHostPort: "host:port", "[v6]:port"; fails for a missing port or an unbracketed IPv6 address.
    private static bool TrySplitHostPort(string hostPort, out string host, out string? port)
    {
        host = hostPort;
        port = null;
        var colon = hostPort.LastIndexOf(':');
        if (colon < 0)
        {
            return false;
        }

        if (hostPort.StartsWith('['))
        {
            var close = hostPort.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 != colon)
            {
                return false;
            }

            host = hostPort[1..close];
        }
        else
        {
            host = hostPort[..colon];
            if (host.Contains(':'))
            {
                return false;
            }
        }

        port = hostPort[(colon + 1)..];
        return true;
    }
}
