using System.Text.Json;
using System.Text.Json.Nodes;
using Ollama.Net.Testing;

namespace Ollama.Net.IntegrationTests.Server;

public class ModelManagementTests
{
    private static readonly DateTimeOffset s_time = new(2025, 5, 6, 7, 8, 9, 123, TimeSpan.FromHours(-7));

    [Fact]
    public async Task Tags_lists_models_newest_first_with_details_capabilities_and_go_times()
    {
        await using var server = await Wire.StartAsync(
            new TestModel("old") { ModifiedAt = s_time.AddDays(-1) },
            new TestModel("qwen2.5:0.5b")
            {
                Capabilities = TestModelCapabilities.Completion | TestModelCapabilities.Tools,
                Family = "qwen2",
                ParameterSize = "494.03M",
                ContextLength = 32768,
                EmbeddingLength = 896,
                Size = 397_821_319,
                Digest = new string('a', 64),
                ModifiedAt = s_time,
            });
        using var http = Wire.Client(server);
        var r = await Wire.GetAsync(http, "/api/tags");

        var models = r.Json.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal(["qwen2.5:0.5b", "old:latest"], models.Select(m => m.Str("name")));
        var q = models[0];
        Assert.Equal(
            ["name", "model", "modified_at", "size", "digest", "details", "capabilities"],
            q.EnumerateObject().Select(p => p.Name));
        Assert.Equal("qwen2.5:0.5b", q.Str("model"));
        Assert.Equal("2025-05-06T07:08:09.123-07:00", q.Str("modified_at"));
        Assert.Equal(397_821_319, q.GetProperty("size").GetInt64());
        Assert.Equal(new string('a', 64), q.Str("digest"));
        Assert.Equal(
            """{"parent_model":"","format":"gguf","family":"qwen2","families":["qwen2"],"parameter_size":"494.03M","quantization_level":"Q4_K_M","context_length":32768,"embedding_length":896}""",
            q.GetProperty("details").GetRawText());
        Assert.Equal("""["completion","tools"]""", q.GetProperty("capabilities").GetRawText());
        Assert.Matches("^[0-9a-f]{64}$", models[1].Str("digest"));

        var head = await Wire.SendAsync(http, HttpMethod.Head, "/api/tags");
        Assert.Equal(200, head.Status);
        Assert.Empty(head.Bytes);
    }

    [Fact]
    public async Task Tags_is_empty_list_when_nothing_is_installed()
    {
        await using var server = await OllamaTestServer.StartAsync();
        using var http = Wire.Client(server);
        Assert.Equal("""{"models":[]}""", (await Wire.GetAsync(http, "/api/tags")).Text);
    }

    [Fact]
    public async Task Show_returns_modelfile_parameters_details_model_info_and_capabilities()
    {
        await using var server = await Wire.StartAsync(new TestModel("qwen3:0.6b")
        {
            Capabilities = TestModelCapabilities.Completion | TestModelCapabilities.Thinking,
            Family = "qwen3",
            System = "You are helpful.",
            License = "Apache 2.0",
            ContextLength = 40960,
            Parameters = new JsonObject { ["temperature"] = 0.6, ["stop"] = new JsonArray("<|im_end|>") },
            ModifiedAt = s_time,
        });
        using var http = Wire.Client(server);
        var j = (await Wire.PostAsync(http, "/api/show", """{"model":"qwen3:0.6b"}""")).Json;

        Assert.Equal("Apache 2.0", j.Str("license"));
        Assert.Contains("FROM ", j.Str("modelfile"));
        Assert.Contains("SYSTEM \"\"\"You are helpful.\"\"\"", j.Str("modelfile"));
        Assert.Equal("stop                           \"<|im_end|>\"\ntemperature                    0.6", j.Str("parameters"));
        Assert.Equal("{{ .Prompt }}", j.Str("template"));
        Assert.Equal("You are helpful.", j.Str("system"));
        Assert.Equal("qwen3", j.GetProperty("details").Str("family"));
        Assert.Equal("qwen3", j.GetProperty("model_info").Str("general.architecture"));
        Assert.Equal(40960, j.GetProperty("model_info").GetProperty("qwen3.context_length").GetInt32());
        Assert.Equal(0, j.GetProperty("model_info").GetProperty("tokenizer.ggml.tokens").GetArrayLength());
        Assert.Equal("""["completion","thinking"]""", j.GetProperty("capabilities").GetRawText());
        Assert.Equal("2025-05-06T07:08:09.123-07:00", j.Str("modified_at"));

        var verbose = (await Wire.PostAsync(http, "/api/show", """{"model":"qwen3:0.6b","verbose":true,"system":"Other","options":{"temperature":0.1}}""")).Json;
        Assert.True(verbose.GetProperty("model_info").GetProperty("tokenizer.ggml.tokens").GetArrayLength() > 5);
        Assert.Equal("Other", verbose.Str("system"));
        Assert.Contains("temperature                    0.1", verbose.Str("parameters"));
    }

    [Fact]
    public async Task Show_of_a_bare_model_always_has_details_and_model_info()
    {
        await using var server = await Wire.StartAsync(new TestModel("bare") { Capabilities = TestModelCapabilities.None });
        using var http = Wire.Client(server);
        var j = (await Wire.PostAsync(http, "/api/show", """{"name":"bare"}""")).Json;
        Assert.True(j.Has("details"));
        Assert.True(j.Has("model_info"));
        Assert.True(j.Has("modified_at"));
        Assert.False(j.Has("license"));
        Assert.False(j.Has("system"));
        Assert.False(j.Has("parameters"));
        Assert.False(j.Has("capabilities"));
    }

    [Fact]
    public async Task Copy_and_delete_return_empty_200_and_change_the_model_list()
    {
        await using var server = await Wire.StartAsync(Wire.Chat("src"));
        using var http = Wire.Client(server);

        var copy = await Wire.PostAsync(http, "/api/copy", """{"source":"src","destination":"me/dst:v1"}""");
        Assert.Equal(200, copy.Status);
        Assert.Empty(copy.Bytes);
        Assert.True(server.Models.Contains("me/dst:v1"));
        Assert.Equal(server.Models.Find("src")!.Digest, server.Models.Find("me/dst:v1")!.Digest);
        Assert.Equal(server.Models.Find("src")!.Capabilities, server.Models.Find("me/dst:v1")!.Capabilities);

        var delete = await Wire.SendAsync(http, HttpMethod.Delete, "/api/delete", """{"model":"src"}""");
        Assert.Equal(200, delete.Status);
        Assert.Empty(delete.Bytes);
        Assert.Equal(["me/dst:v1"], server.Models.Select(m => m.Name));

        var chat = await Wire.PostAsync(http, "/api/chat", """{"model":"src","messages":[{"role":"user","content":"x"}]}""");
        Assert.Equal(404, chat.Status);

        var badCopy = await Wire.PostAsync(http, "/api/copy", """{"source":"me/dst:v1"}""");
        Assert.Equal(400, badCopy.Status);
    }

    [Fact]
    public async Task Ps_lists_used_models_with_expiry_vram_and_context_length()
    {
        await using var server = await Wire.StartAsync(Wire.Chat("a"), new TestModel("b") { Size = 1234, ContextLength = 8192 });
        using var http = Wire.Client(server);
        Assert.Equal("""{"models":[]}""", (await Wire.GetAsync(http, "/api/ps")).Text);

        var before = DateTimeOffset.Now;
        await Wire.PostAsync(http, "/api/generate", """{"model":"a","prompt":"x","keep_alive":"1m","stream":false}""");
        await Wire.PostAsync(http, "/api/generate", """{"model":"b","prompt":"x","keep_alive":-1,"options":{"num_ctx":2048},"stream":false}""");

        var models = (await Wire.GetAsync(http, "/api/ps")).Json.GetProperty("models").EnumerateArray().ToList();
        Assert.Equal(["b:latest", "a:latest"], models.Select(m => m.Str("name")));
        var b = models[0];
        Assert.Equal(
            ["name", "model", "size", "digest", "details", "expires_at", "size_vram", "context_length"],
            b.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1234, b.GetProperty("size").GetInt64());
        Assert.Equal(1234, b.GetProperty("size_vram").GetInt64());
        Assert.Equal(2048, b.GetProperty("context_length").GetInt32());
        Assert.True(b.GetProperty("expires_at").GetDateTimeOffset() > before.AddYears(100));
        var a = models[1];
        Assert.Equal(4096, a.GetProperty("context_length").GetInt32());
        Assert.InRange(a.GetProperty("expires_at").GetDateTimeOffset(), before.AddSeconds(59), before.AddHours(1));
        Assert.Equal(["b:latest", "a:latest"], server.LoadedModels);
    }

    [Fact]
    public async Task Pull_streams_manifest_layers_verification_and_success_then_installs_the_model()
    {
        var options = new OllamaTestServerOptions { ProgressSteps = 2 };
        options.Registry.Add(new TestModel("llama3.2:1b") { LayerSizes = [1000, 10] });
        await using var server = await OllamaTestServer.StartAsync(options);
        using var http = Wire.Client(server);

        var r = await Wire.PostAsync(http, "/api/pull", """{"model":"llama3.2:1b"}""");

        Assert.Equal("application/x-ndjson", r.ContentType?.MediaType);
        var lines = r.Lines;
        Assert.Equal("""{"status":"pulling manifest"}""", lines[0].GetRawText());
        var layer = lines[1];
        var digest = layer.Str("digest");
        Assert.Matches("^sha256:[0-9a-f]{64}$", digest);
        Assert.Equal("pulling " + digest[7..19], layer.Str("status"));
        Assert.Equal(1000, layer.GetProperty("total").GetInt64());
        Assert.False(layer.Has("completed"));
        Assert.Equal([500, 1000], lines[2..4].Select(l => l.GetProperty("completed").GetInt64()));
        Assert.Equal(10, lines[4].GetProperty("total").GetInt64());
        Assert.Equal(
            ["verifying sha256 digest", "writing manifest", "success"],
            lines[^3..].Select(l => l.Str("status")));
        Assert.Equal("""{"status":"success"}""", lines[^1].GetRawText());
        Assert.Equal(10, lines.Count);
        Assert.True(server.Models.Contains("llama3.2:1b"));
    }

    [Fact]
    public async Task Pull_with_stream_false_returns_only_success()
    {
        await using var server = await Wire.StartAsync(Wire.Chat());
        using var http = Wire.Client(server);
        var r = await Wire.PostAsync(http, "/api/pull", """{"name":"m","stream":false}""");
        Assert.Equal("application/json", r.ContentType?.MediaType);
        Assert.Equal("""{"status":"success"}""", r.Text);
    }

    [Fact]
    public async Task Pull_of_an_unknown_model_ends_with_an_error_line_or_a_500()
    {
        await using var server = await OllamaTestServer.StartAsync();
        using var http = Wire.Client(server);
        var streamed = await Wire.PostAsync(http, "/api/pull", """{"model":"nope"}""");
        Assert.Equal(200, streamed.Status);
        Assert.Equal("{\"status\":\"pulling manifest\"}\n{\"error\":\"pull model manifest: file does not exist\"}\n", streamed.Text);

        var single = await Wire.PostAsync(http, "/api/pull", """{"model":"nope","stream":false}""");
        Assert.Equal(500, single.Status);
        Assert.Equal("pull model manifest: file does not exist", single.Error);
        Assert.Empty(server.Models);
    }

    [Fact]
    public async Task Push_streams_retrieving_pushing_layers_and_success()
    {
        var options = new OllamaTestServerOptions { ProgressSteps = 1 };
        options.Models.Add(new TestModel("me/model:v1") { LayerSizes = [42] });
        await using var server = await OllamaTestServer.StartAsync(options);
        using var http = Wire.Client(server);
        var lines = (await Wire.PostAsync(http, "/api/push", """{"model":"me/model:v1"}""")).Lines;
        Assert.Equal("retrieving manifest", lines[0].Str("status"));
        Assert.StartsWith("pushing ", lines[1].Str("status"));
        Assert.False(lines[1].Has("completed"));
        Assert.Equal(42, lines[2].GetProperty("completed").GetInt64());
        Assert.Equal(["pushing manifest", "success"], lines[^2..].Select(l => l.Str("status")));

        var missing = await Wire.PostAsync(http, "/api/push", """{"model":"me/none"}""");
        Assert.Equal(["retrieving manifest", "couldn't retrieve manifest"], missing.Lines[..2].Select(l => l.Str("status")));
        Assert.Equal(
            "open /root/.ollama/models/manifests/registry.ollama.ai/me/none/latest: no such file or directory",
            missing.Lines[^1].Str("error"));

        // Signed out, the registry refuses the manifest: an error line, never a 401 before the stream.
        server.SignedIn = false;
        var unauthorized = await Wire.PostAsync(http, "/api/push", """{"model":"me/model:v1"}""");
        Assert.Equal(200, unauthorized.Status);
        Assert.Equal("pushing manifest", unauthorized.Lines[^2].Str("status"));
        Assert.Equal("""{"error":"unauthorized: access denied"}""", unauthorized.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]);
    }

    [Fact]
    public async Task Create_from_an_installed_model_registers_the_new_model()
    {
        await using var server = await Wire.StartAsync(Wire.Chat("base"));
        using var http = Wire.Client(server);
        var r = await Wire.PostAsync(http, "/api/create",
            """{"model":"mine","from":"base","system":"Be brief.","parameters":{"temperature":0.2},"info":{"capabilities":["completion","thinking"],"context_length":1024}}""");

        var statuses = r.Lines.Select(l => l.Str("status")).ToList();
        Assert.All(statuses.Take(3), s => Assert.StartsWith("using existing layer sha256:", s));
        Assert.Contains(statuses, s => s.StartsWith("creating new layer sha256:", StringComparison.Ordinal));
        Assert.Equal(["writing manifest", "success"], statuses[^2..]);

        var created = server.Models.Find("mine")!;
        Assert.Equal("Be brief.", created.System);
        Assert.Equal("base:latest", created.ParentModel);
        Assert.Equal(TestModelCapabilities.Completion | TestModelCapabilities.Thinking, created.Capabilities);
        Assert.Equal(1024, created.ContextLength);
        Assert.Equal(0.2, created.Parameters!["temperature"]!.GetValue<double>());
        Assert.NotEqual(server.Models.Find("base")!.Digest, created.Digest);

        var chat = await Wire.PostAsync(http, "/api/chat", """{"model":"mine","think":true,"stream":false,"messages":[{"role":"user","content":"x"}]}""");
        Assert.Equal(200, chat.Status);
    }

    [Fact]
    public async Task Create_from_a_registry_model_pulls_it_first()
    {
        var options = new OllamaTestServerOptions();
        options.Registry.Add(Wire.Chat("remote"));
        await using var server = await OllamaTestServer.StartAsync(options);
        using var http = Wire.Client(server);
        var lines = (await Wire.PostAsync(http, "/api/create", """{"model":"mine","from":"remote"}""")).Lines;
        // parseFromModel pulls the missing model (its own success line included), then the create goes on.
        var statuses = lines.Select(l => l.Str("status")).ToList();
        Assert.Equal("pulling manifest", statuses[0]);
        Assert.Equal(2, statuses.Count(st => st == "success"));
        Assert.Equal(["writing manifest", "success"], statuses[^2..]);
        Assert.True(server.Models.Contains("remote"));
        Assert.True(server.Models.Contains("mine"));

        var missing = await Wire.PostAsync(http, "/api/create", """{"model":"x","from":"nowhere","stream":false}""");
        Assert.Equal(500, missing.Status);
        Assert.Equal("pull model manifest: file does not exist", missing.Error);
    }

    [Fact]
    public async Task Create_from_files_needs_the_blobs_and_can_quantize()
    {
        await using var server = await OllamaTestServer.StartAsync();
        using var http = Wire.Client(server);
        var digest = server.Blobs.Add("GGUF fake weights"u8);

        var neither = await Wire.PostAsync(http, "/api/create", """{"model":"x"}""");
        Assert.Equal(400, neither.Status);
        Assert.Equal("neither 'from' or 'files' was specified", neither.Error);

        // A missing blob fails where the handler opens it, after "parsing GGUF".
        var missing = await Wire.PostAsync(http, "/api/create", $$$"""{"model":"x","files":{"model.gguf":"sha256:{{{new string('1', 64)}}}"}}""");
        Assert.Equal(200, missing.Status);
        Assert.Equal("parsing GGUF", missing.Lines[0].Str("status"));
        Assert.Equal($"open /root/.ollama/models/blobs/sha256-{new string('1', 64)}: no such file or directory", missing.Lines[1].Str("error"));

        var absolute = await Wire.PostAsync(http, "/api/create", $$$"""{"model":"x","files":{"/etc/model.gguf":"{{{digest}}}"}}""");
        Assert.Equal(400, absolute.Status);
        Assert.Equal("file path must be relative", absolute.Error);

        var badQuant = await Wire.PostAsync(http, "/api/create", $$$"""{"model":"x","quantize":"q3_weird","files":{"model.gguf":"{{{digest}}}"}}""");
        Assert.Equal(
            "unsupported quantization type Q3_WEIRD - supported types are F32, F16, Q4_K_S, Q4_K_M, Q8_0",
            badQuant.Lines[^1].Str("error"));

        var ok = await Wire.PostAsync(http, "/api/create", $$$"""{"model":"x","quantize":"q4_K_M","files":{"model.gguf":"{{{digest}}}"}}""");
        var lines = ok.Lines;
        Assert.Equal("parsing GGUF", lines[0].Str("status"));
        var quant = lines.Where(l => l.Str("status") == "quantizing F16 model to Q4_K_M").ToList();
        Assert.NotEmpty(quant);
        Assert.All(quant, q => Assert.Equal("0000000000000000000", q.Str("digest")));
        Assert.Equal(
            ["verifying conversion", "creating new layer", "writing manifest", "success"],
            lines.Skip(1 + quant.Count).Select(l => l.Str("status").Split(" sha256:")[0]));
        Assert.Equal("Q4_K_M", server.Models.Find("x")!.QuantizationLevel);

        var single = await Wire.PostAsync(http, "/api/create", $$$"""{"model":"y","files":{"model.gguf":"{{{digest}}}"},"stream":false}""");
        Assert.Equal("""{"status":"success"}""", single.Text);
    }

    [Fact]
    public async Task Show_reports_renderer_parser_messages_projector_tensors_and_requires()
    {
        await using var server = await Wire.StartAsync(new TestModel("vis")
        {
            Capabilities = TestModelCapabilities.Completion | TestModelCapabilities.Vision,
            Renderer = "qwen3-vl",
            Parser = "qwen3",
            Requires = "0.12.0",
            Messages = [new JsonObject { ["role"] = "user", ["content"] = "hi" }, new JsonObject { ["role"] = "assistant", ["content"] = "hello" }],
            EmbeddingLength = 8,
        });
        using var http = Wire.Client(server);
        var j = (await Wire.PostAsync(http, "/api/show", """{"model":"vis"}""")).Json;
        Assert.Equal("qwen3-vl", j.Str("renderer"));
        Assert.Equal("qwen3", j.Str("parser"));
        Assert.Equal("0.12.0", j.Str("requires"));
        Assert.Equal("""[{"role":"user","content":"hi"},{"role":"assistant","content":"hello"}]""", j.GetProperty("messages").GetRawText());
        Assert.True(j.GetProperty("projector_info").GetProperty("clip.has_vision_encoder").GetBoolean());
        var tensor = j.GetProperty("tensors")[0];
        Assert.Equal("token_embd.weight", tensor.Str("name"));
        Assert.Equal(8, tensor.GetProperty("shape")[0].GetInt64());
        Assert.False(j.Has("remote_host"));
    }

    [Fact]
    public async Task Remote_models_report_remote_host_and_model_everywhere()
    {
        await using var server = await Wire.StartAsync(new TestModel("gpt-oss:120b-cloud") { RemoteHost = "https://ollama.com:443", RemoteModel = "gpt-oss:120b" });
        using var http = Wire.Client(server);

        var tag = (await Wire.GetAsync(http, "/api/tags")).Json.GetProperty("models")[0];
        Assert.Equal(["name", "model", "remote_model", "remote_host", "modified_at"], tag.EnumerateObject().Select(p => p.Name).Take(5));
        Assert.Equal("https://ollama.com:443", tag.Str("remote_host"));

        var show = (await Wire.PostAsync(http, "/api/show", """{"model":"gpt-oss:120b-cloud"}""")).Json;
        Assert.Equal("gpt-oss:120b", show.Str("remote_model"));

        var chat = (await Wire.PostAsync(http, "/api/chat", """{"model":"gpt-oss:120b-cloud","stream":false,"messages":[{"role":"user","content":"x"}]}""")).Json;
        Assert.Equal(["model", "remote_model", "remote_host", "created_at"], chat.EnumerateObject().Select(p => p.Name).Take(4));
        Assert.Equal("gpt-oss:120b-cloud", chat.Str("model"));
    }

    [Fact]
    public async Task Create_keeps_messages_renderer_parser_requires_and_can_make_a_remote_model()
    {
        await using var server = await Wire.StartAsync(Wire.Chat("base"));
        using var http = Wire.Client(server);
        await Wire.PostAsync(http, "/api/create",
            """{"model":"seeded","from":"base","messages":[{"role":"user","content":"q"},{"role":"assistant","content":"a"}],"renderer":"r","parser":"p","requires":"0.14.0","license":["MIT","Apache"],"stream":false}""");
        var seeded = (await Wire.PostAsync(http, "/api/show", """{"model":"seeded"}""")).Json;
        Assert.Equal(2, seeded.GetProperty("messages").GetArrayLength());
        Assert.Equal("r", seeded.Str("renderer"));
        Assert.Equal("p", seeded.Str("parser"));
        Assert.Equal("0.14.0", seeded.Str("requires"));
        Assert.Equal("MIT\nApache", seeded.Str("license"));

        var remote = await Wire.PostAsync(http, "/api/create", """{"model":"proxy","from":"llama3:8b","remote_host":"http://gpu-box:11434","stream":false}""");
        Assert.Equal("""{"status":"success"}""", remote.Text);
        var proxy = server.Models.Find("proxy")!;
        Assert.Equal("http://gpu-box:11434", proxy.RemoteHost);
        Assert.Equal("llama3:8b", proxy.RemoteModel);
    }

    [Fact]
    public void TestModel_validates_and_normalizes_names()
    {
        Assert.Equal("all-minilm:latest", new TestModel("all-minilm").Name);
        Assert.Equal("me/m:v2", new TestModel("registry.ollama.ai/me/m:v2").Name);
        Assert.Equal("qwen2.5:0.5b", new TestModel("registry.ollama.ai/library/qwen2.5:0.5b").Name);
        Assert.Equal("example.com/ns/m:latest", new TestModel("example.com/ns/m").Name);
        Assert.Throws<ArgumentException>(() => new TestModel("bad name"));
        Assert.Throws<ArgumentException>(() => new TestModel(""));
        Assert.Throws<ArgumentException>(() => new TestModel("a/b/c/d"));
    }

    [Fact]
    public async Task TestModelCollection_matches_names_like_ollama()
    {
        await using var server = await OllamaTestServer.StartAsync();
        var models = server.Models;
        models.Add(new TestModel("Qwen3:0.6B")).Add(new TestModel("x"));
        Assert.True(models.Contains("qwen3:0.6b"));
        Assert.True(models.Contains("X:latest"));
        Assert.Equal(2, models.Count);
        models.Add(new TestModel("x") { Size = 5 });
        Assert.Equal(2, models.Count);
        Assert.Equal(5, models.Find("x")!.Size);
        Assert.Null(models.Find("bad name"));
        Assert.True(models.Remove("X"));
        Assert.False(models.Remove("X"));
        models.Clear();
        Assert.Empty(models);
    }
}
