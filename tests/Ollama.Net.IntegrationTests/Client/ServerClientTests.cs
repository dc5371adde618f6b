using System.Net;
using System.Net.Sockets;
using Ollama.Net.Testing;

namespace Ollama.Net.IntegrationTests.Client;

/// <summary>Version, status, GET /, account (me, signout) and web search/fetch through the real client.</summary>
public class ServerClientTests
{
    [Fact]
    public async Task Version_sends_a_get_with_the_client_user_agent()
    {
        await using var target = await ScriptedTarget.StartAsync();
        using var client = target.CreateClient();

        var version = await client.GetVersionAsync().Within();

        Assert.Equal("0.32.15", version.Version);
        var record = target.Server.Requests.Single();
        Assert.Equal("GET", record.Method);
        Assert.Equal("/api/version", record.Path);
        Assert.StartsWith("Ollama.Net/", record.Headers["User-Agent"], StringComparison.Ordinal);
        Assert.False(record.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task An_api_key_goes_out_as_a_bearer_token()
    {
        await using var target = await ScriptedTarget.StartAsync();
        using var client = new OllamaClient(new OllamaClientOptions { Endpoint = target.Endpoint, ApiKey = "secret-key", UseEnvironmentVariables = false });

        await client.GetVersionAsync().Within();

        Assert.Equal("Bearer secret-key", target.Server.Requests.Single().Headers["Authorization"]);
    }

    [Fact]
    public async Task Status_reports_the_cloud_switch()
    {
        await using var on = await ScriptedTarget.StartAsync();
        await using var off = await ScriptedTarget.StartAsync(o => o.CloudDisabled = true);
        using var onClient = on.CreateClient();
        using var offClient = off.CreateClient();

        var enabled = await onClient.GetStatusAsync().Within();
        var disabled = await offClient.GetStatusAsync().Within();

        Assert.False(enabled.Cloud.Disabled);
        Assert.Equal("none", enabled.Cloud.Source);
        Assert.True(disabled.Cloud.Disabled);
        Assert.Equal("env", disabled.Cloud.Source);

        var search = await Guard.Throws<OllamaException>(() => offClient.WebSearchAsync("x"));
        Assert.Equal(HttpStatusCode.Forbidden, search.StatusCode);
        Assert.Equal("ollama cloud is disabled: web search", search.ServerMessage);
    }

    [Fact]
    public async Task Is_running_hits_the_root_route()
    {
        await using var target = await ScriptedTarget.StartAsync();
        using var client = target.CreateClient();

        Assert.True(await client.IsRunningAsync().Within());
        var record = target.Server.Requests.Single();
        Assert.Equal("GET", record.Method);
        Assert.Equal("/", record.Path);
    }

    [Fact]
    public async Task Is_running_is_false_and_calls_fail_clearly_when_nothing_listens()
    {
        // A loopback port that was just free: bind it, note it, let it go.
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
        }

        using var client = new OllamaClient(new OllamaClientOptions { Endpoint = new Uri($"http://127.0.0.1:{port}"), UseEnvironmentVariables = false });

        Assert.False(await client.IsRunningAsync().Within());
        var error = await Guard.Throws<OllamaException>(() => client.ListModelsAsync());
        Assert.Null(error.StatusCode);
        Assert.Contains("No Ollama server answered", error.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task Me_returns_the_account_then_signout_signs_out()
    {
        await using var target = await ScriptedTarget.StartAsync();
        using var client = target.CreateClient();

        var me = await client.GetCurrentUserAsync().Within();
        await client.SignOutAsync().Within();
        var meAfter = await Guard.Throws<OllamaUnauthorizedException>(() => client.GetCurrentUserAsync());
        var signoutAgain = await Guard.Throws<OllamaUnauthorizedException>(() => client.SignOutAsync());

        Assert.Equal("3f9b8c2e-5d41-4a7b-9e0f-1c2d3e4f5a6b", me.Id);
        Assert.Equal("test.user@example.com", me.Email);
        Assert.Equal("testuser", me.Name);
        Assert.Equal("Test", me.FirstName);
        Assert.Equal("User", me.LastName);
        Assert.Equal("free", me.Plan);
        Assert.Equal("https://ollama.com/public/avatar.png", me.AvatarUrl);
        Assert.Equal("Testing things offline.", me.Bio);
        Assert.All(target.Server.Requests, r => Assert.Equal("POST", r.Method));
        Assert.Equal("/api/signout", target.Server.Requests[1].Path);
        Assert.False(target.Server.SignedIn);

        Assert.Equal("unauthorized", meAfter.ServerMessage);
        Assert.StartsWith("https://ollama.com/connect?name=", meAfter.SigninUrl, StringComparison.Ordinal);
        Assert.Contains(meAfter.SigninUrl!, meAfter.Message, StringComparison.Ordinal);
        Assert.Equal("you are not currently signed in", signoutAgain.ServerMessage);
        Assert.Null(signoutAgain.SigninUrl);
    }

    [Fact]
    public async Task Web_search_and_fetch()
    {
        await using var target = await ScriptedTarget.StartAsync();
        using var client = target.CreateClient();

        var search = await client.WebSearchAsync("ollama dotnet", maxResults: 3).Within();
        var fetch = await client.WebFetchAsync("https://example.com/page").Within();

        Assert.Equal(3, search.Results.Count);
        Assert.Equal("ollama dotnet - Overview", search.Results[0].Title);
        Assert.Equal("https://example.com/ollama-dotnet/1", search.Results[0].Url);
        Assert.Contains("ollama dotnet", search.Results[0].Content, StringComparison.Ordinal);
        Assert.Equal("example.com - simulated page", fetch.Title);
        Assert.Contains("https://example.com/page", fetch.Content, StringComparison.Ordinal);
        Assert.Equal(["https://example.com/", "https://example.com/about"], fetch.Links!);

        Assert.Equal("/api/experimental/web_search", target.Server.Requests[0].Path);
        Assert.Equal(3, target.Server.Requests[0].Json!.Value.GetProperty("max_results").GetInt32());
        Assert.Equal("/api/experimental/web_fetch", target.Server.Requests[1].Path);
        Assert.Equal("https://example.com/page", target.Server.Requests[1].Json!.Value.GetProperty("url").GetString());
    }

    [Fact]
    public async Task Web_search_when_signed_out_is_unauthorized_with_a_signin_url()
    {
        await using var target = await ScriptedTarget.StartAsync(o => o.SignedIn = false);
        using var client = target.CreateClient();

        var error = await Guard.Throws<OllamaUnauthorizedException>(() => client.WebSearchAsync("x"));

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        Assert.NotNull(error.SigninUrl);
    }

    [Fact]
    public async Task Connections_are_released_when_the_client_is_disposed()
    {
        await using var target = await ScriptedTarget.StartAsync();
        using (var client = target.CreateClient())
        {
            await client.GetVersionAsync().Within();
            await client.ChatAsync(new ChatRequest(ScriptedTarget.Chat, Message.User("hi"))).Within();
            await Guard.ToListAsync(client.ChatStreamingAsync(new ChatRequest(ScriptedTarget.Chat, Message.User("hi"))));
            Assert.True(target.Server.OpenConnections >= 1);
        }

        await target.Server.WaitForOpenConnectionsAsync(0).Within();
        Assert.Equal(0, target.Server.OpenConnections);
    }
}
