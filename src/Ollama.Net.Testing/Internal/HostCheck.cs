using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace Ollama.Net.Testing.Internal;

/// <summary>
/// Ollama's <c>allowedHostsMiddleware</c> (<c>server/routes.go</c>) for a server listening on loopback: the
/// <c>Host</c> header must name a loopback, private, unspecified or local IP address, <c>localhost</c>, the machine's
/// host name, or a name under <c>.localhost</c>, <c>.local</c> or <c>.internal</c>; anything else is 403 with an empty
/// body (a defence against DNS rebinding). An allowed name (not an address) answers <c>OPTIONS</c> with 204.
/// </summary>
internal static class HostCheck
{
    private static readonly string[] s_localTlds = [".localhost", ".local", ".internal"];

    /// <summary>Returns null to go on, or the status that ends the request with an empty body.</summary>
    public static int? Apply(HttpContext context)
    {
        var hostHeader = context.Request.Host.Value ?? string.Empty;
        var host = SplitHostPort(hostHeader) ?? hostHeader;
        if (ParseAddress(host) is { } address)
        {
            if (IPAddress.IsLoopback(address) || IsPrivate(address) || address.Equals(IPAddress.Any)
                || address.Equals(IPAddress.IPv6Any) || IsLocalInterface(address))
            {
                return null;
            }
        }

        if (AllowedName(host))
        {
            return HttpMethods.IsOptions(context.Request.Method) ? 204 : null;
        }

        return 403;
    }

    private static bool AllowedName(string host)
    {
        host = host.ToLowerInvariant();
        if (host.Length == 0 || host == "localhost")
        {
            return true;
        }

        if (host == Dns.GetHostName().ToLowerInvariant())
        {
            return true;
        }

        return s_localTlds.Any(tld => host.EndsWith(tld, StringComparison.Ordinal));
    }

    /// <summary>Go's <c>net.SplitHostPort</c>: the host, or null when the value has no port (or is malformed).</summary>
    private static string? SplitHostPort(string value)
    {
        if (value.StartsWith('['))
        {
            var end = value.IndexOf(']', StringComparison.Ordinal);
            return end > 0 && end + 1 < value.Length && value[end + 1] == ':' && value.IndexOf(':', end + 2) < 0
                ? value[1..end]
                : null;
        }

        var colon = value.LastIndexOf(':');
        return colon >= 0 && value.IndexOf(':', StringComparison.Ordinal) == colon && value.IndexOf('[', StringComparison.Ordinal) < 0
            ? value[..colon]
            : null;
    }

    /// <summary>Go's <c>netip.ParseAddr</c>: dotted-decimal IPv4 (four parts, no leading zeros) or IPv6; IPv4-mapped addresses are unmapped.</summary>
    private static IPAddress? ParseAddress(string host)
    {
        if (host.Contains(':', StringComparison.Ordinal))
        {
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return null;
            }

            return v6.IsIPv4MappedToIPv6 ? v6.MapToIPv4() : v6;
        }

        var parts = host.Split('.');
        if (parts.Length != 4 || parts.Any(p => p.Length is 0 or > 3 || (p.Length > 1 && p[0] == '0') || !p.All(char.IsAsciiDigit)
            || int.Parse(p, CultureInfo.InvariantCulture) > 255))
        {
            return null;
        }

        return IPAddress.Parse(host);
    }

    /// <summary>Go's <c>netip.Addr.IsPrivate</c>: 10/8, 172.16/12, 192.168/16 and fc00::/7.</summary>
    private static bool IsPrivate(IPAddress address)
    {
        var b = address.GetAddressBytes();
        return address.AddressFamily == AddressFamily.InterNetwork
            ? b[0] == 10 || (b[0] == 172 && (b[1] & 0xF0) == 16) || (b[0] == 192 && b[1] == 168)
            : (b[0] & 0xFE) == 0xFC;
    }

    /// <summary>Go's <c>isLocalIP</c>: an address of one of this machine's network interfaces.</summary>
    private static bool IsLocalInterface(IPAddress address)
    {
        try
        {
            return NetworkInterface.GetAllNetworkInterfaces()
                .SelectMany(i => i.GetIPProperties().UnicastAddresses)
                .Any(a => a.Address.Equals(address));
        }
        catch (NetworkInformationException)
        {
            return false;
        }
    }
}
