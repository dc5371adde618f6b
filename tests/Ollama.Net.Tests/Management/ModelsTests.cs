using System.Net;
using Ollama.Net.Tests.Infrastructure;

namespace Ollama.Net.Tests.Management;

public class ModelsTests
{
    private static readonly TimeSpan Pdt = TimeSpan.FromHours(-7);

    [Fact]
    public async Task ListModelsAsync_gets_api_tags_and_reads_go_quirks()
    {
        var handler = new FakeHttpHandler().EnqueueJson(WireSamples.Tags);
        using var client = TestClient.Create(handler);

        var result = await client.ListModelsAsync();

        Assert.Equal(HttpMethod.Get, handler.LastRequest.Method);
        Assert.Equal("http://127.0.0.1:11434/api/tags", handler.LastRequest.Uri.AbsoluteUri);
        Assert.Null(handler.LastRequest.Body);
        Assert.Equal(3, result.Models.Count);

        var llama = result.Models[0];
        Assert.Equal("llama3.2:latest", llama.Name);
        Assert.Equal("llama3.2:latest", llama.Model);
        Assert.Equal(new DateTimeOffset(2025, 5, 4, 17, 37, 44, Pdt).AddTicks(7060153), llama.ModifiedAt);
        Assert.Equal(Pdt, llama.ModifiedAt.Offset);
        Assert.Equal(2019393189L, llama.Size);
        Assert.Equal("a80c4f17acd55265feec403c7aef86be0c25983ab279d83f3bcd3abbcb5b8b72", llama.Digest);
        Assert.Equal("gguf", llama.Details.Format);
        Assert.Equal("llama", llama.Details.Family);
        Assert.Equal(["llama"], llama.Details.Families!);
        Assert.Equal("3.2B", llama.Details.ParameterSize);
        Assert.Equal("Q4_K_M", llama.Details.QuantizationLevel);
        Assert.Equal("", llama.Details.ParentModel);
        Assert.Equal(131072, llama.Details.ContextLength);
        Assert.Equal(3072, llama.Details.EmbeddingLength);
        Assert.Equal([ModelCapability.Completion, ModelCapability.Tools], llama.Capabilities!);
        Assert.Null(llama.RemoteHost);

        var nomic = result.Models[1];
        Assert.Null(nomic.Details.Families); // Go nil slice → null
        Assert.Null(nomic.Details.ContextLength);
        Assert.Equal(new DateTimeOffset(2024, 6, 4, 14, 38, 31, 800, Pdt), nomic.ModifiedAt); // one fractional digit
        Assert.Equal(ModelCapability.Embedding, Assert.Single(nomic.Capabilities!));

        var cloud = result.Models[2];
        Assert.Equal("gpt-oss:120b", cloud.RemoteModel);
        Assert.Equal("https://ollama.com:443", cloud.RemoteHost);
        Assert.Equal(new DateTimeOffset(2025, 9, 22, 10, 0, 0, Pdt), cloud.ModifiedAt); // no fraction
        Assert.Null(cloud.Capabilities);
        Assert.Equal("", cloud.Details.Format);
    }

    [Fact]
    public async Task ListModelsAsync_reads_an_empty_list()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"models":[]}""");
        using var client = TestClient.Create(handler);
        Assert.Empty((await client.ListModelsAsync()).Models);
    }

    [Fact]
    public async Task ListRunningModelsAsync_gets_api_ps()
    {
        var handler = new FakeHttpHandler().EnqueueJson(WireSamples.Ps);
        using var client = TestClient.Create(handler);

        var result = await client.ListRunningModelsAsync();

        Assert.Equal(HttpMethod.Get, handler.LastRequest.Method);
        Assert.Equal("http://127.0.0.1:11434/api/ps", handler.LastRequest.Uri.AbsoluteUri);
        Assert.Equal(2, result.Models.Count);
        var gemma = result.Models[0];
        Assert.Equal("gemma3:4b", gemma.Name);
        Assert.Equal(6591830464L, gemma.Size);
        Assert.Equal(5333539264L, gemma.SizeVram);
        Assert.Equal(4096, gemma.ContextLength);
        Assert.Equal("a2af6cc3eb7fa8be8504abaf9b04e88f17a119ec3f04a3addf55f92841195f5a", gemma.Digest);
        Assert.Equal(new DateTimeOffset(2025, 10, 17, 16, 47, 7, Pdt).AddTicks(9335500), gemma.ExpiresAt);
        Assert.Equal(5333539264d / 6591830464d, gemma.GpuFraction, 12);
        Assert.Equal("gemma3", gemma.Details.Family);

        var forever = result.Models[1];
        Assert.Equal(2318, forever.ExpiresAt.Year); // keep_alive forever shows as a far-future date
        Assert.Equal(0, forever.GpuFraction);
        Assert.Equal(40960, forever.ContextLength);
    }

    [Fact]
    public async Task ListRunningModelsAsync_reads_nothing_loaded()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"models":[]}""");
        using var client = TestClient.Create(handler);
        Assert.Empty((await client.ListRunningModelsAsync()).Models);
    }

    [Fact]
    public async Task ShowModelAsync_posts_the_model_and_reads_every_section()
    {
        var handler = new FakeHttpHandler().EnqueueJson(WireSamples.Show);
        using var client = TestClient.Create(handler);

        var show = await client.ShowModelAsync("gemma3:4b");

        Assert.Equal(HttpMethod.Post, handler.LastRequest.Method);
        Assert.Equal("http://127.0.0.1:11434/api/show", handler.LastRequest.Uri.AbsoluteUri);
        JsonAssert.Equal("""{"model":"gemma3:4b"}""", handler.LastRequest.Body);

        Assert.StartsWith("Gemma Terms of Use\n", show.License, StringComparison.Ordinal);
        Assert.Equal("{{- range $i, $_ := .Messages }}<start_of_turn>{{ .Content }}<end_of_turn>{{ end }}", show.Template); // \u003c decoded
        Assert.Contains("PARAMETER stop <end_of_turn>", show.Modelfile, StringComparison.Ordinal);
        Assert.StartsWith("stop                           \"<end_of_turn>\"\ntemperature", show.Parameters, StringComparison.Ordinal);
        Assert.Equal("You are helpful & brief.", show.System);
        Assert.Equal("gemma3", show.Renderer);
        Assert.Equal("gemma3", show.Parser);
        Assert.Equal("4.3B", show.Details.ParameterSize);
        Assert.Equal(2, show.Messages!.Count);
        Assert.Equal(MessageRole.Assistant, show.Messages[1].Role);
        Assert.Equal("gemma3", show.Architecture);
        Assert.Equal(3880263168L, show.ParameterCount);
        Assert.Equal(131072L, show.ContextLength);
        Assert.Equal(2560L, show.EmbeddingLength);
        Assert.True(show.ModelInfo["tokenizer.ggml.add_bos_token"].GetBoolean());
        Assert.Equal(0, show.ModelInfo["tokenizer.ggml.tokens"].GetArrayLength()); // long arrays are emptied unless verbose
        Assert.Equal(896, show.ProjectorInfo!["clip.vision.image_size"].GetInt32());
        Assert.Equal(2, show.Tensors!.Count);
        Assert.Equal("token_embd.weight", show.Tensors[0].Name);
        Assert.Equal("Q6_K", show.Tensors[0].Type);
        Assert.Equal([2560UL, 262144UL], show.Tensors[0].Shape);
        Assert.True(show.HasCapability(ModelCapability.Vision));
        Assert.False(show.HasCapability(ModelCapability.Tools));
        Assert.Equal(new DateTimeOffset(2025, 8, 14, 9, 12, 3, 100, Pdt), show.ModifiedAt);
        Assert.Equal("0.6.0", show.Requires);
    }

    [Fact]
    public async Task ShowModelAsync_with_a_request_sends_verbose_system_and_options()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"details":{"parent_model":"","format":"gguf","family":"llama","families":null,"parameter_size":"1B","quantization_level":"Q8_0"},"model_info":{},"modified_at":"2025-01-01T00:00:00Z"}""");
        using var client = TestClient.Create(handler);

        var show = await client.ShowModelAsync(new ShowModelRequest("llama3.2:1b")
        {
            Verbose = true,
            System = "Be terse.",
            Options = new ModelOptions { Temperature = 0.2f },
        });

        JsonAssert.Equal("""{"model":"llama3.2:1b","system":"Be terse.","verbose":true,"options":{"temperature":0.2}}""", handler.LastRequest.Body);
        Assert.Empty(show.ModelInfo);
        Assert.Null(show.Architecture);
        Assert.Null(show.ContextLength);
        Assert.Null(show.Capabilities);
        Assert.False(show.HasCapability(ModelCapability.Completion));
    }

    [Theory]
    [InlineData("""{"error":"model 'nope' not found"}""")]
    [InlineData("""{"error":"model \"nope\" not found, try pulling it first"}""")]
    public async Task ShowModelAsync_throws_model_not_found_for_both_wordings(string body)
    {
        var handler = new FakeHttpHandler().EnqueueJson(body, HttpStatusCode.NotFound);
        using var client = TestClient.Create(handler);
        var ex = await Assert.ThrowsAsync<OllamaModelNotFoundException>(() => client.ShowModelAsync("nope"));
        Assert.Equal("nope", ex.ModelName);
        Assert.Equal(HttpStatusCode.NotFound, ex.StatusCode);
    }

    [Fact]
    public async Task CopyModelAsync_posts_source_and_destination_and_accepts_an_empty_200()
    {
        var handler = new FakeHttpHandler().Enqueue(FakeResponse.Empty(HttpStatusCode.OK));
        using var client = TestClient.Create(handler);

        await client.CopyModelAsync("llama3.2", "llama3.2-backup");

        Assert.Equal(HttpMethod.Post, handler.LastRequest.Method);
        Assert.Equal("http://127.0.0.1:11434/api/copy", handler.LastRequest.Uri.AbsoluteUri);
        JsonAssert.Equal("""{"source":"llama3.2","destination":"llama3.2-backup"}""", handler.LastRequest.Body);
    }

    [Fact]
    public async Task CopyModelAsync_throws_model_not_found_for_a_missing_source()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"error":"model \"ghost\" not found"}""", HttpStatusCode.NotFound);
        using var client = TestClient.Create(handler);
        var ex = await Assert.ThrowsAsync<OllamaModelNotFoundException>(() => client.CopyModelAsync("ghost", "copy"));
        Assert.Equal("ghost", ex.ModelName);
    }

    [Fact]
    public async Task DeleteModelAsync_sends_DELETE_with_a_json_body_and_accepts_an_empty_200()
    {
        var handler = new FakeHttpHandler().Enqueue(FakeResponse.Empty(HttpStatusCode.OK));
        using var client = TestClient.Create(handler);

        await client.DeleteModelAsync("llama3.2:1b");

        Assert.Equal(HttpMethod.Delete, handler.LastRequest.Method);
        Assert.Equal("http://127.0.0.1:11434/api/delete", handler.LastRequest.Uri.AbsoluteUri);
        Assert.StartsWith("application/json", handler.LastRequest.ContentType, StringComparison.Ordinal);
        JsonAssert.Equal("""{"model":"llama3.2:1b"}""", handler.LastRequest.Body);
    }

    [Theory]
    [InlineData("""{"error":"model 'gone' not found"}""")]
    [InlineData("""{"error":"model \"gone\" not found, try pulling it first"}""")]
    public async Task DeleteModelAsync_throws_model_not_found(string body)
    {
        var handler = new FakeHttpHandler().EnqueueJson(body, HttpStatusCode.NotFound);
        using var client = TestClient.Create(handler);
        var ex = await Assert.ThrowsAsync<OllamaModelNotFoundException>(() => client.DeleteModelAsync("gone"));
        Assert.Equal("gone", ex.ModelName);
    }

    [Fact]
    public async Task LoadModelAsync_posts_an_empty_generate()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"model":"llama3.2","created_at":"2025-01-01T00:00:00.5Z","response":"","done":true,"done_reason":"load"}""");
        using var client = TestClient.Create(handler);

        await client.LoadModelAsync("llama3.2");

        Assert.Equal("http://127.0.0.1:11434/api/generate", handler.LastRequest.Uri.AbsoluteUri);
        JsonAssert.Equal("""{"model":"llama3.2","stream":false}""", handler.LastRequest.Body);
    }

    [Fact]
    public async Task LoadModelAsync_with_keep_alive_sends_it()
    {
        var handler = new FakeHttpHandler()
            .EnqueueJson("""{"model":"m","created_at":"2025-01-01T00:00:00Z","response":"","done":true,"done_reason":"load"}""")
            .EnqueueJson("""{"model":"m","created_at":"2025-01-01T00:00:00Z","response":"","done":true,"done_reason":"load"}""");
        using var client = TestClient.Create(handler);

        await client.LoadModelAsync("m", KeepAlive.Forever);
        JsonAssert.Equal("""{"model":"m","stream":false,"keep_alive":-1}""", handler.LastRequest.Body);

        await client.LoadModelAsync("m", TimeSpan.FromMinutes(30));
        JsonAssert.Equal("""{"model":"m","stream":false,"keep_alive":1800}""", handler.LastRequest.Body);
    }

    [Fact]
    public async Task LoadModelAsync_loads_an_embedding_model_through_embed()
    {
        var handler = new FakeHttpHandler()
            .EnqueueJson("""{"error":"\"nomic-embed-text\" does not support generate"}""", HttpStatusCode.BadRequest)
            .EnqueueJson("""{"model":"nomic-embed-text","embeddings":[]}""");
        using var client = TestClient.Create(handler);

        await client.LoadModelAsync("nomic-embed-text", KeepAlive.Parse("1h"));

        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal("http://127.0.0.1:11434/api/embed", handler.LastRequest.Uri.AbsoluteUri);
        JsonAssert.Equal("""{"model":"nomic-embed-text","input":[],"keep_alive":"1h"}""", handler.LastRequest.Body);
    }

    [Fact]
    public async Task LoadModelAsync_does_not_hide_other_errors()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"error":"model 'x' not found"}""", HttpStatusCode.NotFound);
        using var client = TestClient.Create(handler);
        await Assert.ThrowsAsync<OllamaModelNotFoundException>(() => client.LoadModelAsync("x"));
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task UnloadModelAsync_posts_generate_with_keep_alive_zero()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"model":"llama3.2","created_at":"2025-01-01T00:00:00Z","response":"","done":true,"done_reason":"unload"}""");
        using var client = TestClient.Create(handler);

        await client.UnloadModelAsync("llama3.2");

        Assert.Equal(HttpMethod.Post, handler.LastRequest.Method);
        Assert.Equal("http://127.0.0.1:11434/api/generate", handler.LastRequest.Uri.AbsoluteUri);
        JsonAssert.Equal("""{"model":"llama3.2","stream":false,"keep_alive":0}""", handler.LastRequest.Body);
    }

    [Fact]
    public async Task GetModelRecommendationsAsync_reads_optional_fields()
    {
        var handler = new FakeHttpHandler().EnqueueJson(WireSamples.Recommendations);
        using var client = TestClient.Create(handler);

        var result = await client.GetModelRecommendationsAsync();

        Assert.Equal(HttpMethod.Get, handler.LastRequest.Method);
        Assert.Equal("http://127.0.0.1:11434/api/experimental/model-recommendations", handler.LastRequest.Uri.AbsoluteUri);
        Assert.Equal(2, result.Recommendations.Count);
        var first = result.Recommendations[0];
        Assert.Equal("gpt-oss:20b", first.Model);
        Assert.Equal("OpenAI's open-weight model", first.Description);
        Assert.Equal(131072, first.ContextLength);
        Assert.Equal(32768, first.MaxOutputTokens);
        Assert.Equal(14000000000L, first.VramBytes);
        Assert.Equal("free", first.RequiredPlan);
        var second = result.Recommendations[1];
        Assert.Equal("Coding & agents", second.Description);
        Assert.Null(second.ContextLength);
        Assert.Null(second.VramBytes);
        Assert.Null(second.RequiredPlan);
    }

    [Fact]
    public void Model_names_are_validated_before_sending()
    {
        var handler = new FakeHttpHandler();
        using var client = TestClient.Create(handler);
        Eager.Throws<ArgumentException>("model", () => client.ShowModelAsync(" "));
        Eager.Throws<ArgumentNullException>("request", () => client.ShowModelAsync((ShowModelRequest)null!));
        Eager.Throws<ArgumentException>("request", () => client.ShowModelAsync(new ShowModelRequest()));
        Eager.Throws<ArgumentException>("source", () => client.CopyModelAsync("", "b"));
        Eager.Throws<ArgumentException>("destination", () => client.CopyModelAsync("a", null!));
        Eager.Throws<ArgumentException>("model", () => client.DeleteModelAsync(""));
        Eager.Throws<ArgumentException>("model", () => client.LoadModelAsync(""));
        Eager.Throws<ArgumentException>("model", () => client.LoadModelAsync(" ", KeepAlive.Forever));
        Eager.Throws<ArgumentException>("model", () => client.UnloadModelAsync(""));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public void ModelCapability_is_an_open_case_insensitive_set()
    {
        Assert.Equal(ModelCapability.Tools, new ModelCapability("TOOLS"));
        Assert.Equal("future-thing", new ModelCapability("future-thing").Value);
        Assert.NotEqual(ModelCapability.Tools, ModelCapability.Thinking);
        Assert.Throws<ArgumentException>(() => new ModelCapability(" "));
        var parsed = System.Text.Json.JsonSerializer.Deserialize("""["audio","image","insert","thinking","brand-new"]""", global::Ollama.Net.Serialization.OllamaJsonContext.Default.IListModelCapability);
        Assert.Equal([ModelCapability.Audio, ModelCapability.Image, ModelCapability.Insert, ModelCapability.Thinking, new ModelCapability("brand-new")], parsed!);
    }
}
