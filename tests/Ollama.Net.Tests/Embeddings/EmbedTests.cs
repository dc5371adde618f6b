using Ollama.Net.Tests.Infrastructure;

namespace Ollama.Net.Tests.Embeddings;

public class EmbedTests
{
    private const string TwoVectors = """{"model":"nomic-embed-text","embeddings":[[0.1,0.2,0.3],[0.4,0.5,0.6]],"total_duration":14143917,"load_duration":1019500,"prompt_eval_count":8}""";

    [Fact]
    public async Task EmbedAsync_sends_a_single_input_as_a_string()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"model":"e","embeddings":[[1,0]]}""");
        using var client = TestClient.Create(handler);
        await client.EmbedAsync("e", "hello");
        Assert.Equal("http://127.0.0.1:11434/api/embed", handler.LastRequest.Uri.AbsoluteUri);
        JsonAssert.Equal("""{"model":"e","input":"hello"}""", handler.LastRequest.Body);
    }

    [Fact]
    public async Task EmbedAsync_sends_several_inputs_as_an_array()
    {
        var handler = new FakeHttpHandler().EnqueueJson(TwoVectors);
        using var client = TestClient.Create(handler);
        await client.EmbedAsync("nomic-embed-text", new[] { "a", "b" });
        JsonAssert.Equal("""{"model":"nomic-embed-text","input":["a","b"]}""", handler.LastRequest.Body);
    }

    [Fact]
    public async Task EmbedAsync_sends_every_request_field()
    {
        var handler = new FakeHttpHandler().EnqueueJson(TwoVectors);
        using var client = TestClient.Create(handler);
        await client.EmbedAsync(new EmbedRequest("e", "a", "b")
        {
            Truncate = false,
            Dimensions = 256,
            KeepAlive = KeepAlive.Parse("1h30m"),
            Options = new ModelOptions { NumCtx = 8192 },
        });
        JsonAssert.Equal("""{"model":"e","input":["a","b"],"truncate":false,"dimensions":256,"keep_alive":"1h30m","options":{"num_ctx":8192}}""", handler.LastRequest.Body);
    }

    [Fact]
    public async Task EmbedAsync_with_no_input_sends_an_empty_array()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"model":"e","embeddings":[]}""");
        using var client = TestClient.Create(handler);
        var result = await client.EmbedAsync(new EmbedRequest { Model = "e" });
        JsonAssert.Equal("""{"model":"e","input":[]}""", handler.LastRequest.Body);
        Assert.Empty(result.Embeddings);
        Assert.Equal(0, result.Dimensions);
        Assert.True(result.Buffer.IsEmpty);
    }

    [Fact]
    public async Task EmbedAsync_parses_vectors_into_one_contiguous_buffer()
    {
        var handler = new FakeHttpHandler().EnqueueJson(TwoVectors);
        using var client = TestClient.Create(handler);
        var result = await client.EmbedAsync("nomic-embed-text", new[] { "a", "b" });
        Assert.Equal(2, result.Embeddings.Count);
        Assert.Equal(3, result.Dimensions);
        Assert.Equal(new[] { 0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f }, result.Buffer.ToArray());
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(result.Buffer, out var whole));
        Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(result.Embeddings[1], out var second));
        Assert.Same(whole.Array, second.Array);
        Assert.Equal(3, second.Offset);
        Assert.Equal(new[] { 0.4f, 0.5f, 0.6f }, result.Embeddings[1].ToArray());
        Assert.Equal(TimeSpan.FromTicks(141439), result.TotalDuration);
        Assert.Equal(TimeSpan.FromTicks(10195), result.LoadDuration);
        Assert.Equal(8, result.PromptEvalCount);
        Assert.Equal("nomic-embed-text", result.Model);
    }

    [Fact]
    public void EmbedAsync_validates_arguments_before_sending()
    {
        var handler = new FakeHttpHandler();
        using var client = TestClient.Create(handler);
        Assert.Throws<ArgumentNullException>("request", () => { _ = client.EmbedAsync(null!); });
        Assert.Throws<ArgumentException>("request", () => { _ = client.EmbedAsync(new EmbedRequest { Input = ["x"] }); });
        Assert.Throws<ArgumentException>("request", () => { _ = client.EmbedAsync(new EmbedRequest { Model = "e", Input = null! }); });
        Assert.Throws<ArgumentException>("request", () => { _ = client.EmbedAsync(new EmbedRequest { Model = "e", Input = ["a", null!] }); });
        Assert.Throws<ArgumentException>("model", () => { _ = client.EmbedAsync("", "x"); });
        Assert.Throws<ArgumentNullException>("input", () => { _ = client.EmbedAsync("e", (string)null!); });
        Assert.Throws<ArgumentNullException>("inputs", () => { _ = client.EmbedAsync("e", (IEnumerable<string>)null!); });
        Assert.Throws<ArgumentException>("inputs", () => { _ = client.EmbedAsync("e", new[] { "a", null! }); });
        Assert.Empty(handler.Requests);
    }
}
