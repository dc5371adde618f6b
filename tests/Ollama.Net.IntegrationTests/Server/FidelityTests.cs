using Ollama.Net.Testing;
using Ollama.Net.Testing.Internal;

namespace Ollama.Net.IntegrationTests.Server;

/// <summary>
/// Behaviours where the test server follows Ollama's Go handlers (issue #14): check order, errors of the streaming phase,
/// runner failures, registry behaviour, lenient decoding. Each asserts status, body and content type exactly.
/// </summary>
public class FidelityTests
{
    private const string Json = "application/json; charset=utf-8";
    private const string BareJson = "application/json";
    private const string Image = "iVBORw0KGgo=";

    private static readonly string Wav = Convert.ToBase64String("RIFF\0\0\0\0WAVEfmt "u8);

    private static async Task<(OllamaTestServer Server, HttpClient Http)> StartAsync(params TestModel[] models)
    {
        var options = new OllamaTestServerOptions { ProgressSteps = 1 };
        foreach (var m in models)
        {
            options.Models.Add(m);
        }

        var server = await OllamaTestServer.StartAsync(options);
        return (server, Wire.Client(server));
    }

    private static void AssertError(Wire.Reply r, int status, string error, string contentType)
    {
        Assert.Equal(status, r.Status);
        Assert.Equal(JsonOut.ErrorText(error, null), r.Text);
        Assert.Equal(error, r.Error);
        Assert.Equal(contentType, r.ContentType?.ToString());
    }

    private static List<string> Statuses(Wire.Reply r) => [.. r.Lines.Select(l => l.TryGetProperty("status", out var s) ? s.GetString()! : "error: " + l.Str("error"))];

    [Theory]
    [InlineData("/api/generate", """{"model":"e","keep_alive":0}""")]
    [InlineData("/api/generate", """{"model":"img","keep_alive":"0"}""")]
    [InlineData("/api/generate", """{"model":"m","raw":true,"system":"s","keep_alive":0}""")]
    [InlineData("/api/generate", """{"model":"m","think":true,"suffix":"x","keep_alive":0}""")]
    [InlineData("/api/chat", """{"model":"e","messages":[],"keep_alive":0}""")]
    [InlineData("/api/chat", """{"model":"m","think":"high","tools":[{"type":"function","function":{"name":"f"}}],"options":{"temperature":"hot"},"keep_alive":0}""")]
    public async Task Any_model_unloads_before_the_capability_raw_think_and_option_checks(string path, string body)
    {
        var (server, http) = await StartAsync(Wire.Embedder("e"), new TestModel("m"), new TestModel("img") { Capabilities = TestModelCapabilities.Image });
        await using var _ = server;
        using var __ = http;
        var r = await Wire.PostAsync(http, path, body);
        Assert.Equal(200, r.Status);
        Assert.Equal(Json, r.ContentType?.ToString());
        Assert.Equal("unload", r.Json.Str("done_reason"));
        Assert.True(r.Json.GetProperty("done").GetBoolean());
    }

    [Theory]
    [InlineData("/api/generate", """{"model":"e"}""", 400, "\"e\" does not support generate")]
    [InlineData("/api/generate", """{"model":"img"}""", 400, "image generation models are not currently supported")]
    [InlineData("/api/generate", """{"model":"m","raw":true,"system":"s"}""", 400, "raw mode does not support template, system, or context")]
    [InlineData("/api/generate", """{"model":"e","think":true}""", 400, "\"e\" does not support thinking")]
    [InlineData("/api/generate", """{"model":"m","suffix":"x"}""", 400, "registry.ollama.ai/library/m:latest does not support insert")]
    [InlineData("/api/chat", """{"model":"e"}""", 400, "\"e\" does not support chat")]
    [InlineData("/api/chat", """{"model":"img","messages":[]}""", 400, "\"img\" does not support chat")]
    [InlineData("/api/chat", """{"model":"m","options":{"temperature":"hot"}}""", 500, "option \"temperature\" must be of type float32")]
    [InlineData("/api/chat", """{"model":"m","tools":[{"type":"function","function":{"name":"f"}}],"options":{"temperature":"hot"}}""", 400, "registry.ollama.ai/library/m:latest does not support tools")]
    public async Task A_load_passes_the_checks_first(string path, string body, int status, string error)
    {
        var (server, http) = await StartAsync(Wire.Embedder("e"), new TestModel("m"), new TestModel("img") { Capabilities = TestModelCapabilities.Image });
        await using var _ = server;
        using var __ = http;
        AssertError(await Wire.PostAsync(http, path, body), status, error, Json);
    }

    [Fact]
    public async Task A_load_with_debug_render_only_is_still_a_load()
    {
        var (server, http) = await StartAsync(new TestModel("m"));
        await using var _ = server;
        using var __ = http;
        var r = await Wire.PostAsync(http, "/api/generate", """{"model":"m","_debug_render_only":true}""");
        Assert.Equal("load", r.Json.Str("done_reason"));
        Assert.False(r.Json.Has("_debug_info"));
        Assert.Contains("m:latest", server.LoadedModels);
    }

    [Fact]
    public async Task A_bad_format_fails_in_the_runner_after_the_load_check()
    {
        var (server, http) = await StartAsync(new TestModel("m"));
        await using var _ = server;
        using var __ = http;
        const string error = "invalid format: \"\\\"yaml\\\"\"; expected \"json\" or a valid JSON Schema object";
        AssertError(await Wire.PostAsync(http, "/api/generate", """{"model":"m","prompt":"x","format":"yaml"}"""), 500, error, BareJson);
        AssertError(await Wire.PostAsync(http, "/api/generate", """{"model":"m","prompt":"x","format":"yaml","stream":false}"""), 500, error, Json);
        Assert.Equal("load", (await Wire.PostAsync(http, "/api/generate", """{"model":"m","format":"yaml"}""")).Json.Str("done_reason"));
    }

    [Fact]
    public async Task Images_for_a_model_without_vision_fail_as_llama_server_fails()
    {
        var (server, http) = await StartAsync(
            new TestModel("m"),
            new TestModel("vis") { Capabilities = TestModelCapabilities.Completion | TestModelCapabilities.Vision });
        await using var _ = server;
        using var __ = http;

        // /completion: no projector at all.
        var generate = await Wire.PostAsync(http, "/api/generate", $$"""{"model":"m","prompt":"x","images":["{{Image}}"]}""");
        AssertError(generate, 500, """{"error":{"code":500,"message":"Multimodal data provided, but model does not support multimodal requests.","type":"server_error"}}""", BareJson);

        // /v1/chat/completions: images and audio are told apart.
        var chat = await Wire.PostAsync(http, "/api/chat", $$"""{"model":"m","stream":false,"messages":[{"role":"user","content":"x","images":["{{Image}}"]}]}""");
        AssertError(chat, 500, """{"error":{"code":500,"message":"image input is not supported - hint: if this is unexpected, you may need to provide the mmproj","type":"server_error"}}""", Json);
        var audio = await Wire.PostAsync(http, "/api/chat", $$"""{"model":"vis","messages":[{"role":"user","content":"x","images":["{{Wav}}"]}]}""");
        AssertError(audio, 500, """{"error":{"code":500,"message":"audio input is not supported - hint: if this is unexpected, you may need to provide the mmproj","type":"server_error"}}""", BareJson);

        Assert.Equal(200, (await Wire.PostAsync(http, "/api/chat", $$"""{"model":"vis","stream":false,"messages":[{"role":"user","content":"x","images":["{{Image}}"]}]}""")).Status);

        // The handler itself lets them through: a load, and a debug render, succeed.
        Assert.Equal(200, (await Wire.PostAsync(http, "/api/generate", $$"""{"model":"m","prompt":"x","_debug_render_only":true,"images":["{{Image}}"]}""")).Status);
    }

    [Fact]
    public async Task Embedding_with_a_model_that_cannot_embed_fails_like_the_runner()
    {
        var (server, http) = await StartAsync(new TestModel("m"));
        await using var _ = server;
        using var __ = http;
        const string error = "This server does not support embeddings. Start it with `--embeddings`";
        AssertError(await Wire.PostAsync(http, "/api/embed", """{"model":"m","input":["a","b"]}"""), 501, error, Json);
        AssertError(await Wire.PostAsync(http, "/api/embeddings", """{"model":"m","prompt":"a"}"""), 500, error, Json);

        // An empty input only loads the model.
        Assert.Equal("""{"model":"m","embeddings":[]}""", (await Wire.PostAsync(http, "/api/embed", """{"model":"m","input":""}""")).Text);
        Assert.Equal("""{"embedding":[]}""", (await Wire.PostAsync(http, "/api/embeddings", """{"model":"m"}""")).Text);
    }

    [Fact]
    public async Task Stream_false_chat_keeps_tool_calls_only_when_the_request_had_tools()
    {
        var (server, http) = await StartAsync(Wire.Chat("m"));
        await using var _ = server;
        using var __ = http;
        var reply = new ScriptedReply { Content = "ok", ToolCalls = [new ScriptedToolCall("f")] };
        server.Replies.Enqueue("m", reply).Enqueue("m", reply).Enqueue("m", reply);
        const string messages = """ "messages":[{"role":"user","content":"x"}] """;

        var without = await Wire.PostAsync(http, "/api/chat", $$"""{"model":"m","stream":false,{{messages}}}""");
        Assert.False(without.Json.GetProperty("message").Has("tool_calls"));

        var streamed = await Wire.PostAsync(http, "/api/chat", $$"""{"model":"m",{{messages}}}""");
        Assert.Contains(streamed.Lines, l => l.GetProperty("message").Has("tool_calls"));

        var with = await Wire.PostAsync(http, "/api/chat", $$$"""{"model":"m","stream":false,"tools":[{"type":"function","function":{"name":"f"}}],{{{messages}}}}""");
        Assert.Equal("f", with.Json.GetProperty("message").GetProperty("tool_calls")[0].GetProperty("function").Str("name"));
    }

    [Fact]
    public async Task Generate_attaches_tool_calls_to_the_done_chunk()
    {
        var (server, http) = await StartAsync(Wire.Chat("m"));
        await using var _ = server;
        using var __ = http;
        server.Replies.Enqueue("m", new ScriptedReply { Content = "abcd", ChunkSize = 2, ToolCalls = [new ScriptedToolCall("f")] });
        var lines = (await Wire.PostAsync(http, "/api/generate", """{"model":"m","prompt":"x"}""")).Lines;
        Assert.Equal([false, false, true], lines.Select(l => l.Has("tool_calls")));
        Assert.True(lines[^1].GetProperty("done").GetBoolean());
    }

    [Fact]
    public async Task Pull_reports_the_manifest_error_in_the_stream_or_as_a_500()
    {
        var (server, http) = await StartAsync();
        await using var _ = server;
        using var __ = http;
        var streamed = await Wire.PostAsync(http, "/api/pull", """{"model":"nope"}""");
        Assert.Equal(200, streamed.Status);
        Assert.Equal("application/x-ndjson", streamed.ContentType?.ToString());
        Assert.Equal("{\"status\":\"pulling manifest\"}\n{\"error\":\"pull model manifest: file does not exist\"}\n", streamed.Text);

        AssertError(await Wire.PostAsync(http, "/api/pull", """{"model":"nope","stream":false}"""), 500, "pull model manifest: file does not exist", BareJson);
    }

    [Fact]
    public async Task Pull_of_an_installed_model_reports_each_layer_complete_once()
    {
        var (server, http) = await StartAsync(new TestModel("m") { LayerSizes = [100, 7] });
        await using var _ = server;
        using var __ = http;
        var lines = (await Wire.PostAsync(http, "/api/pull", """{"model":"m"}""")).Lines;
        Assert.Equal(6, lines.Count);
        Assert.Equal([100, 7], lines.Skip(1).Take(2).Select(l => l.GetProperty("completed").GetInt64()));
        Assert.Equal(["verifying sha256 digest", "writing manifest", "success"], lines.Skip(3).Select(l => l.Str("status")));

        var single = await Wire.PostAsync(http, "/api/pull", """{"model":"m","stream":false}""");
        Assert.Equal("""{"status":"success"}""", single.Text);
        Assert.Equal(BareJson, single.ContentType?.ToString());
    }

    [Fact]
    public async Task Push_signed_out_fails_inside_the_stream_or_as_a_500()
    {
        var (server, http) = await StartAsync(new TestModel("me/m") { LayerSizes = [5] });
        await using var _ = server;
        using var __ = http;
        server.SignedIn = false;
        var streamed = await Wire.PostAsync(http, "/api/push", """{"model":"me/m"}""");
        Assert.Equal(200, streamed.Status);
        Assert.Equal(
            ["retrieving manifest", "pushing " + server.Models.Find("me/m")!.Layers()[0].Digest[7..19], "pushing " + server.Models.Find("me/m")!.Layers()[0].Digest[7..19], "pushing manifest", "error: unauthorized: access denied"],
            Statuses(streamed));

        AssertError(await Wire.PostAsync(http, "/api/push", """{"model":"me/m","stream":false}"""), 500, "unauthorized: access denied", BareJson);
        var invalid = await Wire.PostAsync(http, "/api/push", """{"model":"bad name!"}""");
        Assert.Equal("error: unqualified name: registry.ollama.ai/library/bad name!:latest", Statuses(invalid)[^1]);
    }

    [Fact]
    public async Task Create_quantizes_only_f16_bf16_and_f32_sources_with_ollamas_types()
    {
        var (server, http) = await StartAsync(new TestModel("q4"), new TestModel("f16") { QuantizationLevel = "F16", LayerSizes = [1000] });
        await using var _ = server;
        using var __ = http;
        AssertError(
            await Wire.PostAsync(http, "/api/create", """{"model":"x","from":"f16","quantize":"q5_K_M"}"""),
            500, "unsupported quantization type Q5_K_M - supported types are F32, F16, Q4_K_S, Q4_K_M, Q8_0", BareJson);
        AssertError(
            await Wire.PostAsync(http, "/api/create", """{"model":"x","from":"q4","quantize":"q8_0","stream":false}"""),
            500, "quantization is only supported for F16, BF16 and F32 models", BareJson);

        var ok = await Wire.PostAsync(http, "/api/create", """{"model":"x","from":"f16","quantize":"q4_K"}""");
        Assert.Equal(
            ["quantizing F16 model to Q4_K", "quantizing F16 model to Q4_K", "verifying conversion", "creating new layer", "writing manifest", "success"],
            Statuses(ok).Select(s => s.Split(" sha256:")[0]));
        Assert.Equal("Q4_K_M", server.Models.Find("x")!.QuantizationLevel);

        // Same type: nothing to quantize.
        var same = await Wire.PostAsync(http, "/api/create", """{"model":"y","from":"f16","quantize":"f16"}""");
        Assert.Equal(["using existing layer", "writing manifest", "success"], Statuses(same).Select(s => s.Split(" sha256:")[0]));
    }

    [Fact]
    public async Task Create_from_files_refuses_what_is_not_gguf()
    {
        var (server, http) = await StartAsync();
        await using var _ = server;
        using var __ = http;
        var text = server.Blobs.Add("not a model"u8);
        var gguf = server.Blobs.Add("GGUF\x03\0\0\0"u8);

        var named = await Wire.PostAsync(http, "/api/create", $$$"""{"model":"x","files":{"model.gguf":"{{{text}}}"}}""");
        Assert.Equal(["parsing GGUF", "error: supplied file was not in GGUF format"], Statuses(named));
        AssertError(await Wire.PostAsync(http, "/api/create", $$$"""{"model":"x","stream":false,"files":{"model.gguf":"{{{text}}}"}}"""), 400, "supplied file was not in GGUF format", BareJson);
        AssertError(await Wire.PostAsync(http, "/api/create", $$$"""{"model":"x","files":{"weights":"{{{text}}}"}}"""), 400, "unknown type", BareJson);
        AssertError(await Wire.PostAsync(http, "/api/create", """{"model":"x","files":{}}"""), 400, "unknown type", BareJson);
        AssertError(await Wire.PostAsync(http, "/api/create", """{"model":"x"}"""), 400, "neither 'from' or 'files' was specified", BareJson);
        AssertError(await Wire.PostAsync(http, "/api/create", $$$"""{"model":"x","files":{"a/../b.gguf":"{{{gguf}}}"}}"""), 400, "file path must be relative", Json);
        AssertError(await Wire.PostAsync(http, "/api/create", """{"model":"x","files":{"m.gguf":""}}"""), 400, "invalid digest format", Json);

        // An unnamed blob with the GGUF magic is a GGUF model.
        var ok = await Wire.PostAsync(http, "/api/create", $$"""{"model":"x","files":{"weights":"{{gguf}}"},"license":["MIT","Apache"]}""");
        Assert.Equal(
            ["parsing GGUF", "validating GGUF model", "validating GGUF model", "verifying conversion", "creating new layer", "creating new layer", "creating new layer", "writing manifest", "success"],
            Statuses(ok).Select(s => s.Split(" sha256:")[0]));
        Assert.Equal("MIT\nApache", server.Models.Find("x")!.License);

        // The same create again finds its layers.
        var again = await Wire.PostAsync(http, "/api/create", $$"""{"model":"x","files":{"weights":"{{gguf}}"},"license":["MIT","Apache"]}""");
        Assert.Equal(3, Statuses(again).Count(s => s.StartsWith("using existing layer sha256:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Create_checks_info_inside_the_stream()
    {
        var (server, http) = await StartAsync(new TestModel("m"));
        await using var _ = server;
        using var __ = http;
        AssertError(await Wire.PostAsync(http, "/api/create", """{"model":"x","from":"m","info":{"context_length":-1}}"""), 400, "info field \"context_length\" must be a non-negative integer", BareJson);
        AssertError(await Wire.PostAsync(http, "/api/create", """{"model":"x","from":"m","info":{"model_family":1}}"""), 400, "info field \"model_family\" must be a string", BareJson);
        AssertError(await Wire.PostAsync(http, "/api/create", """{"model":"x","from":"m","info":{"embedding_length":"8"}}"""), 400, "info field \"embedding_length\" must be a number", BareJson);
    }

    [Fact]
    public async Task Text_after_the_json_body_is_ignored()
    {
        var (server, http) = await StartAsync(new TestModel("m"));
        await using var _ = server;
        using var __ = http;
        var r = await Wire.PostAsync(http, "/api/generate", """{"model":"m","prompt":"x","stream":false} and then {"junk""");
        Assert.Equal(200, r.Status);
        Assert.Equal(Json, r.ContentType?.ToString());
        Assert.Equal("x", r.Json.Str("response"));
    }

    [Fact]
    public async Task Negative_dimensions_are_ignored()
    {
        var (server, http) = await StartAsync(Wire.Embedder("e", dims: 16));
        await using var _ = server;
        using var __ = http;
        var r = await Wire.PostAsync(http, "/api/embed", """{"model":"e","input":"hello","dimensions":-3}""");
        Assert.Equal(200, r.Status);
        Assert.Equal(16, r.Json.GetProperty("embeddings")[0].GetArrayLength());
    }

    [Fact]
    public async Task A_model_without_families_sends_null()
    {
        var (server, http) = await StartAsync(new TestModel("m") { Families = [] });
        await using var _ = server;
        using var __ = http;
        Assert.Contains("\"families\":null", (await Wire.GetAsync(http, "/api/tags")).Text, StringComparison.Ordinal);
        Assert.Contains("\"families\":null", (await Wire.PostAsync(http, "/api/show", """{"model":"m"}""")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Streamed_errors_before_the_first_line_have_no_charset()
    {
        var (server, http) = await StartAsync(new TestModel("m"));
        await using var _ = server;
        using var __ = http;
        server.Faults.Next(Fault.ErrorAfterChunks(0, "runner crashed"));
        AssertError(await Wire.PostAsync(http, "/api/chat", """{"model":"m","messages":[{"role":"user","content":"x"}]}"""), 500, "runner crashed", BareJson);
        server.Faults.Next(Fault.ErrorAfterChunks(0, "runner crashed"));
        AssertError(await Wire.GetAsync(http, "/api/tags"), 500, "runner crashed", Json);
    }
}
