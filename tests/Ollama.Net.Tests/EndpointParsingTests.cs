using Ollama.Net.Tests.Infrastructure;

namespace Ollama.Net.Tests;

public class EndpointParsingTests
{
    [Theory]
    // The examples of spec §2.1.
    [InlineData("", "http://127.0.0.1:11434")]
    [InlineData("1.2.3.4", "http://1.2.3.4:11434")]
    [InlineData("example.com", "http://example.com:11434")]
    [InlineData("example.com:1234", "http://example.com:1234")]
    [InlineData(":1234", "http://127.0.0.1:1234")]
    [InlineData("[::1]", "http://[::1]:11434")]
    [InlineData("http://1.2.3.4", "http://1.2.3.4:80")]
    [InlineData("https://1.2.3.4", "https://1.2.3.4:443")]
    [InlineData(":66000", "http://127.0.0.1:11434")]
    [InlineData("https://example.com/ollama", "https://example.com:443/ollama")]
    [InlineData("ollama.com", "https://ollama.com:443")]
    [InlineData("::1", "http://[::1]:11434")]
    [InlineData("0.0.0.0", "http://127.0.0.1:11434")]
    [InlineData("[::]", "http://[::1]:11434")]
    // More cases.
    [InlineData(null, "http://127.0.0.1:11434")]
    [InlineData("   ", "http://127.0.0.1:11434")]
    [InlineData("  example.com:1234  ", "http://example.com:1234")]
    [InlineData("\"example.com:1234\"", "http://example.com:1234")]
    [InlineData("'example.com'", "http://example.com:11434")]
    [InlineData(" \"http://10.0.0.5:8080\" ", "http://10.0.0.5:8080")]
    [InlineData("http://example.com", "http://example.com:80")]
    [InlineData("https://example.com", "https://example.com:443")]
    [InlineData("http://example.com:11434", "http://example.com:11434")]
    [InlineData("https://example.com:8443/", "https://example.com:8443")]
    [InlineData("https://example.com/ollama/", "https://example.com:443/ollama")]
    [InlineData("example.com/proxy/ollama", "http://example.com:11434/proxy/ollama")]
    [InlineData("http://example.com:8080/a/b/", "http://example.com:8080/a/b")]
    [InlineData("[::1]:8080", "http://[::1]:8080")]
    [InlineData("http://[::1]", "http://[::1]:80")]
    [InlineData("https://[2001:db8::1]:9000/x", "https://[2001:db8::1]:9000/x")]
    [InlineData("2001:db8::1", "http://[2001:db8::1]:11434")]
    [InlineData("0.0.0.0:8080", "http://127.0.0.1:8080")]
    [InlineData("[::]:8080", "http://[::1]:8080")]
    [InlineData("::", "http://[::1]:11434")]
    [InlineData("http://0.0.0.0", "http://127.0.0.1:80")]
    [InlineData("example.com:abc", "http://example.com:11434")]
    [InlineData("example.com:-1", "http://example.com:11434")]
    [InlineData("example.com:65535", "http://example.com:65535")]
    [InlineData("example.com:65536", "http://example.com:11434")]
    [InlineData("localhost", "http://localhost:11434")]
    [InlineData("ollama_server:11434", "http://ollama_server:11434")]
    [InlineData("HTTPS://Example.com", "https://example.com:443")]
    [InlineData("http://:1234", "http://127.0.0.1:1234")]
    [InlineData("https://ollama.com", "https://ollama.com:443")]
    public void Parse_follows_the_OLLAMA_HOST_rules(string? value, string expected)
    {
        var uri = OllamaEndpoint.Parse(value);
        var want = new Uri(expected);
        Assert.Equal(want.Scheme, uri.Scheme);
        Assert.Equal(want.Host, uri.Host);
        Assert.Equal(want.Port, uri.Port);
        Assert.Equal(want.AbsolutePath.TrimEnd('/'), uri.AbsolutePath.TrimEnd('/'));
        Assert.False(uri.AbsolutePath.Length > 1 && uri.AbsolutePath.EndsWith('/'), "a trailing slash must be dropped");
    }

    // Found by HostParserProperties: dot segments that Uri resolves into a trailing '/', a trailing quote (trimmed as a
    // surrounding quote on the next parse) and the unspecified IPv6 address with a zone.
    [Theory]
    [InlineData("//.", "http://127.0.0.1:11434/")]
    [InlineData("example.com/a/.", "http://example.com:11434/a")]
    [InlineData("example.com/a/b/..", "http://example.com:11434/a")]
    [InlineData("example.com/-\"'/", "http://example.com:11434/-%22%27")]
    [InlineData("http://::%25 ", "http://[::1]/")]
    public void Parse_gives_a_canonical_address_that_parses_to_itself(string value, string expected)
    {
        var uri = OllamaEndpoint.Parse(value);

        Assert.Equal(expected, uri.AbsoluteUri);
        Assert.Equal(uri, OllamaEndpoint.Parse(uri.AbsoluteUri));
    }

    [Theory]
    [InlineData("ftp://example.com")]
    [InlineData("exa mple.com")]
    [InlineData("example.com:80:90")]
    [InlineData("http://exa<mple.com")]
    [InlineData("ws://example.com")]
    public void Parse_rejects_values_that_cannot_be_a_host_and_quotes_them(string value)
    {
        var ex = Assert.Throws<FormatException>(() => OllamaEndpoint.Parse(value));
        Assert.Contains($"\"{value}\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_reports_success_and_failure()
    {
        Assert.True(OllamaEndpoint.TryParse("example.com", out var uri));
        Assert.Equal(11434, uri!.Port);
        Assert.False(OllamaEndpoint.TryParse("ftp://x", out var bad));
        Assert.Null(bad);
    }

    [Fact]
    public void Default_is_loopback_11434()
    {
        Assert.Equal(new Uri("http://127.0.0.1:11434"), OllamaEndpoint.Default);
    }

    [Theory]
    [InlineData("https://example.com/ollama", "https://example.com/ollama/api/chat")]
    [InlineData("https://example.com/ollama/", "https://example.com/ollama/api/chat")]
    [InlineData("http://127.0.0.1:11434", "http://127.0.0.1:11434/api/chat")]
    [InlineData("http://127.0.0.1:11434/", "http://127.0.0.1:11434/api/chat")]
    [InlineData("http://host:1/a/b", "http://host:1/a/b/api/chat")]
    public async Task Requests_are_built_relative_to_the_base_path(string endpoint, string expected)
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"model":"m","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":"hi"},"done":true}""");
        using var client = TestClient.Create(handler, o => o.Endpoint = new Uri(endpoint));
        await client.ChatAsync(new ChatRequest("m", Message.User("hi")));
        Assert.Equal(new Uri(expected), handler.LastRequest.Uri);
    }

    [Fact]
    public async Task A_parsed_base_path_is_used_for_requests()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"version":"0.1.0"}""");
        using var client = TestClient.Create(handler, o => o.Endpoint = OllamaEndpoint.Parse("https://example.com/ollama"));
        await client.GetVersionAsync();
        Assert.Equal("https://example.com/ollama/api/version", handler.LastRequest.Uri.AbsoluteUri);
    }

    [Theory]
    [InlineData("http://user:s3cret-pw@myhost", "\"http://***@myhost\"")]
    [InlineData("user:s3cret-pw@myhost:11434", "\"***@myhost:11434\"")]
    [InlineData("http://myhost:1234@evil.example", "\"http://***@evil.example\"")]
    [InlineData("https://s3cret-pw@myhost/ollama", "\"https://***@myhost/ollama\"")]
    [InlineData("user@example.com", "\"***@example.com\"")]
    public void Parse_refuses_credentials_without_quoting_them(string value, string quoted)
    {
        var ex = Assert.Throws<FormatException>(() => OllamaEndpoint.Parse(value));

        Assert.Contains("credentials (user:password@) are not allowed", ex.Message, StringComparison.Ordinal);
        Assert.Contains(quoted, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret-pw", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("myhost:1234@", ex.Message, StringComparison.Ordinal);
        Assert.False(OllamaEndpoint.TryParse(value, out _));
    }

    [Theory]
    [InlineData("65536", "reads as a number, so it must be an IPv4 address of four numbers 0-255")]
    [InlineData("http://65536:8080", "reads as a number")]
    [InlineData("127.1", "reads as a number")]
    [InlineData("0x7f000001", "reads as a number")]
    [InlineData("127.000.000.001", "reads as a number")]
    [InlineData("999.1.1.1", "reads as a number")]
    [InlineData("\u202E\u202D", "invisible or direction-changing character")]
    [InlineData("http://exam\u202Eple.com", "invisible or direction-changing character")]
    [InlineData("a\u200Bb.example", "invisible or direction-changing character")]
    public void Parse_refuses_numbers_that_are_not_IPv4_addresses_and_invisible_characters_explaining_the_rule(string value, string rule)
    {
        var ex = Assert.Throws<FormatException>(() => OllamaEndpoint.Parse(value));

        Assert.Contains(rule, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotMatch("[\u200B\u202D\u202E]", ex.Message); // quoted escaped, not raw
        Assert.False(OllamaEndpoint.TryParse(value, out _));
    }

    [Fact]
    public void Parse_refuses_a_host_without_a_valid_IDN_form()
    {
        var tooLongLabel = new string('\u00FC', 70) + ".example"; // its punycode label is longer than 63 characters

        var ex = Assert.Throws<FormatException>(() => OllamaEndpoint.Parse(tooLongLabel));

        Assert.Contains("no valid internationalized (IDN, punycode) form", ex.Message, StringComparison.Ordinal);
        Assert.Equal("xn--mnchen-3ya.example", OllamaEndpoint.Parse("münchen.example").IdnHost); // a valid IDN still works
    }

    [Theory]
    [InlineData("xn--zz.example")]
    [InlineData("gpu1.xn--")]
    [InlineData("XN--LLO-WKA:11434")]
    [InlineData("http://xn--ab--c.example")]
    public void Parse_refuses_an_ASCII_host_whose_punycode_label_does_not_decode(string value)
    {
        var ex = Assert.Throws<FormatException>(() => OllamaEndpoint.Parse(value));

        Assert.Contains("no valid internationalized (IDN, punycode) form", ex.Message, StringComparison.Ordinal);
        Assert.False(OllamaEndpoint.TryParse(value, out _));
    }

    [Theory]
    [InlineData("xn--mnchen-3ya.example", "xn--mnchen-3ya.example")]
    [InlineData("gpu1.XN--P1AI", "gpu1.xn--p1ai")]
    [InlineData("box-xn--1.example", "box-xn--1.example")] // "xn--" inside a label is no punycode prefix, and is allowed
    public void Parse_accepts_an_ASCII_host_whose_punycode_decodes(string value, string idnHost)
    {
        Assert.Equal(idnHost, OllamaEndpoint.Parse(value).IdnHost);
    }

    [Fact]
    public void Endpoint_never_returns_user_info()
    {
        var error = Assert.Throws<ArgumentException>(() => new OllamaClient(new Uri("http://user:s3cret-pw@myhost:11434")));

        Assert.DoesNotContain("s3cret-pw", error.Message, StringComparison.Ordinal);
        using var client = new OllamaClient(OllamaEndpoint.Parse("myhost:11434"));
        Assert.Empty(client.Endpoint.UserInfo);
    }
}
