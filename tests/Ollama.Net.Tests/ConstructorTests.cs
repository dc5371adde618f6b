using System.Net;
using System.Text.RegularExpressions;
using Ollama.Net.Tests.Infrastructure;

namespace Ollama.Net.Tests;

public class ConstructorTests
{
    private const string VersionJson = """{"version":"0.33.0-rc2"}""";

    [Fact]
    public void Uri_constructor_uses_the_endpoint()
    {
        using var client = new OllamaClient(new Uri("http://example.com:1234"));
        Assert.Equal(new Uri("http://example.com:1234"), client.Endpoint);
    }

    [Fact]
    public void Clients_we_create_have_no_timeout()
    {
        using var client = new OllamaClient(new OllamaClientOptions { Endpoint = TestClient.Endpoint, UseEnvironmentVariables = false });
        Assert.Equal(Timeout.InfiniteTimeSpan, client.HttpClient.Timeout);
    }

    [Fact]
    public void Null_arguments_are_rejected()
    {
        Assert.Throws<ArgumentNullException>("endpoint", () => new OllamaClient((Uri)null!));
        Assert.Throws<ArgumentNullException>("options", () => new OllamaClient((OllamaClientOptions)null!));
        Assert.Throws<ArgumentNullException>("httpClient", () => new OllamaClient((HttpClient)null!));
    }

    [Theory]
    [InlineData("ftp://example.com")]
    [InlineData("file:///tmp/x")]
    public void Non_http_endpoints_are_rejected(string endpoint)
    {
        var ex = Assert.Throws<ArgumentException>(() => new OllamaClient(new Uri(endpoint)));
        Assert.Contains("http", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relative_endpoint_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => new OllamaClient(new OllamaClientOptions { Endpoint = new Uri("api", UriKind.Relative) }));
    }

    [Theory]
    [InlineData(nameof(OllamaClientOptions.MaxStreamLineLength), "MaxStreamLineLength must be at least 1 byte, but it is 0.")]
    [InlineData(nameof(OllamaClientOptions.MaxResponseContentLength), "MaxResponseContentLength must be at least 1 byte, but it is -1.")]
    [InlineData(nameof(OllamaClientOptions.RequestTimeout), "RequestTimeout must be positive (or null for no limit), but it is -00:00:05.")]
    [InlineData(nameof(OllamaClientOptions.Endpoint), "Endpoint must be an absolute http:// or https:// address, but it is \"ftp://files.test\".")]
    [InlineData(nameof(OllamaClientOptions.ApiKey), "ApiKey must not contain a line break or NUL character.")]
    [InlineData(nameof(OllamaClientOptions.UserAgent), "UserAgent must not contain a line break or NUL character.")]
    [InlineData("DefaultHeaders name", "DefaultHeaders has \"X Bad\", which is not a valid HTTP header name.")]
    [InlineData("DefaultHeaders value", "DefaultHeaders[\"X-Token\"] must be a value without a line break or NUL character.")]
    public void Bad_options_are_rejected_with_a_message_naming_the_option(string option, string message)
    {
        var options = new OllamaClientOptions { Endpoint = TestClient.Endpoint };
        switch (option)
        {
            case nameof(OllamaClientOptions.MaxStreamLineLength): options.MaxStreamLineLength = 0; break;
            case nameof(OllamaClientOptions.MaxResponseContentLength): options.MaxResponseContentLength = -1; break;
            case nameof(OllamaClientOptions.RequestTimeout): options.RequestTimeout = TimeSpan.FromSeconds(-5); break;
            case nameof(OllamaClientOptions.Endpoint): options.Endpoint = new Uri("ftp://files.test"); break;
            case nameof(OllamaClientOptions.ApiKey): options.ApiKey = "key\r\nX-Injected: 1"; break;
            case nameof(OllamaClientOptions.UserAgent): options.UserAgent = "app/1.0\n"; break;
            case "DefaultHeaders name": options.DefaultHeaders["X Bad"] = "v"; break;
            case "DefaultHeaders value": options.DefaultHeaders["X-Token"] = "a\rb"; break;
        }

        var error = Assert.Throws<ArgumentException>("options", () => new OllamaClient(options));
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Limits_at_their_edges_are_accepted()
    {
        using var client = new OllamaClient(new OllamaClientOptions
        {
            Endpoint = TestClient.Endpoint,
            MaxStreamLineLength = 1,
            MaxResponseContentLength = null,
            RequestTimeout = Timeout.InfiniteTimeSpan,
            UserAgent = "app/1.0 (+https://example.com)",
            DefaultHeaders = { ["X-Proxy-Token"] = "t" },
        });
        Assert.Equal(TestClient.Endpoint, client.Endpoint);
    }

    [Fact]
    public async Task HttpClient_BaseAddress_is_used_when_options_have_no_endpoint()
    {
        var handler = new FakeHttpHandler().EnqueueJson(VersionJson);
        using var http = new HttpClient(handler) { BaseAddress = new Uri("http://proxy.local:9999/ollama/") };
        using var client = new OllamaClient(http, new OllamaClientOptions { UseEnvironmentVariables = false });
        await client.GetVersionAsync();
        Assert.Equal("http://proxy.local:9999/ollama/api/version", handler.LastRequest.Uri.AbsoluteUri);
    }

    [Fact]
    public async Task Options_endpoint_wins_over_HttpClient_BaseAddress()
    {
        var handler = new FakeHttpHandler().EnqueueJson(VersionJson);
        using var http = new HttpClient(handler) { BaseAddress = new Uri("http://proxy.local:9999/") };
        using var client = new OllamaClient(http, new OllamaClientOptions { Endpoint = new Uri("http://other:1/") });
        await client.GetVersionAsync();
        Assert.Equal("http://other:1/api/version", handler.LastRequest.Uri.AbsoluteUri);
    }

    [Fact]
    public async Task A_caller_HttpClient_is_never_disposed()
    {
        var handler = new FakeHttpHandler { Fallback = (_, _) => Task.FromResult(FakeResponse.Json(VersionJson)) };
        using var http = new HttpClient(handler);
        var client = new OllamaClient(http, new OllamaClientOptions { Endpoint = TestClient.Endpoint });
        client.Dispose();
        client.Dispose(); // twice is fine
        var response = await http.GetAsync(new Uri("http://127.0.0.1:11434/api/version")); // still usable
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(100), http.Timeout); // and never reconfigured
    }

    [Fact]
    public void An_owned_HttpClient_is_disposed_with_the_client()
    {
        var client = new OllamaClient(new OllamaClientOptions { Endpoint = TestClient.Endpoint, UseEnvironmentVariables = false });
        var http = client.HttpClient;
        client.Dispose();
        Assert.Throws<ObjectDisposedException>(() => { http.CancelPendingRequests(); });
    }

    [Fact]
    public async Task A_disposed_client_throws_ObjectDisposedException()
    {
        var client = TestClient.Create(new FakeHttpHandler());
        client.Dispose();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.GetVersionAsync());
    }

    [Fact]
    public async Task Api_key_is_sent_as_a_bearer_token()
    {
        var handler = new FakeHttpHandler().EnqueueJson(VersionJson);
        using var client = TestClient.Create(handler, o => o.ApiKey = "sk-secret-123");
        await client.GetVersionAsync();
        Assert.Equal("Bearer sk-secret-123", handler.LastRequest.Headers["Authorization"]);
    }

    [Fact]
    public async Task No_authorization_header_without_a_key()
    {
        var handler = new FakeHttpHandler().EnqueueJson(VersionJson);
        using var client = TestClient.Create(handler);
        await client.GetVersionAsync();
        Assert.False(handler.LastRequest.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task An_explicit_Authorization_default_header_wins_over_the_api_key()
    {
        var handler = new FakeHttpHandler().EnqueueJson(VersionJson);
        using var client = TestClient.Create(handler, o =>
        {
            o.ApiKey = "sk-secret";
            o.DefaultHeaders["Authorization"] = "Basic abc";
        });
        await client.GetVersionAsync();
        Assert.Equal("Basic abc", handler.LastRequest.Headers["Authorization"]);
    }

    [Fact]
    public async Task Default_headers_are_sent_with_every_request()
    {
        var handler = new FakeHttpHandler().EnqueueJson(VersionJson).EnqueueJson(VersionJson);
        using var client = TestClient.Create(handler, o =>
        {
            o.DefaultHeaders["X-Proxy-Token"] = "t1";
            o.DefaultHeaders["X-Tenant"] = "blue";
        });
        await client.GetVersionAsync();
        await client.GetVersionAsync();
        Assert.All(handler.Requests, r =>
        {
            Assert.Equal("t1", r.Headers["X-Proxy-Token"]);
            Assert.Equal("blue", r.Headers["X-Tenant"]);
        });
    }

    [Fact]
    public async Task User_agent_names_the_library_dotnet_and_os()
    {
        var handler = new FakeHttpHandler().EnqueueJson(VersionJson);
        using var client = TestClient.Create(handler);
        await client.GetVersionAsync();
        var userAgent = handler.LastRequest.Headers["User-Agent"];
        Assert.Matches(new Regex(@"^Ollama\.Net/\d+\.\d+\.\d+\S* \(\.NET \d+\.\d+\.\d+; [A-Za-z]+ [a-z0-9]+\)$"), userAgent);
        Assert.Contains($".NET {Environment.Version}", userAgent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task User_agent_can_be_overridden()
    {
        var handler = new FakeHttpHandler().EnqueueJson(VersionJson);
        using var client = TestClient.Create(handler, o => o.UserAgent = "MyApp/2.0");
        await client.GetVersionAsync();
        Assert.Equal("MyApp/2.0", handler.LastRequest.Headers["User-Agent"]);
    }

    [Fact]
    public async Task A_caller_HttpClient_user_agent_is_kept()
    {
        var handler = new FakeHttpHandler().EnqueueJson(VersionJson);
        using var http = new HttpClient(handler);
        http.DefaultRequestHeaders.UserAgent.ParseAdd("Caller/1.0");
        using var client = new OllamaClient(http, new OllamaClientOptions { Endpoint = TestClient.Endpoint, UseEnvironmentVariables = false });
        await client.GetVersionAsync();
        Assert.Equal("Caller/1.0", handler.LastRequest.Headers["User-Agent"]);
    }

    [Fact]
    public void ToString_of_client_and_options_never_shows_the_api_key()
    {
        var options = new OllamaClientOptions { Endpoint = TestClient.Endpoint, ApiKey = "sk-top-secret", UseEnvironmentVariables = false };
        using var client = new OllamaClient(options);
        Assert.DoesNotContain("sk-top-secret", options.ToString(), StringComparison.Ordinal);
        Assert.Contains("***", options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("sk-top-secret", client.ToString(), StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:11434", client.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mocks_can_override_the_service_methods()
    {
        using var mock = new MockClient();
        Assert.Equal("9.9.9", (await mock.GetVersionAsync()).Version);
    }

    private sealed class MockClient : OllamaClient
    {
        public override Task<ServerVersion> GetVersionAsync(CancellationToken cancellationToken = default)
            => Task.FromResult(new ServerVersion { Version = "9.9.9" });
    }
}

[Collection(EnvironmentCollection.Name)]
public class EnvironmentTests
{
    [Fact]
    public void Parameterless_constructor_reads_OLLAMA_HOST()
    {
        using var env = new EnvironmentScope().Set("OLLAMA_HOST", "example.org:4321").Set("OLLAMA_API_KEY", null);
        using var client = new OllamaClient();
        Assert.Equal(new Uri("http://example.org:4321"), client.Endpoint);
        Assert.False(client.HasApiKey);
    }

    [Fact]
    public void Parameterless_constructor_defaults_to_loopback_without_OLLAMA_HOST()
    {
        using var env = new EnvironmentScope().Set("OLLAMA_HOST", null);
        using var client = new OllamaClient();
        Assert.Equal(new Uri("http://127.0.0.1:11434"), client.Endpoint);
    }

    [Fact]
    public void An_invalid_OLLAMA_HOST_fails_with_a_message_quoting_it()
    {
        using var env = new EnvironmentScope().Set("OLLAMA_HOST", "ftp://nope");
        var ex = Assert.Throws<FormatException>(() => new OllamaClient());
        Assert.Contains("\"ftp://nope\"", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_parses_OLLAMA_HOST()
    {
        using var env = new EnvironmentScope().Set("OLLAMA_HOST", "https://example.com/ollama/");
        Assert.Equal(new Uri("https://example.com:443/ollama"), OllamaEndpoint.FromEnvironment());
    }

    [Fact]
    public async Task OLLAMA_API_KEY_is_sent_as_a_bearer_token()
    {
        using var env = new EnvironmentScope().Set("OLLAMA_API_KEY", "env-key-42").Set("OLLAMA_HOST", null);
        var handler = new FakeHttpHandler().EnqueueJson("""{"version":"1.0.0"}""");
        using var client = new OllamaClient(new HttpClient(handler), new OllamaClientOptions { Endpoint = TestClient.Endpoint });
        await client.GetVersionAsync();
        Assert.Equal("Bearer env-key-42", handler.LastRequest.Headers["Authorization"]);
    }

    [Fact]
    public async Task Explicit_api_key_wins_over_OLLAMA_API_KEY()
    {
        using var env = new EnvironmentScope().Set("OLLAMA_API_KEY", "env-key");
        var handler = new FakeHttpHandler().EnqueueJson("""{"version":"1.0.0"}""");
        using var client = new OllamaClient(new HttpClient(handler), new OllamaClientOptions { Endpoint = TestClient.Endpoint, ApiKey = "explicit" });
        await client.GetVersionAsync();
        Assert.Equal("Bearer explicit", handler.LastRequest.Headers["Authorization"]);
    }

    [Fact]
    public void UseEnvironmentVariables_false_ignores_the_environment()
    {
        using var env = new EnvironmentScope().Set("OLLAMA_HOST", "example.org:1").Set("OLLAMA_API_KEY", "k");
        using var client = new OllamaClient(new OllamaClientOptions { UseEnvironmentVariables = false });
        Assert.Equal(OllamaEndpoint.Default, client.Endpoint);
        Assert.False(client.HasApiKey);
    }
}
