using Ollama.Net.Testing;

namespace Ollama.Net.IntegrationTests.Server;

/// <summary>Status codes and error bodies of spec section 3.</summary>
public class ErrorTests
{
    private static async Task<Wire.Reply> Post(string path, string? body, params TestModel[] models)
    {
        await using var server = await Wire.StartAsync(models.Length == 0 ? [Wire.Chat(), Wire.Thinker("t"), Wire.Embedder("e")] : models);
        using var http = Wire.Client(server);
        return await Wire.PostAsync(http, path, body);
    }

    [Theory]
    [InlineData("/api/generate")]
    [InlineData("/api/chat")]
    [InlineData("/api/embed")]
    [InlineData("/api/embeddings")]
    [InlineData("/api/show")]
    [InlineData("/api/create")]
    [InlineData("/api/copy")]
    [InlineData("/api/pull")]
    [InlineData("/api/push")]
    [InlineData("/api/experimental/web_search")]
    public async Task Missing_body_is_400(string path)
    {
        var r = await Post(path, null);
        Assert.Equal(400, r.Status);
        Assert.Equal("application/json", r.ContentType?.MediaType);
        Assert.Equal("""{"error":"missing request body"}""", r.Text);
    }

    [Theory]
    [InlineData("""{"model":"m","messages":[""", "unexpected EOF")]
    [InlineData("""xyz""", "invalid character 'x' looking for beginning of value")]
    [InlineData("""[1,2]""", "json: cannot unmarshal array into Go value of type api.ChatRequest")]
    [InlineData("""{"model":5}""", "json: cannot unmarshal number into Go struct field ChatRequest.model of type string")]
    [InlineData("""{"model":"m","stream":"yes"}""", "json: cannot unmarshal string into Go struct field ChatRequest.stream of type bool")]
    [InlineData("""{"model":"m","messages":{}}""", "json: cannot unmarshal object into Go struct field ChatRequest.messages of type []api.Message")]
    [InlineData("""{"model":"m","top_logprobs":1.5}""", "json: cannot unmarshal number 1.5 into Go struct field ChatRequest.top_logprobs of type int")]
    public async Task Malformed_or_mistyped_body_is_400_with_the_go_decoder_text(string body, string error)
    {
        var r = await Post("/api/chat", body);
        Assert.Equal(400, r.Status);
        Assert.Equal(error, r.Error);
    }

    /// <summary>Each handler words a missing model its own way (spec §3, "Exact wordings by endpoint").</summary>
    [Theory]
    [InlineData("/api/generate", """{"prompt":"x"}""", 404, "model '' not found")]
    [InlineData("/api/generate", """{"model":"  ","prompt":"x"}""", 404, "model '  ' not found")]
    [InlineData("/api/embed", """{"input":"x"}""", 404, "model '' not found")]
    [InlineData("/api/embed", """null""", 404, "model '' not found")]
    [InlineData("/api/chat", """{"messages":[]}""", 400, "model is required")]
    [InlineData("/api/chat", """null""", 400, "model is required")]
    [InlineData("/api/embeddings", """{"prompt":"x"}""", 400, "model is required")]
    [InlineData("/api/show", """{}""", 400, "model is required")]
    [InlineData("/api/delete", """{"model":""}""", 400, "model is required")]
    [InlineData("/api/push", """{}""", 400, "model is required")]
    [InlineData("/api/pull", """{}""", 400, "invalid model name")]
    [InlineData("/api/create", """{"from":"m"}""", 400, "invalid model name")]
    [InlineData("/api/copy", """{}""", 400, "source \"\" is invalid")]
    [InlineData("/api/copy", """{"source":"m"}""", 400, "destination \"\" is invalid")]
    public async Task Missing_model_uses_each_handlers_wording(string path, string body, int status, string error)
    {
        await using var server = await Wire.StartAsync(Wire.Chat());
        using var http = Wire.Client(server);
        var r = await Wire.SendAsync(http, path == "/api/delete" ? HttpMethod.Delete : HttpMethod.Post, path, body);
        Assert.Equal(status, r.Status);
        Assert.Equal(error, r.Error);
        Assert.Equal("application/json; charset=utf-8", r.ContentType?.ToString());
    }

    [Theory]
    [InlineData("/api/generate", "invalid model name")]
    [InlineData("/api/chat", "invalid model name")]
    [InlineData("/api/embed", "invalid model name")]
    [InlineData("/api/embeddings", "invalid model name")]
    [InlineData("/api/show", "invalid model name")]
    [InlineData("/api/pull", "invalid model name")]
    [InlineData("/api/create", "invalid model name")]
    [InlineData("/api/copy", "source \"bad name!\" is invalid")]
    [InlineData("/api/delete", "name \"bad name!\" is invalid")]
    public async Task Invalid_model_name_is_400(string path, string error)
    {
        await using var server = await Wire.StartAsync(Wire.Chat());
        using var http = Wire.Client(server);
        var r = await Wire.SendAsync(
            http,
            path == "/api/delete" ? HttpMethod.Delete : HttpMethod.Post,
            path,
            """{"model":"bad name!","source":"bad name!","destination":"m2","from":"m","prompt":"x","input":"x","messages":[{"role":"user","content":"x"}]}""");
        Assert.Equal(400, r.Status);
        Assert.Equal(error, r.Error);
    }

    [Theory]
    [InlineData("/api/generate", """{"model":"nope","prompt":"x"}""", "model 'nope' not found")]
    [InlineData("/api/chat", """{"model":"nope","messages":[{"role":"user","content":"x"}]}""", "model 'nope' not found")]
    [InlineData("/api/embed", """{"model":"nope","input":"x"}""", "model \"nope\" not found, try pulling it first")]
    [InlineData("/api/show", """{"model":"nope"}""", "model 'nope:latest' not found")]
    [InlineData("/api/show", """{"name":"me/nope:v2"}""", "model 'me/nope:v2' not found")]
    [InlineData("/api/embeddings", """{"model":"nope","prompt":"x"}""", "model \"nope\" not found, try pulling it first")]
    [InlineData("/api/copy", """{"source":"nope","destination":"x"}""", "model \"nope\" not found")]
    public async Task Unknown_model_is_404_with_ollamas_wording(string path, string body, string error)
    {
        var r = await Post(path, body);
        Assert.Equal(404, r.Status);
        Assert.Equal(error, r.Error);
        Assert.Equal("application/json; charset=utf-8", r.ContentType?.ToString());
    }

    [Fact]
    public async Task Delete_of_unknown_model_is_404()
    {
        await using var server = await Wire.StartAsync();
        using var http = Wire.Client(server);
        var r = await Wire.SendAsync(http, HttpMethod.Delete, "/api/delete", """{"model":"nope"}""");
        Assert.Equal(404, r.Status);
        Assert.Equal("model 'nope' not found", r.Error);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(21)]
    public async Task Top_logprobs_out_of_range_is_400(int n)
    {
        var r = await Post("/api/generate", $$"""{"model":"m","prompt":"x","logprobs":true,"top_logprobs":{{n}}}""");
        Assert.Equal(400, r.Status);
        Assert.Equal("top_logprobs must be between 0 and 20", r.Error);
    }

    [Fact]
    public async Task Think_values_are_validated()
    {
        var bad = await Post("/api/chat", """{"model":"t","think":"extreme","messages":[{"role":"user","content":"x"}]}""");
        Assert.Equal(400, bad.Status);
        Assert.StartsWith("invalid think value", bad.Error);

        var wrongType = await Post("/api/chat", """{"model":"t","think":1,"messages":[{"role":"user","content":"x"}]}""");
        Assert.Equal(400, wrongType.Status);
        Assert.Equal("think must be a boolean or string (\"high\", \"medium\", \"low\", \"max\", true, or false)", wrongType.Error);

        var unsupported = await Post("/api/chat", """{"model":"m","think":true,"messages":[{"role":"user","content":"x"}]}""");
        Assert.Equal(400, unsupported.Status);
        Assert.Equal("\"m\" does not support thinking", unsupported.Error);

        var level = await Post("/api/generate", """{"model":"m","think":"low","prompt":"x"}""");
        Assert.Equal("\"m\" does not support thinking", level.Error);

        foreach (var ok in new[] { "false", "\"max\"", "\"medium\"", "true" })
        {
            Assert.Equal(200, (await Post("/api/chat", $$"""{"model":"t","think":{{ok}},"stream":false,"messages":[{"role":"user","content":"x"}]}""")).Status);
        }
    }

    [Theory]
    [InlineData("\"10\"", "time: missing unit in duration \"10\"")]
    [InlineData("\"abc\"", "time: invalid duration \"abc\"")]
    [InlineData("\"5y\"", "time: unknown unit \"y\" in duration \"5y\"")]
    [InlineData("true", "Unsupported type: 'bool'")]
    [InlineData("[1]", "Unsupported type: '[]interface {}'")]
    [InlineData("{}", "Unsupported type: 'map[string]interface {}'")]
    public async Task Bad_keep_alive_is_400(string value, string error)
    {
        var r = await Post("/api/chat", $$"""{"model":"m","keep_alive":{{value}},"messages":[{"role":"user","content":"x"}]}""");
        Assert.Equal(400, r.Status);
        Assert.Equal(error, r.Error);
    }

    [Theory]
    [InlineData("300")]
    [InlineData("0.5")]
    [InlineData("-1")]
    [InlineData("\"1h30m\"")]
    [InlineData("\"-1m\"")]
    [InlineData("\"300ms\"")]
    [InlineData("\"0\"")]
    public async Task Valid_keep_alive_values_are_accepted(string value)
    {
        var r = await Post("/api/generate", $$"""{"model":"m","keep_alive":{{value}},"prompt":"x","stream":false}""");
        Assert.Equal(200, r.Status);
    }

    [Fact]
    public async Task Capability_errors_are_400()
    {
        const string tools = """ "tools":[{"type":"function","function":{"name":"f"}}] """;
        var noTools = await Post("/api/chat", $$"""{"model":"t",{{tools}},"messages":[{"role":"user","content":"x"}]}""");
        Assert.Equal(400, noTools.Status);
        Assert.Equal("registry.ollama.ai/library/t:latest does not support tools", noTools.Error);

        var embedChat = await Post("/api/chat", """{"model":"e","messages":[{"role":"user","content":"x"}]}""");
        Assert.Equal("\"e\" does not support chat", embedChat.Error);

        var embedGenerate = await Post("/api/generate", """{"model":"e","prompt":"x"}""");
        Assert.Equal("\"e\" does not support generate", embedGenerate.Error);

        var badImage = await Post("/api/generate", """{"model":"m","prompt":"x","images":["not base64!"]}""");
        Assert.Equal(400, badImage.Status);
        Assert.StartsWith("illegal base64 data", badImage.Error);
    }

    [Theory]
    [InlineData("""{"model":"e","input":5}""")]
    [InlineData("""{"model":"e","input":["a",1]}""")]
    [InlineData("""{"model":"e","input":{"text":"a"}}""")]
    public async Task Embed_invalid_input_type_is_400(string body)
    {
        var r = await Post("/api/embed", body);
        Assert.Equal(400, r.Status);
        Assert.Equal("invalid input type", r.Error);
    }

    [Fact]
    public async Task Option_of_the_wrong_type_is_500()
    {
        var stop = await Post("/api/generate", """{"model":"m","prompt":"x","options":{"stop":"\n"}}""");
        Assert.Equal(500, stop.Status);
        Assert.Equal("option \"stop\" must be of type array", stop.Error);

        var temp = await Post("/api/chat", """{"model":"m","options":{"temperature":"hot"},"messages":[{"role":"user","content":"x"}]}""");
        Assert.Equal("option \"temperature\" must be of type float32", temp.Error);

        var stops = await Post("/api/chat", """{"model":"m","options":{"stop":["a",1]},"messages":[{"role":"user","content":"x"}]}""");
        Assert.Equal(500, stops.Status);
        Assert.Equal("option \"stop\" must be of an array of strings", stops.Error);

        var count = await Post("/api/generate", """{"model":"m","prompt":"x","options":{"num_ctx":"big"}}""");
        Assert.Equal("option \"num_ctx\" must be of type integer", count.Error);

        var mmap = await Post("/api/generate", """{"model":"m","prompt":"x","options":{"use_mmap":1}}""");
        Assert.Equal("option \"use_mmap\" must be of type boolean", mmap.Error);

        var unknown = await Post("/api/generate", """{"model":"m","prompt":"x","stream":false,"options":{"mirostat":2,"low_vram":true}}""");
        Assert.Equal(200, unknown.Status);
    }

    [Fact]
    public async Task Invalid_format_is_500()
    {
        // The runner's text quotes the raw JSON with %q.
        var r = await Post("/api/generate", """{"model":"m","prompt":"x","format":"xml"}""");
        Assert.Equal(500, r.Status);
        Assert.Equal("invalid format: \"\\\"xml\\\"\"; expected \"json\" or a valid JSON Schema object", r.Error);
        Assert.Equal("invalid format: \"[1]\"; expected \"json\" or a valid JSON Schema object", (await Post("/api/chat", """{"model":"m","format":[1],"messages":[{"role":"user","content":"x"}]}""")).Error);
        Assert.Equal(200, (await Post("/api/generate", """{"model":"m","prompt":"x","format":"","stream":false}""")).Status);
    }

    [Fact]
    public async Task Unknown_fields_are_ignored()
    {
        var r = await Post("/api/chat", """{"model":"m","stream":false,"surprise":{"a":[1]},"messages":[{"role":"user","content":"x","extra":1}]}""");
        Assert.Equal(200, r.Status);
    }
}
