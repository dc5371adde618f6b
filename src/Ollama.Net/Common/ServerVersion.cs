using System.Globalization;
using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>The server version reported by <c>GET /api/version</c>, such as <c>0.33.0-rc2</c>.</summary>
public sealed class ServerVersion
{
    /// <summary>The version string exactly as the server sent it.</summary>
    [JsonPropertyName("version")]
    public string Version { get; set; } = string.Empty;

    /// <summary>
    /// The numeric part parsed as a <see cref="System.Version"/> (<c>0.33.0</c> for <c>0.33.0-rc2</c>), or null when it does not
    /// parse.
    /// </summary>
    [JsonIgnore]
    public Version? ParsedVersion
    {
        get
        {
            var text = Version.AsSpan().Trim();
            if (text.StartsWith("v") || text.StartsWith("V"))
            {
                text = text[1..];
            }

            var end = text.IndexOfAny('-', '+', ' ');
            if (end >= 0)
            {
                text = text[..end];
            }

            if (text.IndexOf('.') < 0 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var major))
            {
                return new Version(major, 0);
            }

            return global::System.Version.TryParse(text, out var version) ? version : null;
        }
    }

    /// <summary>The pre-release suffix (<c>rc2</c> for <c>0.33.0-rc2</c>), or null for a release build.</summary>
    [JsonIgnore]
    public string? PreRelease
    {
        get
        {
            var dash = Version.IndexOf('-', StringComparison.Ordinal);
            return dash >= 0 && dash < Version.Length - 1 ? Version[(dash + 1)..] : null;
        }
    }

    /// <summary>Returns <see cref="Version"/>.</summary>
    public override string ToString() => Version;
}
