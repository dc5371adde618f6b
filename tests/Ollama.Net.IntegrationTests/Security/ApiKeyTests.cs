using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Ollama.Net.IntegrationTests.Reliability;
using Ollama.Net.Testing;

namespace Ollama.Net.IntegrationTests.Security;

/// <summary>
/// The API key goes only as <c>Authorization: Bearer</c> to the configured endpoint, is dropped on a redirect to another
/// origin, and never shows in an exception (message, server text, inner exceptions) or a <c>ToString()</c>.
/// </summary>
public class ApiKeyTests
{
    private const string Key = "sk-reliab-7f3c9a1e5b2d4c6f8a0b";

    private static OllamaClient KeyedClient(Uri endpoint, Action<OllamaClientOptions>? configure = null)
        => Harness.Client(endpoint, o =>
        {
            o.ApiKey = Key;
            configure?.Invoke(o);
        });

    private static void AssertNoKey(Exception? error)
    {
        Assert.NotNull(error);
        for (var e = error; e is not null; e = e.InnerException)
        {
            Assert.DoesNotContain(Key, e.Message, StringComparison.Ordinal);
            if (e is OllamaException ollama)
            {
                Assert.DoesNotContain(Key, ollama.ServerMessage ?? string.Empty, StringComparison.Ordinal);
            }
        }

        Assert.DoesNotContain(Key, error!.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A redirecting endpoint: every request gets <paramref name="status"/> with a Location on <paramref name="target"/>.</summary>
    private static RawHttpServer Redirector(Uri target, int status)
        => RawHttpServer.Start(x => x.RespondAsync(status, "text/plain", "moved", $"Location: {new Uri(target, x.Path)}\r\n"));

    [Fact]
    public async Task The_key_is_sent_as_a_bearer_token_on_every_request_to_the_endpoint()
    {
        await using var server = await Harness.StartServerAsync();
        using var client = KeyedClient(server.Endpoint);

        await client.ChatAsync(Harness.Chat(), Harness.Safety());
        await Harness.DrainAsync(client.ChatStreamingAsync(Harness.Chat(), Harness.Safety()));
        await client.EmbedAsync(Harness.EmbedModel, "x", Harness.Safety());
        await client.ListModelsAsync(Harness.Safety());
        await client.GetVersionAsync(Harness.Safety());

        Assert.Equal(5, server.Requests.Count);
        Assert.All(server.Requests, r => Assert.Equal("Bearer " + Key, r.Headers["Authorization"]));
    }

    [Fact]
    public async Task Without_a_key_no_authorization_header_is_sent()
    {
        await using var server = await Harness.StartServerAsync();
        using var client = Harness.Client(server);

        await client.ChatAsync(Harness.Chat(), Harness.Safety());

        Assert.False(server.Requests.Single().Headers.ContainsKey("Authorization"));
    }

    /// <summary>The owned handler follows no redirect: the call fails, naming the status and the target host, and nothing arrives there.</summary>
    private static void AssertRedirectRefused(Exception? error, int status, OllamaTestServer target)
    {
        var ollama = Assert.IsType<OllamaException>(error);
        Assert.Equal((HttpStatusCode)status, ollama.StatusCode);
        Assert.Contains($"redirect (HTTP {status}) to 127.0.0.1:{target.Endpoint.Port}", ollama.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("/api/", ollama.Message, StringComparison.Ordinal); // the host only, not the Location's path
        Assert.Empty(target.Requests);
        AssertNoKey(ollama);
    }

    [Theory]
    [InlineData(307)]
    [InlineData(308)]
    public async Task A_POST_redirected_to_another_origin_is_refused_and_nothing_reaches_it(int status)
    {
        await using var target = await Harness.StartServerAsync();
        await using var redirector = Redirector(target.Endpoint, status);
        using var client = KeyedClient(redirector.Endpoint);

        var error = await Harness.CaptureAsync(() => client.ChatAsync(Harness.Chat("the prompt"), Harness.Safety()));

        AssertRedirectRefused(error, status, target); // neither the prompt nor the key went to the other origin
    }

    [Fact]
    public async Task A_GET_redirected_to_another_origin_is_refused_and_nothing_reaches_it()
    {
        await using var target = await Harness.StartServerAsync();
        await using var redirector = Redirector(target.Endpoint, 302);
        using var client = KeyedClient(redirector.Endpoint);

        var error = await Harness.CaptureAsync(() => client.ListModelsAsync(Harness.Safety()));

        AssertRedirectRefused(error, 302, target);
    }

    [Fact]
    public async Task A_stream_redirected_to_another_origin_is_refused_and_nothing_reaches_it()
    {
        await using var target = await Harness.StartServerAsync();
        await using var redirector = Redirector(target.Endpoint, 307);
        using var client = KeyedClient(redirector.Endpoint);

        var (updates, error) = await Harness.DrainAsync(client.ChatStreamingAsync(Harness.Chat(), Harness.Safety()));

        Assert.Empty(updates);
        AssertRedirectRefused(error, 307, target);
    }

    [Fact]
    public async Task DefaultHeaders_never_reach_another_origin()
    {
        await using var target = await Harness.StartServerAsync();
        await using var redirector = Redirector(target.Endpoint, 307);
        using var client = Harness.Client(redirector.Endpoint, o =>
        {
            o.DefaultHeaders["Authorization"] = "Bearer " + Key;
            o.DefaultHeaders["X-Proxy-Token"] = Key;
        });

        var error = await Harness.CaptureAsync(() => client.ChatAsync(Harness.Chat(), Harness.Safety()));

        AssertRedirectRefused(error, 307, target);
        Assert.Equal(1, redirector.Requests); // the headers went to the configured endpoint only
    }

    [Fact]
    public async Task A_client_registered_with_AddOllamaClient_follows_no_redirect_either()
    {
        await using var target = await Harness.StartServerAsync();
        await using var redirector = Redirector(target.Endpoint, 307);
        var services = new ServiceCollection();
        services.AddOllamaClient(o =>
        {
            o.Endpoint = redirector.Endpoint;
            o.ApiKey = Key;
            o.UseEnvironmentVariables = false;
        });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<OllamaClient>();

        var error = await Harness.CaptureAsync(() => client.ChatAsync(Harness.Chat(), Harness.Safety()));

        AssertRedirectRefused(error, 307, target);
    }

    [Fact]
    public async Task A_callers_HttpClient_with_the_key_does_not_forward_it_on_a_redirect()
    {
        await using var target = await Harness.StartServerAsync();
        await using var redirector = Redirector(target.Endpoint, 307);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = true });
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Key);
        using var client = new OllamaClient(http, new OllamaClientOptions { Endpoint = redirector.Endpoint, UseEnvironmentVariables = false, ApiKey = Key });

        await client.ChatAsync(Harness.Chat(), Harness.Safety());

        Assert.False(target.Requests.Single().Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task The_key_is_absent_from_every_kind_of_failure()
    {
        await using var server = await Harness.StartServerAsync();
        server.Replies.Generator = _ => new ScriptedReply { Content = "0123456789", ChunkSize = 1 };
        using var client = KeyedClient(server.Endpoint, o => o.MaxStreamLineLength = 64 * 1024);
        using var timed = KeyedClient(server.Endpoint, o => o.RequestTimeout = TimeSpan.FromMilliseconds(100));
        using var limited = KeyedClient(server.Endpoint, o => o.MaxResponseContentLength = 16);
        using var refused = KeyedClient(new Uri($"http://127.0.0.1:{Harness.FreePort()}/"));
        using var dns = KeyedClient(new Uri("http://ollama-net-key-test.invalid/"));
        using var tls = KeyedClient(new UriBuilder(server.Endpoint) { Scheme = "https" }.Uri);
        var errors = new List<Exception?>();

        foreach (var fault in new[]
        {
            Fault.Unauthorized(), Fault.Error(500, "boom"), Fault.Busy(), Fault.Error(404, "model 'ghost' not found"),
            Fault.Respond(502, "<html>bad gateway</html>"), Fault.Respond(200, "not json"), Fault.CutAfterChunks(0),
        })
        {
            server.Faults.Next(fault);
            errors.Add(await Harness.CaptureAsync(() => client.ChatAsync(Harness.Chat(), Harness.Safety())));
        }

        foreach (var fault in new[] { Fault.CutAfterChunks(2), Fault.ErrorAfterChunks(2, "mid-stream"), Fault.MalformedLineAfterChunks(1), Fault.Unauthorized() })
        {
            server.Faults.Next(fault);
            errors.Add((await Harness.DrainAsync(client.ChatStreamingAsync(Harness.Chat(), Harness.Safety()))).Error);
        }

        server.Faults.Next(Fault.HangAfterChunks(0));
        errors.Add(await Harness.CaptureAsync(() => timed.ChatAsync(Harness.Chat(), Harness.Safety())));
        errors.Add(await Harness.CaptureAsync(() => limited.ListModelsAsync(Harness.Safety())));
        errors.Add(await Harness.CaptureAsync(() => refused.ListModelsAsync(Harness.Safety())));
        errors.Add(await Harness.CaptureAsync(() => dns.ListModelsAsync(Harness.Safety())));
        errors.Add(await Harness.CaptureAsync(() => tls.ListModelsAsync(Harness.Safety())));
        errors.Add(await Harness.CaptureAsync(() => client.ChatAsync(new ChatRequest("ghost", Message.User("x")), Harness.Safety())));

        Assert.Equal(17, errors.Count);
        Assert.All(errors, AssertNoKey);
    }

    [Fact]
    public async Task A_server_that_echoes_the_key_in_its_error_body_gets_it_redacted()
    {
        await using var server = await Harness.StartServerAsync();
        using var client = KeyedClient(server.Endpoint);
        server.Faults.Next(Fault.Respond(400, $"invalid header: Authorization: Bearer {Key}"));
        server.Faults.Next(Fault.Error(401, $"token {Key} expired"));
        server.Faults.Next(Fault.Error(404, $"model '{Key}' not found"));

        var plain = await Assert.ThrowsAsync<OllamaException>(() => client.ChatAsync(Harness.Chat(), Harness.Safety()));
        var unauthorized = await Assert.ThrowsAsync<OllamaUnauthorizedException>(() => client.ChatAsync(Harness.Chat(), Harness.Safety()));
        var notFound = await Assert.ThrowsAsync<OllamaModelNotFoundException>(() => client.ChatAsync(Harness.Chat(), Harness.Safety()));

        Assert.Equal("invalid header: Authorization: Bearer ***", plain.ServerMessage);
        Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
        Assert.Equal("token *** expired", unauthorized.ServerMessage);
        Assert.Equal("***", notFound.ModelName);
        AssertNoKey(plain);
        AssertNoKey(unauthorized);
        AssertNoKey(notFound);
    }

    [Fact]
    public async Task Credentials_in_the_endpoint_are_refused_unquoted_and_ToString_never_shows_the_key()
    {
        await using var server = await Harness.StartServerAsync();
        var withUserInfo = new UriBuilder(server.Endpoint) { UserName = "user", Password = "url-secret-pw" }.Uri;
        var options = new OllamaClientOptions { Endpoint = withUserInfo, ApiKey = Key, UseEnvironmentVariables = false };

        var refused = Assert.Throws<ArgumentException>(() => new OllamaClient(options));
        Assert.Contains("Endpoint must not carry credentials", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("url-secret-pw", refused.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Key, options.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("url-secret-pw", options.ToString(), StringComparison.Ordinal);

        options.Endpoint = server.Endpoint;
        using var client = new OllamaClient(options);
        Assert.DoesNotContain(Key, client.ToString(), StringComparison.Ordinal);
        server.Faults.Next(Fault.Error(500, "boom"));
        var error = await Assert.ThrowsAsync<OllamaException>(() => client.ChatAsync(Harness.Chat(), Harness.Safety()));
        AssertNoKey(error);
    }

    [Fact]
    public async Task A_caller_HttpClient_whose_BaseAddress_has_credentials_is_refused_unquoted()
    {
        await using var server = await Harness.StartServerAsync();
        using var http = new HttpClient { BaseAddress = new UriBuilder(server.Endpoint) { UserName = "user", Password = "url-secret-pw" }.Uri };

        var refused = Assert.Throws<ArgumentException>(() => new OllamaClient(http, new OllamaClientOptions { UseEnvironmentVariables = false }));

        Assert.Contains("must not carry credentials", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("url-secret-pw", refused.ToString(), StringComparison.Ordinal);
    }
}
