using System.Net.Http.Json;
using Ollama.Net.Testing;

namespace Ollama.Net.IntegrationTests.Server;

public class RoutingTests
{
    [Fact]
    public async Task Endpoint_is_loopback_with_a_real_port()
    {
        await using var server = await OllamaTestServer.StartAsync();
        Assert.Equal("127.0.0.1", server.Endpoint.Host);
        Assert.NotEqual(0, server.Endpoint.Port);
        Assert.Equal("/", server.Endpoint.AbsolutePath);
    }

    [Fact]
    public async Task Root_says_ollama_is_running_as_plain_text()
    {
        await using var server = await OllamaTestServer.StartAsync();
        using var http = Wire.Client(server);
        var get = await Wire.GetAsync(http, "/");
        Assert.Equal(200, get.Status);
        Assert.Equal("Ollama is running", get.Text);
        Assert.Equal("text/plain", get.ContentType?.MediaType);

        var head = await Wire.SendAsync(http, HttpMethod.Head, "/");
        Assert.Equal(200, head.Status);
        Assert.Empty(head.Bytes);
    }

    [Fact]
    public async Task Version_reports_the_configured_version_on_get_and_head()
    {
        await using var server = await OllamaTestServer.StartAsync(new OllamaTestServerOptions { Version = "0.99.1-rc3" });
        using var http = Wire.Client(server);
        var get = await Wire.GetAsync(http, "/api/version");
        Assert.Equal("""{"version":"0.99.1-rc3"}""", get.Text);
        Assert.Equal("application/json", get.ContentType?.MediaType);
        Assert.Equal("utf-8", get.ContentType?.CharSet);

        server.Version = "1.2.3";
        Assert.Equal("""{"version":"1.2.3"}""", (await Wire.GetAsync(http, "/api/version")).Text);
        Assert.Equal(200, (await Wire.SendAsync(http, HttpMethod.Head, "/api/version")).Status);
    }

    [Fact]
    public async Task Unknown_route_is_gin_plain_text_404()
    {
        await using var server = await OllamaTestServer.StartAsync();
        using var http = Wire.Client(server);
        foreach (var path in new[] { "/api/nope", "/api/tokenize", "/v2/chat", "/api/blobs/", "/api/blobs/a/b" })
        {
            var r = await Wire.GetAsync(http, path);
            Assert.Equal(404, r.Status);
            Assert.Equal("404 page not found", r.Text);
            Assert.Equal("text/plain", r.ContentType?.ToString());
        }
    }

    [Theory]
    [InlineData("GET", "/api/chat")]
    [InlineData("GET", "/api/generate")]
    [InlineData("PUT", "/api/embed")]
    [InlineData("POST", "/api/tags")]
    [InlineData("POST", "/api/delete")]
    [InlineData("GET", "/api/me")]
    [InlineData("HEAD", "/api/ps")]
    [InlineData("GET", "/api/blobs/sha256:0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("POST", "/api/experimental/model-recommendations")]
    [InlineData("GET", "/api/user/keys/abc")]
    public async Task Wrong_method_on_a_known_path_is_405(string method, string path)
    {
        await using var server = await OllamaTestServer.StartAsync();
        using var http = Wire.Client(server);
        var r = await Wire.SendAsync(http, new HttpMethod(method), path);
        Assert.Equal(405, r.Status);
        if (method != "HEAD")
        {
            Assert.Equal("405 method not allowed", r.Text);
            Assert.Equal("text/plain", r.ContentType?.ToString());
        }
    }

    [Fact]
    public async Task Trailing_slash_redirects_like_gin()
    {
        await using var server = await OllamaTestServer.StartAsync();
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = server.Endpoint, Timeout = Wire.Bound };
        var get = await Wire.GetAsync(http, "/api/tags/");
        Assert.Equal(301, get.Status);
        Assert.Equal("/api/tags", get.Headers.Location?.OriginalString);
        Assert.Equal("text/html; charset=utf-8", get.ContentType?.ToString());
        Assert.Equal("<a href=\"/api/tags\">Moved Permanently</a>.\n\n", get.Text);

        var post = await Wire.PostAsync(http, "/api/chat/", "{}");
        Assert.Equal(307, post.Status);
        Assert.Equal("/api/chat", post.Headers.Location?.OriginalString);
        Assert.Empty(post.Bytes);

        // gin looks for the other form only among the routes of the request's method.
        var wrongMethod = await Wire.GetAsync(http, "/api/chat/");
        Assert.Equal(404, wrongMethod.Status);
    }

    /// <summary>Every native operation of spec section 4 answers on its method and path (no 404/405).</summary>
    [Theory]
    [InlineData("GET", "/", null, 200)]
    [InlineData("HEAD", "/", null, 200)]
    [InlineData("GET", "/api/version", null, 200)]
    [InlineData("HEAD", "/api/version", null, 200)]
    [InlineData("GET", "/api/status", null, 200)]
    [InlineData("POST", "/api/generate", """{"model":"m","prompt":"hi"}""", 200)]
    [InlineData("POST", "/api/chat", """{"model":"m","messages":[{"role":"user","content":"hi"}]}""", 200)]
    [InlineData("POST", "/api/embed", """{"model":"e","input":"hi"}""", 200)]
    [InlineData("POST", "/api/embeddings", """{"model":"e","prompt":"hi"}""", 200)]
    [InlineData("POST", "/api/create", """{"model":"m2","from":"m"}""", 200)]
    [InlineData("HEAD", "/api/blobs/sha256:0000000000000000000000000000000000000000000000000000000000000000", null, 404)]
    [InlineData("POST", "/api/blobs/sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", null, 201)]
    [InlineData("GET", "/api/tags", null, 200)]
    [InlineData("HEAD", "/api/tags", null, 200)]
    [InlineData("POST", "/api/show", """{"model":"m"}""", 200)]
    [InlineData("POST", "/api/copy", """{"source":"m","destination":"m3"}""", 200)]
    [InlineData("DELETE", "/api/delete", """{"model":"m"}""", 200)]
    [InlineData("POST", "/api/pull", """{"model":"m"}""", 200)]
    [InlineData("POST", "/api/push", """{"model":"m"}""", 200)]
    [InlineData("GET", "/api/ps", null, 200)]
    [InlineData("POST", "/api/me", null, 200)]
    [InlineData("POST", "/api/signout", null, 200)]
    [InlineData("DELETE", "/api/user/keys/c3NoLWVkMjU1MTk", null, 200)]
    [InlineData("POST", "/api/experimental/web_search", """{"query":"ollama"}""", 200)]
    [InlineData("POST", "/api/experimental/web_fetch", """{"url":"https://ollama.com"}""", 200)]
    [InlineData("GET", "/api/experimental/model-recommendations", null, 200)]
    public async Task Every_native_route_answers(string method, string path, string? body, int status)
    {
        await using var server = await Wire.StartAsync(Wire.Chat("m"), Wire.Embedder("e"));
        using var http = Wire.Client(server);
        var r = await Wire.SendAsync(http, new HttpMethod(method), path, body);
        Assert.Equal(status, r.Status);
        Assert.Single(server.Requests);
        Assert.Equal(method, server.Requests[0].Method);
        Assert.Equal(path, server.Requests[0].Path);
    }

    [Fact]
    public async Task Status_reports_cloud_state()
    {
        await using (var server = await OllamaTestServer.StartAsync())
        {
            using var http = Wire.Client(server);
            Assert.Equal("""{"cloud":{"disabled":false,"source":"none"}}""", (await Wire.GetAsync(http, "/api/status")).Text);
        }

        await using (var server = await OllamaTestServer.StartAsync(new OllamaTestServerOptions { CloudDisabled = true }))
        {
            using var http = Wire.Client(server);
            Assert.Equal("""{"cloud":{"disabled":true,"source":"env"}}""", (await Wire.GetAsync(http, "/api/status")).Text);
        }
    }

    [Fact]
    public async Task Query_strings_are_ignored_by_routing()
    {
        await using var server = await OllamaTestServer.StartAsync();
        using var http = Wire.Client(server);
        var version = await http.GetFromJsonAsync<Dictionary<string, string>>("/api/version?ts=1700000000");
        Assert.Equal("0.32.15", version!["version"]);
        Assert.Equal("?ts=1700000000", server.Requests[0].Query);
    }
}
