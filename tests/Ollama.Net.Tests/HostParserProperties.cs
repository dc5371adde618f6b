using CsCheck;

namespace Ollama.Net.Tests;

/// <summary>
/// <see cref="OllamaEndpoint.Parse(string?)"/> on any text: an absolute http(s) address or a <see cref="FormatException"/>,
/// nothing else; <see cref="OllamaEndpoint.TryParse(string?, out Uri?)"/> agrees with it and never throws.
/// </summary>
public class HostParserProperties
{
    /// <summary>Fragments that make plausible and implausible OLLAMA_HOST values when strung together.</summary>
    private static readonly Gen<string> HostLike =
        Gen.OneOf(
            "http://", "https://", "HTTP://", "ftp://", "://", "localhost", "127.0.0.1", "0.0.0.0", "[::1]", "::1", "[::]",
            "fe80::1%eth0", "example.com", "ollama.com", "my_host", ":", "11434", "443", "99999", "-1", "/", "//", "path",
            "%", "%25", "@", "user:pw@", " ", "\t", "\"", "'", "[", "]", "#", "?", "q=1", "é", "日本", "-", ".", "..", "\\", "\0")
            .Array[0, 8]
            .Select(parts => string.Concat(parts));

    private static readonly Gen<string> AnyText = Gen.Frequency<string>((3, HostLike), (1, Gen.String));

    [Fact]
    public void Parse_returns_an_absolute_http_address_or_throws_FormatException()
        => AnyText.Sample(text =>
        {
            Uri parsed;
            try
            {
                parsed = OllamaEndpoint.Parse(text);
            }
            catch (FormatException ex)
            {
                Assert.False(OllamaEndpoint.TryParse(text, out var none));
                Assert.Null(none);
                Assert.Contains("is not a valid Ollama address", ex.Message);
                return;
            }

            Assert.True(parsed.IsAbsoluteUri);
            Assert.Contains(parsed.Scheme, new[] { Uri.UriSchemeHttp, Uri.UriSchemeHttps });
            Assert.False(string.IsNullOrEmpty(parsed.Host));
            Assert.True(OllamaEndpoint.TryParse(text, out var again));
            Assert.Equal(parsed, again);
        }, iter: 3000);

    [Fact]
    public void A_parsed_address_parses_again_to_itself()
        => HostLike.Sample(text =>
        {
            if (OllamaEndpoint.TryParse(text, out var parsed))
            {
                Assert.True(OllamaEndpoint.TryParse(parsed.AbsoluteUri, out var reparsed), $"'{parsed.AbsoluteUri}' (from '{text}') did not parse again.");
                Assert.Equal(parsed, reparsed);
            }
        }, iter: 3000);
}
