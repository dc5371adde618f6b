using System.Net;
using Ollama.Net.Tests.Infrastructure;

namespace Ollama.Net.Tests.Web;

public class WebTests
{
    private const string SearchJson = """
        {"results":[{"title":"Ollama","url":"https://ollama.com/","content":"Get up and running with large language models \u003cfast\u003e."},{"title":"GitHub - ollama/ollama","url":"https://github.com/ollama/ollama","content":"Run Llama \u0026 friends."}]}
        """;

    [Fact]
    public async Task WebSearchAsync_posts_to_the_experimental_route_of_a_local_server()
    {
        var handler = new FakeHttpHandler().EnqueueJson(SearchJson);
        using var client = TestClient.Create(handler);

        var result = await client.WebSearchAsync("what is ollama");

        Assert.Equal(HttpMethod.Post, handler.LastRequest.Method);
        Assert.Equal("http://127.0.0.1:11434/api/experimental/web_search", handler.LastRequest.Uri.AbsoluteUri);
        JsonAssert.Equal("""{"query":"what is ollama"}""", handler.LastRequest.Body);
        Assert.Equal(2, result.Results.Count);
        Assert.Equal("Ollama", result.Results[0].Title);
        Assert.Equal("https://ollama.com/", result.Results[0].Url);
        Assert.Equal("Get up and running with large language models <fast>.", result.Results[0].Content);
        Assert.Equal("Run Llama & friends.", result.Results[1].Content);
    }

    [Fact]
    public async Task WebSearchAsync_with_max_results_posts_to_ollama_com_directly_with_the_api_key()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"results":[]}""");
        using var client = TestClient.Create(handler, o =>
        {
            o.Endpoint = new Uri("https://ollama.com");
            o.ApiKey = "key-123";
        });

        var result = await client.WebSearchAsync("llamas", maxResults: 3);

        Assert.Equal("https://ollama.com/api/web_search", handler.LastRequest.Uri.AbsoluteUri);
        Assert.Equal("Bearer key-123", handler.LastRequest.Headers["Authorization"]);
        JsonAssert.Equal("""{"query":"llamas","max_results":3}""", handler.LastRequest.Body);
        Assert.Empty(result.Results);
    }

    [Fact]
    public async Task WebFetchAsync_posts_the_url_and_reads_title_content_and_links()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""
            {"title":"Ollama","content":"Get up and running \u0026 more.","links":["https://ollama.com/blog","https://ollama.com/download"]}
            """);
        using var client = TestClient.Create(handler);

        var page = await client.WebFetchAsync("https://ollama.com");

        Assert.Equal("http://127.0.0.1:11434/api/experimental/web_fetch", handler.LastRequest.Uri.AbsoluteUri);
        JsonAssert.Equal("""{"url":"https://ollama.com"}""", handler.LastRequest.Body);
        Assert.Equal("Ollama", page.Title);
        Assert.Equal("Get up and running & more.", page.Content);
        Assert.Equal(["https://ollama.com/blog", "https://ollama.com/download"], page.Links!);
    }

    [Fact]
    public async Task WebFetchAsync_on_ollama_com_uses_the_direct_route_and_links_may_be_absent()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"title":"t","content":"c"}""");
        using var client = TestClient.Create(handler, o => o.Endpoint = new Uri("https://ollama.com:443"));
        var page = await client.WebFetchAsync("https://example.com");
        Assert.Equal("https://ollama.com/api/web_fetch", handler.LastRequest.Uri.AbsoluteUri);
        Assert.Null(page.Links);
    }

    [Fact]
    public async Task A_server_not_signed_in_gives_unauthorized_with_the_signin_url()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"error":"unauthorized","signin_url":"https://ollama.com/connect?name=h&key=k"}""", HttpStatusCode.Unauthorized);
        using var client = TestClient.Create(handler);
        var ex = await Assert.ThrowsAsync<OllamaUnauthorizedException>(() => client.WebSearchAsync("q"));
        Assert.Equal("https://ollama.com/connect?name=h&key=k", ex.SigninUrl);
    }

    [Fact]
    public async Task Cloud_disabled_gives_403_with_the_server_text()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"error":"ollama cloud is disabled: web search"}""", HttpStatusCode.Forbidden);
        using var client = TestClient.Create(handler);
        var ex = await Assert.ThrowsAsync<OllamaException>(() => client.WebFetchAsync("https://example.com"));
        Assert.Equal(HttpStatusCode.Forbidden, ex.StatusCode);
        Assert.Equal("ollama cloud is disabled: web search", ex.ServerMessage);
    }

    [Fact]
    public void Web_arguments_are_validated_before_sending()
    {
        var handler = new FakeHttpHandler();
        using var client = TestClient.Create(handler);
        Eager.Throws<ArgumentException>("query", () => client.WebSearchAsync(" "));
        Eager.Throws<ArgumentNullException>("query", () => client.WebSearchAsync(null!));
        Eager.Throws<ArgumentOutOfRangeException>("maxResults", () => client.WebSearchAsync("q", maxResults: 0));
        Eager.Throws<ArgumentException>("url", () => client.WebFetchAsync(""));
        Assert.Empty(handler.Requests);
    }
}
