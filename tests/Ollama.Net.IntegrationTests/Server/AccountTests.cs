using Ollama.Net.Testing;

namespace Ollama.Net.IntegrationTests.Server;

public class AccountTests
{
    [Fact]
    public async Task Me_returns_the_user_when_signed_in_and_401_with_signin_url_when_not()
    {
        await using var server = await OllamaTestServer.StartAsync();
        using var http = Wire.Client(server);
        var me = await Wire.PostAsync(http, "/api/me", null);
        Assert.Equal(200, me.Status);
        Assert.True(Guid.TryParse(me.Json.Str("id"), out _));
        Assert.Contains("@", me.Json.Str("email"));
        Assert.Equal("free", me.Json.Str("plan"));
        Assert.Equal(["id", "email", "name", "bio", "avatarurl", "firstname", "lastname", "plan"], me.Json.EnumerateObject().Select(p => p.Name));

        server.SignedIn = false;
        var denied = await Wire.PostAsync(http, "/api/me", null);
        Assert.Equal(401, denied.Status);
        Assert.Equal("unauthorized", denied.Error);
        Assert.StartsWith("https://ollama.com/connect?name=", denied.Json.Str("signin_url"));
    }

    [Fact]
    public async Task Signout_returns_literal_null_once_then_401()
    {
        await using var server = await OllamaTestServer.StartAsync();
        using var http = Wire.Client(server);
        var first = await Wire.PostAsync(http, "/api/signout", null);
        Assert.Equal(200, first.Status);
        Assert.Equal("null", first.Text);
        Assert.Equal("application/json", first.ContentType?.MediaType);
        Assert.False(server.SignedIn);

        var second = await Wire.PostAsync(http, "/api/signout", null);
        Assert.Equal(401, second.Status);
        Assert.Equal("you are not currently signed in", second.Error);
    }

    [Fact]
    public async Task Delete_user_key_is_an_alias_of_signout()
    {
        await using var server = await OllamaTestServer.StartAsync(new OllamaTestServerOptions { SignedIn = true });
        using var http = Wire.Client(server);
        var r = await Wire.SendAsync(http, HttpMethod.Delete, "/api/user/keys/c3NoLWVkMjU1MTkgQUFBQQ%3D%3D");
        Assert.Equal("null", r.Text);
        Assert.False(server.SignedIn);
        Assert.Equal(401, (await Wire.SendAsync(http, HttpMethod.Delete, "/api/user/keys/x")).Status);
    }

    [Fact]
    public async Task Web_search_returns_results_capped_at_ten()
    {
        await using var server = await OllamaTestServer.StartAsync();
        using var http = Wire.Client(server);
        var five = await Wire.PostAsync(http, "/api/experimental/web_search", """{"query":"what is ollama"}""");
        var results = five.Json.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(5, results.Count);
        Assert.All(results, r => Assert.Equal(["title", "url", "content"], r.EnumerateObject().Select(p => p.Name)));
        Assert.All(results, r => Assert.StartsWith("https://", r.Str("url")));

        Assert.Equal(2, (await Wire.PostAsync(http, "/api/experimental/web_search", """{"query":"x","max_results":2}""")).Json.GetProperty("results").GetArrayLength());
        Assert.Equal(10, (await Wire.PostAsync(http, "/api/experimental/web_search", """{"query":"x","max_results":50}""")).Json.GetProperty("results").GetArrayLength());
        Assert.Equal(400, (await Wire.PostAsync(http, "/api/experimental/web_search", """{"query":""}""")).Status);
    }

    [Fact]
    public async Task Web_fetch_returns_title_content_and_links()
    {
        await using var server = await OllamaTestServer.StartAsync();
        using var http = Wire.Client(server);
        var r = await Wire.PostAsync(http, "/api/experimental/web_fetch", """{"url":"https://ollama.com/blog"}""");
        Assert.Contains("ollama.com", r.Json.Str("title"));
        Assert.Contains("https://ollama.com/blog", r.Json.Str("content"));
        Assert.True(r.Json.GetProperty("links").GetArrayLength() > 0);
        Assert.Equal(400, (await Wire.PostAsync(http, "/api/experimental/web_fetch", "{}")).Status);
        Assert.Equal("missing request body", (await Wire.PostAsync(http, "/api/experimental/web_fetch", null)).Error);
    }

    [Fact]
    public async Task Cloud_routes_need_sign_in_and_cloud_enabled()
    {
        await using (var server = await OllamaTestServer.StartAsync(new OllamaTestServerOptions { SignedIn = false }))
        {
            using var http = Wire.Client(server);
            var r = await Wire.PostAsync(http, "/api/experimental/web_search", """{"query":"x"}""");
            Assert.Equal(401, r.Status);
            Assert.True(r.Json.Has("signin_url"));
        }

        await using (var server = await OllamaTestServer.StartAsync(new OllamaTestServerOptions { CloudDisabled = true }))
        {
            using var http = Wire.Client(server);
            var search = await Wire.PostAsync(http, "/api/experimental/web_search", """{"query":"x"}""");
            Assert.Equal(403, search.Status);
            Assert.Equal("ollama cloud is disabled: web search", search.Error);
            var fetch = await Wire.PostAsync(http, "/api/experimental/web_fetch", """{"url":"https://a.b"}""");
            Assert.Equal("ollama cloud is disabled: web fetch", fetch.Error);
        }
    }

    [Fact]
    public async Task Model_recommendations_lists_models_with_optional_fields()
    {
        await using var server = await OllamaTestServer.StartAsync();
        using var http = Wire.Client(server);
        var recs = (await Wire.GetAsync(http, "/api/experimental/model-recommendations")).Json.GetProperty("recommendations").EnumerateArray().ToList();
        Assert.NotEmpty(recs);
        Assert.All(recs, r => Assert.False(string.IsNullOrEmpty(r.Str("model"))));
        Assert.All(recs, r => Assert.False(string.IsNullOrEmpty(r.Str("description"))));
        Assert.Contains(recs, r => !r.Has("vram_bytes"));
        Assert.Contains(recs, r => r.Has("required_plan"));
    }
}
