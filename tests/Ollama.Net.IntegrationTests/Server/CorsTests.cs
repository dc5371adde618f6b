using Ollama.Net.Testing;

namespace Ollama.Net.IntegrationTests.Server;

/// <summary>
/// Ollama's CORS middleware (gin-contrib/cors with the configuration of server/routes.go and OLLAMA_ORIGINS) and its
/// Host-header check for a loopback server (allowedHostsMiddleware).
/// </summary>
public class CorsTests
{
    private const string AllowHeaders =
        "Authorization,Content-Type,User-Agent,Accept,X-Requested-With,Openai-Beta,X-Stainless-Arch,X-Stainless-Async,"
        + "X-Stainless-Custom-Poll-Interval,X-Stainless-Helper-Method,X-Stainless-Lang,X-Stainless-Os,X-Stainless-Package-Version,"
        + "X-Stainless-Poll-Helper,X-Stainless-Retry-Count,X-Stainless-Runtime,X-Stainless-Runtime-Version,X-Stainless-Timeout";

    [Theory]
    [InlineData("http://localhost")]
    [InlineData("http://localhost:5173")]
    [InlineData("https://127.0.0.1:8443")]
    [InlineData("http://0.0.0.0:3000")]
    [InlineData("app://obsidian.md")]
    [InlineData("tauri://localhost")]
    [InlineData("vscode-webview://abc")]
    [InlineData("file://")]
    public async Task Default_origins_get_their_origin_back_and_vary_on_origin(string origin)
    {
        await using var server = await Wire.StartAsync(Wire.Chat());
        using var http = Wire.Client(server);

        var r = await SendAsync(http, HttpMethod.Get, "/api/tags", origin);

        Assert.Equal(200, r.Status);
        Assert.Equal(origin, Header(r, "Access-Control-Allow-Origin"));
        Assert.Equal("Origin", Header(r, "Vary"));
        Assert.Null(Header(r, "Access-Control-Allow-Methods"));
    }

    [Fact]
    public async Task A_preflight_from_an_allowed_origin_is_204_with_ollamas_methods_headers_and_max_age()
    {
        await using var server = await Wire.StartAsync(Wire.Chat());
        using var http = Wire.Client(server);

        var r = await SendAsync(http, HttpMethod.Options, "/api/chat", "http://localhost:5173", ("Access-Control-Request-Method", "POST"));

        Assert.Equal(204, r.Status);
        Assert.Empty(r.Bytes);
        Assert.Null(r.ContentType);
        Assert.Equal("http://localhost:5173", Header(r, "Access-Control-Allow-Origin"));
        Assert.Equal("GET,POST,PUT,PATCH,DELETE,HEAD,OPTIONS", Header(r, "Access-Control-Allow-Methods"));
        Assert.Equal(AllowHeaders, Header(r, "Access-Control-Allow-Headers"));
        Assert.Equal("43200", Header(r, "Access-Control-Max-Age"));
        Assert.Equal(["Origin", "Access-Control-Request-Method", "Access-Control-Request-Headers"], r.Headers.GetValues("Vary"));
    }

    [Theory]
    [InlineData("GET", "/api/tags")]
    [InlineData("POST", "/api/chat")]
    [InlineData("OPTIONS", "/api/chat")]
    [InlineData("GET", "/no/such/path")]
    public async Task Any_other_origin_is_403_with_an_empty_body_on_every_path(string method, string path)
    {
        await using var server = await Wire.StartAsync(Wire.Chat());
        server.Replies.Enqueue("m", "unused");
        using var http = Wire.Client(server);

        var r = await SendAsync(http, new HttpMethod(method), path, "https://evil.example");

        Assert.Equal(403, r.Status);
        Assert.Empty(r.Bytes);
        Assert.Null(r.ContentType);
        Assert.Null(Header(r, "Access-Control-Allow-Origin"));
        Assert.Equal(1, server.Replies.Pending);
    }

    [Fact]
    public async Task Origins_are_matched_as_sent_and_the_configured_ones_are_allowed_too()
    {
        var options = new OllamaTestServerOptions { AllowedOrigins = { "https://App.Example", "chrome-extension://*", "https://*.corp.example" } };
        await using var server = await OllamaTestServer.StartAsync(options);
        using var http = Wire.Client(server);

        Assert.Equal(200, (await SendAsync(http, HttpMethod.Get, "/", "https://app.example")).Status);        // listed exactly (lower-cased)
        Assert.Equal(403, (await SendAsync(http, HttpMethod.Get, "/", "https://App.Example")).Status);        // the Origin is not lower-cased
        Assert.Equal(200, (await SendAsync(http, HttpMethod.Get, "/", "chrome-extension://abcdef")).Status);
        Assert.Equal(200, (await SendAsync(http, HttpMethod.Get, "/", "https://wiki.corp.example")).Status);
        Assert.Equal(403, (await SendAsync(http, HttpMethod.Get, "/", "https://corp.example.evil")).Status);
        Assert.Equal(403, (await SendAsync(http, HttpMethod.Get, "/", "HTTP://LOCALHOST")).Status);
    }

    [Fact]
    public async Task A_star_allows_every_origin_with_a_star_and_no_vary()
    {
        await using var server = await OllamaTestServer.StartAsync(new OllamaTestServerOptions { AllowedOrigins = { "*" } });
        using var http = Wire.Client(server);

        var get = await SendAsync(http, HttpMethod.Get, "/", "https://anywhere.example");
        var preflight = await SendAsync(http, HttpMethod.Options, "/api/chat", "https://anywhere.example");

        Assert.Equal(200, get.Status);
        Assert.Equal("*", Header(get, "Access-Control-Allow-Origin"));
        Assert.Null(Header(get, "Vary"));
        Assert.Equal(204, preflight.Status);
        Assert.Equal("*", Header(preflight, "Access-Control-Allow-Origin"));
        Assert.Null(Header(preflight, "Vary"));
    }

    [Fact]
    public async Task A_same_origin_request_is_not_treated_as_cors()
    {
        await using var server = await Wire.StartAsync(Wire.Chat());
        using var http = Wire.Client(server);

        var r = await SendAsync(http, HttpMethod.Get, "/", server.Endpoint.GetLeftPart(UriPartial.Authority));

        Assert.Equal(200, r.Status);
        Assert.Null(Header(r, "Access-Control-Allow-Origin"));
        Assert.Null(Header(r, "Vary"));
    }

    [Theory]
    [InlineData("ftp://files.example")]
    [InlineData("files.example")]
    [InlineData("https://*.a.*")]
    public async Task Origins_that_gin_contrib_cors_rejects_are_refused_at_start(string origin)
    {
        var options = new OllamaTestServerOptions { AllowedOrigins = { origin } };
        var e = await Assert.ThrowsAsync<ArgumentException>("AllowedOrigins", () => OllamaTestServer.StartAsync(options));
        Assert.Contains(origin, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:11434")]
    [InlineData("[::1]:11434")]
    [InlineData("10.1.2.3:80")]
    [InlineData("192.168.0.9")]
    [InlineData("0.0.0.0:11434")]
    [InlineData("localhost:11434")]
    [InlineData("LOCALHOST")]
    [InlineData("ollama.localhost")]
    [InlineData("gpu-box.local:11434")]
    [InlineData("ollama.internal")]
    public async Task Loopback_private_and_local_hosts_are_served(string host)
    {
        await using var server = await Wire.StartAsync(Wire.Chat());
        using var http = Wire.Client(server);

        var r = await SendAsync(http, HttpMethod.Get, "/api/version", host: host);

        Assert.Equal(200, r.Status);
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:11434")]
    [InlineData("8.8.8.8:11434")]
    [InlineData("127.1:11434")]       // not an address to Go's netip, not an allowed name
    [InlineData("localhost.evil.example")]
    public async Task Other_hosts_get_403_with_an_empty_body(string host)
    {
        await using var server = await Wire.StartAsync(Wire.Chat());
        using var http = Wire.Client(server);

        var r = await SendAsync(http, HttpMethod.Get, "/api/version", host: host);

        Assert.Equal(403, r.Status);
        Assert.Empty(r.Bytes);
        Assert.Null(r.ContentType);
    }

    [Fact]
    public async Task An_allowed_host_name_answers_options_with_204_but_an_address_goes_to_routing()
    {
        await using var server = await Wire.StartAsync(Wire.Chat());
        using var http = Wire.Client(server);

        var byName = await SendAsync(http, HttpMethod.Options, "/api/chat", host: "localhost");
        var byAddress = await SendAsync(http, HttpMethod.Options, "/api/chat", host: "127.0.0.1");

        Assert.Equal(204, byName.Status);
        Assert.Empty(byName.Bytes);
        Assert.Equal(405, byAddress.Status);
        Assert.Equal("405 method not allowed", byAddress.Text);
    }

    [Fact]
    public async Task AllowAnyHost_serves_every_host_as_ollama_on_a_public_address_does()
    {
        await using var server = await OllamaTestServer.StartAsync(new OllamaTestServerOptions { AllowAnyHost = true });
        using var http = Wire.Client(server);

        Assert.Equal(200, (await SendAsync(http, HttpMethod.Get, "/api/version", host: "evil.example")).Status);
        Assert.Equal(403, (await SendAsync(http, HttpMethod.Get, "/api/version", "https://other.example", host: "evil.example")).Status);
    }

    private static string? Header(Wire.Reply r, string name) =>
        r.Headers.TryGetValues(name, out var v) || r.ContentHeaders.TryGetValues(name, out v) ? string.Join(", ", v) : null;

    private static async Task<Wire.Reply> SendAsync(
        HttpClient http, HttpMethod method, string path, string? origin = null, (string Name, string Value)? header = null, string? host = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (header is { } h)
        {
            request.Headers.Add(h.Name, h.Value);
        }

        if (host is not null)
        {
            request.Headers.Host = host;
        }

        if (method == HttpMethod.Post)
        {
            request.Content = Wire.Json("""{"model":"m","stream":false,"messages":[{"role":"user","content":"hi"}]}""");
        }

        using var response = await http.SendAsync(request);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return new Wire.Reply((int)response.StatusCode, response.Content.Headers.ContentType, bytes, response.Headers, response.Content.Headers);
    }
}
