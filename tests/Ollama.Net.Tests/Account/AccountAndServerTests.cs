using System.Net;
using System.Net.Sockets;
using Ollama.Net.Tests.Infrastructure;

namespace Ollama.Net.Tests.Account;

public class AccountAndServerTests
{
    [Fact]
    public async Task GetCurrentUserAsync_posts_api_me_without_a_body()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""
            {"id":"8a3d6f0e-8c1b-4b6e-9d2a-1f2e3d4c5b6a","email":"ada@example.com","name":"ada","bio":"Math \u0026 engines","avatarurl":"https://ollama.com/avatars/ada.png","firstname":"Ada","lastname":"Lovelace","plan":"pro"}
            """);
        using var client = TestClient.Create(handler);

        var user = await client.GetCurrentUserAsync();

        Assert.Equal(HttpMethod.Post, handler.LastRequest.Method);
        Assert.Equal("http://127.0.0.1:11434/api/me", handler.LastRequest.Uri.AbsoluteUri);
        Assert.Null(handler.LastRequest.Body);
        Assert.Equal("8a3d6f0e-8c1b-4b6e-9d2a-1f2e3d4c5b6a", user.Id);
        Assert.Equal("ada@example.com", user.Email);
        Assert.Equal("ada", user.Name);
        Assert.Equal("Math & engines", user.Bio);
        Assert.Equal("https://ollama.com/avatars/ada.png", user.AvatarUrl);
        Assert.Equal("Ada", user.FirstName);
        Assert.Equal("Lovelace", user.LastName);
        Assert.Equal("pro", user.Plan);
    }

    [Fact]
    public async Task GetCurrentUserAsync_reads_a_minimal_account()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"id":"00000000-0000-0000-0000-000000000000","email":"","name":"bob","plan":"free"}""");
        using var client = TestClient.Create(handler);
        var user = await client.GetCurrentUserAsync();
        Assert.Equal("bob", user.Name);
        Assert.Null(user.Bio);
        Assert.Null(user.AvatarUrl);
    }

    [Fact]
    public async Task GetCurrentUserAsync_when_signed_out_throws_unauthorized_with_the_signin_url()
    {
        const string url = "https://ollama.com/connect?name=my-box&key=c3NoLWVkMjU1MTkgQUFBQUMzTnphQzFsWkRJMU5URTVBQUFBSQ";
        var handler = new FakeHttpHandler().EnqueueJson($$"""{"error":"unauthorized","signin_url":"{{url}}"}""", HttpStatusCode.Unauthorized);
        using var client = TestClient.Create(handler);

        var ex = await Assert.ThrowsAsync<OllamaUnauthorizedException>(() => client.GetCurrentUserAsync());

        Assert.Equal(url, ex.SigninUrl);
        Assert.Equal("unauthorized", ex.ServerMessage);
        Assert.Contains(url, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetCurrentUserAsync_surfaces_503_account_unavailable()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"error":"account unavailable"}""", HttpStatusCode.ServiceUnavailable);
        using var client = TestClient.Create(handler);
        var ex = await Assert.ThrowsAsync<OllamaException>(() => client.GetCurrentUserAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ex.StatusCode);
        Assert.Equal("account unavailable", ex.ServerMessage);
    }

    [Fact]
    public async Task SignOutAsync_posts_api_signout_and_accepts_a_null_body()
    {
        var handler = new FakeHttpHandler().EnqueueJson("null");
        using var client = TestClient.Create(handler);

        await client.SignOutAsync();

        Assert.Equal(HttpMethod.Post, handler.LastRequest.Method);
        Assert.Equal("http://127.0.0.1:11434/api/signout", handler.LastRequest.Uri.AbsoluteUri);
        Assert.Null(handler.LastRequest.Body);
    }

    [Fact]
    public async Task SignOutAsync_when_not_signed_in_throws_unauthorized()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"error":"you are not currently signed in"}""", HttpStatusCode.Unauthorized);
        using var client = TestClient.Create(handler);
        var ex = await Assert.ThrowsAsync<OllamaUnauthorizedException>(() => client.SignOutAsync());
        Assert.Equal("you are not currently signed in", ex.ServerMessage);
        Assert.Null(ex.SigninUrl);
    }

    [Theory]
    [InlineData("""{"cloud":{"disabled":false,"source":"none"}}""", false, "none")]
    [InlineData("""{"cloud":{"disabled":true,"source":"both"}}""", true, "both")]
    public async Task GetStatusAsync_gets_api_status(string json, bool disabled, string source)
    {
        var handler = new FakeHttpHandler().EnqueueJson(json);
        using var client = TestClient.Create(handler);

        var status = await client.GetStatusAsync();

        Assert.Equal(HttpMethod.Get, handler.LastRequest.Method);
        Assert.Equal("http://127.0.0.1:11434/api/status", handler.LastRequest.Uri.AbsoluteUri);
        Assert.Equal(disabled, status.Cloud.Disabled);
        Assert.Equal(source, status.Cloud.Source);
    }

    [Fact]
    public async Task IsRunningAsync_gets_the_root_and_is_true_on_200()
    {
        var handler = new FakeHttpHandler().Enqueue(FakeResponse.Text("Ollama is running", HttpStatusCode.OK));
        using var client = TestClient.Create(handler);

        Assert.True(await client.IsRunningAsync());

        Assert.Equal(HttpMethod.Get, handler.LastRequest.Method);
        Assert.Equal("http://127.0.0.1:11434/", handler.LastRequest.Uri.AbsoluteUri);
    }

    [Fact]
    public async Task IsRunningAsync_uses_the_base_path_of_a_reverse_proxy()
    {
        var handler = new FakeHttpHandler().Enqueue(FakeResponse.Text("Ollama is running", HttpStatusCode.OK));
        using var client = TestClient.Create(handler, o => o.Endpoint = new Uri("https://proxy.example/ollama"));
        Assert.True(await client.IsRunningAsync());
        Assert.Equal("https://proxy.example/ollama/", handler.LastRequest.Uri.AbsoluteUri);
    }

    [Fact]
    public async Task IsRunningAsync_is_false_when_nothing_answers_or_the_status_is_an_error()
    {
        var refused = new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused", new SocketException((int)SocketError.ConnectionRefused));
        var handler = new FakeHttpHandler()
            .EnqueueThrow(refused)
            .Enqueue(FakeResponse.Text("404 page not found", HttpStatusCode.NotFound))
            .Enqueue(FakeResponse.Empty(HttpStatusCode.Forbidden));
        using var client = TestClient.Create(handler);

        Assert.False(await client.IsRunningAsync());
        Assert.False(await client.IsRunningAsync());
        Assert.False(await client.IsRunningAsync());
    }

    [Fact]
    public async Task IsRunningAsync_still_throws_when_the_caller_cancels()
    {
        using var client = TestClient.Create(new FakeHttpHandler());
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.IsRunningAsync(cts.Token));
    }

    [Fact]
    public async Task Legacy_embeddings_post_api_embeddings_and_read_doubles()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"embedding":[0.5670403838157654,-0.009260174818336964,1e-7]}""");
        using var client = TestClient.Create(handler);

#pragma warning disable CS0618 // the legacy endpoint is what this test checks
        var result = await client.EmbeddingsAsync("all-minilm", "Here is an article about llamas...");
        var request = new LegacyEmbeddingRequest("m", "") { KeepAlive = KeepAlive.Parse("5m"), Options = new ModelOptions { NumCtx = 512 } };
        handler.EnqueueJson("""{"embedding":[]}""");
        var empty = await client.EmbeddingsAsync(request);
        Eager.Throws<ArgumentException>("model", () => client.EmbeddingsAsync("", "x"));
        Eager.Throws<ArgumentNullException>("prompt", () => client.EmbeddingsAsync("m", null!));
#pragma warning restore CS0618

        Assert.Equal("http://127.0.0.1:11434/api/embeddings", handler.Requests[0].Uri.AbsoluteUri);
        JsonAssert.Equal("""{"model":"all-minilm","prompt":"Here is an article about llamas..."}""", handler.Requests[0].Body);
        Assert.Equal([0.5670403838157654, -0.009260174818336964, 1e-7], result.Embedding.ToArray());
        JsonAssert.Equal("""{"model":"m","prompt":"","keep_alive":"5m","options":{"num_ctx":512}}""", handler.Requests[1].Body);
        Assert.True(empty.Embedding.IsEmpty);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public void The_legacy_embeddings_methods_are_obsolete_and_point_to_EmbedAsync()
    {
        var methods = typeof(OllamaClient).GetMethods().Where(m => m.Name == "EmbeddingsAsync").ToList();
        Assert.Equal(2, methods.Count);
        Assert.All(methods, m =>
        {
            var obsolete = Assert.Single(m.GetCustomAttributes(typeof(ObsoleteAttribute), false).Cast<ObsoleteAttribute>());
            Assert.Contains("EmbedAsync", obsolete.Message, StringComparison.Ordinal);
        });
    }
}
