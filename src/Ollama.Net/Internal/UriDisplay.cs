namespace Ollama.Net.Internal;

/// <summary>Formats addresses for messages without any user info (credentials) they may carry.</summary>
internal static class UriDisplay
{
    /// <summary>Whether <paramref name="uri"/> can be a server address: absolute, http or https.</summary>
    public static bool IsHttp(Uri uri) => uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    public static string Format(Uri? uri)
    {
        if (uri is null)
        {
            return "(none)";
        }

        if (!uri.IsAbsoluteUri)
        {
            return uri.OriginalString;
        }

        return uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped).TrimEnd('/');
    }
}
