using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Ollama.Net.Tests.Infrastructure;

namespace Ollama.Net.Tests.Management;

public sealed class CreateTests : IDisposable
{
    private static readonly string[] CreateLines =
    [
        """{"status":"parsing GGUF"}""",
        """{"status":"quantizing F16 model to Q4_K_M","digest":"0000000000000000000","total":1000,"completed":400}""",
        """{"status":"quantizing F16 model to Q4_K_M","digest":"0000000000000000000","total":1000,"completed":1000}""",
        """{"status":"using existing layer sha256:6a0746a1ec1aef3e7ec53868f220ff6e389f6f8ef87a01d77c96807de94ca2aa"}""",
        """{"status":"creating new layer sha256:4fa551d4f938f68b8c1e6afa9d28befb70e3f33f75d0753248d530364aeea40f"}""",
        """{"status":"writing manifest"}""",
        """{"status":"success"}""",
    ];

    private readonly string _directory = Directory.CreateTempSubdirectory("ollama-create-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task CreateModelAsync_from_an_existing_model_sends_every_setting()
    {
        var handler = new FakeHttpHandler().EnqueueNdjson(CreateLines);
        using var client = TestClient.Create(handler);
        var request = new CreateModelRequest("mario")
        {
            From = "llama3.2",
            System = "You are Mario from Super Mario Bros.",
            Template = "{{ .System }}<|user|>{{ .Prompt }}",
            Parameters = new ModelOptions { Temperature = 1f, NumCtx = 8192, Stop = ["<|user|>"] },
            Messages = [Message.User("Who are you?"), Message.Assistant("It's-a me, Mario!")],
            Quantize = "q4_K_M",
            License = ["MIT"],
            Renderer = "llama3",
            Parser = "llama3",
            Requires = "0.14.0",
            Info = new JsonObject { ["capabilities"] = new JsonArray("tools"), ["context_length"] = 8192 },
        };

        var final = await client.CreateModelAsync(request);

        Assert.Equal(HttpMethod.Post, handler.LastRequest.Method);
        Assert.Equal("http://127.0.0.1:11434/api/create", handler.LastRequest.Uri.AbsoluteUri);
        JsonAssert.Equal("""
            {"model":"mario","stream":true,"quantize":"q4_K_M","from":"llama3.2",
             "template":"{{ .System }}<|user|>{{ .Prompt }}","license":"MIT","system":"You are Mario from Super Mario Bros.",
             "parameters":{"num_ctx":8192,"temperature":1,"stop":["<|user|>"]},
             "messages":[{"role":"user","content":"Who are you?"},{"role":"assistant","content":"It's-a me, Mario!"}],
             "renderer":"llama3","parser":"llama3","requires":"0.14.0",
             "info":{"capabilities":["tools"],"context_length":8192}}
            """, handler.LastRequest.Body);
        Assert.True(final.IsSuccess);
    }

    [Fact]
    public async Task CreateModelAsync_with_blob_files_adapters_and_draft_files_sends_the_maps()
    {
        var handler = new FakeHttpHandler().EnqueueNdjson("""{"status":"success"}""");
        using var client = TestClient.Create(handler);
        var request = new CreateModelRequest("custom")
        {
            Files = new Dictionary<string, string> { ["model.gguf"] = WireSamples.Digest1 },
            Adapters = new Dictionary<string, string> { ["lora.gguf"] = WireSamples.Digest2 },
            DraftFiles = new Dictionary<string, string> { ["draft.gguf"] = WireSamples.Digest3 },
            DraftQuantize = "q8_0",
            License = ["Apache-2.0", "Custom terms"],
            RemoteHost = "http://gpu-box:11434",
        };

        await client.CreateModelAsync(request);

        JsonAssert.Equal($$$"""
            {"model":"custom","stream":true,"draft_quantize":"q8_0","remote_host":"http://gpu-box:11434",
             "files":{"model.gguf":"{{{WireSamples.Digest1}}}"},"draft_files":{"draft.gguf":"{{{WireSamples.Digest3}}}"},
             "adapters":{"lora.gguf":"{{{WireSamples.Digest2}}}"},"license":["Apache-2.0","Custom terms"]}
            """, handler.LastRequest.Body);
    }

    [Fact]
    public async Task CreateModelAsync_reports_quantization_progress()
    {
        var handler = new FakeHttpHandler().EnqueueNdjson(CreateLines);
        using var client = TestClient.Create(handler);
        var progress = new CollectingProgress<ModelTransferProgress>();

        await client.CreateModelAsync(new CreateModelRequest("q") { From = "llama3.2:f16", Quantize = "q4_K_M" }, progress);

        Assert.Equal(CreateLines.Length, progress.Reports.Count);
        Assert.Equal("quantizing F16 model to Q4_K_M", progress.Reports[1].Status);
        Assert.Equal(0.4, progress.Reports[1].Fraction);
        Assert.Equal(400L, progress.Reports[1].CurrentCompleted);
        Assert.StartsWith("creating new layer", progress.Reports[4].Status, StringComparison.Ordinal);
        Assert.True(progress.Reports[^1].IsSuccess);
    }

    [Fact]
    public async Task CreateModelStreamingAsync_yields_lines_and_throws_on_an_error_line()
    {
        var handler = new FakeHttpHandler().EnqueueNdjson(CreateLines[0], """{"error":"unsupported architecture \"foo\""}""");
        using var client = TestClient.Create(handler);

        var seen = new List<ProgressUpdate>();
        var ex = await Assert.ThrowsAsync<OllamaException>(async () =>
        {
            await foreach (var update in client.CreateModelStreamingAsync(new CreateModelRequest("x") { From = "y" }))
            {
                seen.Add(update);
            }
        });

        Assert.Equal("parsing GGUF", Assert.Single(seen).Status);
        Assert.Equal("unsupported architecture \"foo\"", ex.ServerMessage);
    }

    [Fact]
    public async Task A_create_rejected_before_streaming_throws_with_the_status()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"error":"neither 'from' or 'files' was specified"}""", HttpStatusCode.BadRequest);
        using var client = TestClient.Create(handler);
        var ex = await Assert.ThrowsAsync<OllamaException>(() => client.CreateModelAsync(new CreateModelRequest("x") { From = " x" }));
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
    }

    [Fact]
    public void Create_requests_are_validated_before_sending()
    {
        var handler = new FakeHttpHandler();
        using var client = TestClient.Create(handler);
        Assert.Throws<ArgumentNullException>("request", () => client.CreateModelStreamingAsync(null!));
        Assert.Throws<ArgumentException>("request", () => client.CreateModelStreamingAsync(new CreateModelRequest { From = "m" }));
        var noSource = Assert.Throws<ArgumentException>("request", () => client.CreateModelStreamingAsync(new CreateModelRequest("x")));
        Assert.Contains("From", noSource.Message, StringComparison.Ordinal);
        var badDigest = Eager.Throws<ArgumentException>("request", () => client.CreateModelAsync(new CreateModelRequest("x")
        {
            Files = new Dictionary<string, string> { ["model.gguf"] = "/home/me/model.gguf" },
        }));
        Assert.Contains("/home/me/model.gguf", badDigest.Message, StringComparison.Ordinal);
        Eager.Throws<ArgumentException>("request", () => client.CreateModelAsync(new CreateModelRequest("x")
        {
            Files = new Dictionary<string, string> { ["../model.gguf"] = WireSamples.Digest1 },
        }));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task CreateModelFromFilesAsync_hashes_the_file_uploads_it_when_missing_then_creates_with_the_files_map()
    {
        var bytes = Encoding.ASCII.GetBytes("GGUF\u0003\0\0\0 pretend these are weights");
        var path = Path.Combine(_directory, "tiny.gguf");
        await File.WriteAllBytesAsync(path, bytes);
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
        byte[]? uploaded = null;
        var handler = new FakeHttpHandler()
            .Enqueue(FakeResponse.Empty(HttpStatusCode.NotFound)) // HEAD: missing
            .Enqueue(async (request, ct) =>
            {
                Assert.IsType<StreamContent>(request.Content);
                uploaded = await request.Content!.ReadAsByteArrayAsync(ct);
                return FakeResponse.Empty(HttpStatusCode.Created);
            })
            .EnqueueNdjson("""{"status":"parsing GGUF"}""", """{"status":"writing manifest"}""", """{"status":"success"}""");
        using var client = TestClient.Create(handler);
        var progress = new CollectingProgress<ModelTransferProgress>();

        var final = await client.CreateModelFromFilesAsync("tiny", [path], progress);

        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(HttpMethod.Head, handler.Requests[0].Method);
        Assert.Equal($"http://127.0.0.1:11434/api/blobs/{digest}", handler.Requests[0].Uri.AbsoluteUri);
        Assert.Equal(HttpMethod.Post, handler.Requests[1].Method);
        Assert.Equal($"http://127.0.0.1:11434/api/blobs/{digest}", handler.Requests[1].Uri.AbsoluteUri);
        Assert.Equal("application/octet-stream", handler.Requests[1].ContentType);
        Assert.Equal(bytes.LongLength, handler.Requests[1].ContentLength);
        Assert.Equal(bytes, uploaded);
        Assert.Equal("http://127.0.0.1:11434/api/create", handler.Requests[2].Uri.AbsoluteUri);
        JsonAssert.Equal($$$"""{"model":"tiny","stream":true,"files":{"tiny.gguf":"{{{digest}}}"}}""", handler.Requests[2].Body);

        Assert.True(final.IsSuccess);
        var statuses = progress.Reports.Select(p => p.Status).Distinct().ToList();
        Assert.Equal(["hashing tiny.gguf", "uploading tiny.gguf", "parsing GGUF", "writing manifest", "success"], statuses);
        Assert.Equal(bytes.LongLength, progress.Reports.Last(p => p.Status == "uploading tiny.gguf").CompletedBytes);
        Assert.Equal(digest, Assert.Single(final.Layers).Digest);
    }

    [Fact]
    public async Task CreateModelFromFilesAsync_does_not_upload_a_blob_the_server_has()
    {
        var path = Path.Combine(_directory, "model.gguf");
        await File.WriteAllTextAsync(path, "already there");
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes("already there")));
        var handler = new FakeHttpHandler()
            .Enqueue(FakeResponse.Empty(HttpStatusCode.OK)) // HEAD: present
            .EnqueueNdjson("""{"status":"success"}""");
        using var client = TestClient.Create(handler);
        var progress = new CollectingProgress<ModelTransferProgress>();

        await client.CreateModelFromFilesAsync("m", [path], progress);

        Assert.Equal([HttpMethod.Head, HttpMethod.Post], handler.Requests.Select(r => r.Method));
        Assert.EndsWith("/api/create", handler.LastRequest.Uri.AbsoluteUri, StringComparison.Ordinal);
        JsonAssert.Equal($$$"""{"model":"m","stream":true,"files":{"model.gguf":"{{{digest}}}"}}""", handler.LastRequest.Body);
        Assert.Contains(progress.Reports, p => p.Status == "using existing blob for model.gguf");
        Assert.DoesNotContain(progress.Reports, p => p.Status.StartsWith("uploading", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CreateModelFromFilesAsync_with_names_adapters_and_settings_keeps_the_request_settings()
    {
        var weights = Path.Combine(_directory, "w.bin");
        var config = Path.Combine(_directory, "config.json");
        var lora = Path.Combine(_directory, "lora.safetensors");
        await File.WriteAllTextAsync(weights, "weights");
        await File.WriteAllTextAsync(config, "{}");
        await File.WriteAllTextAsync(lora, "lora");
        static string Hash(string text) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(text)));
        var handler = new FakeHttpHandler
        {
            Fallback = (request, _) => Task.FromResult(request.Method == HttpMethod.Head
                ? FakeResponse.Empty(HttpStatusCode.OK)
                : FakeResponse.Ndjson("""{"status":"converting model"}""", """{"status":"success"}""")),
        };
        using var client = TestClient.Create(handler);
        var request = new CreateModelRequest("my-model") { Quantize = "q8_0", System = "sys", License = ["MIT"] };

        await client.CreateModelFromFilesAsync(
            request,
            new Dictionary<string, string> { ["model.safetensors"] = weights, ["config.json"] = config },
            new Dictionary<string, string> { ["adapter.safetensors"] = lora },
            null);

        Assert.Equal(3, handler.Requests.Count(r => r.Method == HttpMethod.Head));
        JsonAssert.Equal($$$"""
            {"model":"my-model","stream":true,"quantize":"q8_0","system":"sys","license":"MIT",
             "files":{"model.safetensors":"{{{Hash("weights")}}}","config.json":"{{{Hash("{}")}}}"},
             "adapters":{"adapter.safetensors":"{{{Hash("lora")}}}"}}
            """, handler.LastRequest.Body);
        Assert.Null(request.Files); // the caller's request is not changed
    }

    [Fact]
    public void CreateModelFromFilesAsync_checks_names_and_files_before_sending()
    {
        var handler = new FakeHttpHandler();
        using var client = TestClient.Create(handler);
        var a = Path.Combine(_directory, "a", "model.gguf");
        var b = Path.Combine(_directory, "b", "model.gguf");
        Directory.CreateDirectory(Path.GetDirectoryName(a)!);
        Directory.CreateDirectory(Path.GetDirectoryName(b)!);
        File.WriteAllText(a, "a");
        File.WriteAllText(b, "b");

        var missing = Path.Combine(_directory, "nope.gguf");
        Eager.Throws<FileNotFoundException>(() => client.CreateModelFromFilesAsync("m", [missing]));
        var duplicate = Eager.Throws<ArgumentException>("filePaths", () => client.CreateModelFromFilesAsync("m", [a, b]));
        Assert.Contains("model.gguf", duplicate.Message, StringComparison.Ordinal);
        Eager.Throws<ArgumentException>("model", () => client.CreateModelFromFilesAsync("", [a]));
        Eager.Throws<ArgumentException>("filePaths", () => client.CreateModelFromFilesAsync("m", []));
        Eager.Throws<ArgumentNullException>("filePaths", () => client.CreateModelFromFilesAsync("m", (IEnumerable<string>)null!));
        Eager.Throws<ArgumentException>("files", () => client.CreateModelFromFilesAsync(
            new CreateModelRequest("m"), new Dictionary<string, string> { ["/abs/model.gguf"] = a }));
        Eager.Throws<ArgumentException>("files", () => client.CreateModelFromFilesAsync(
            new CreateModelRequest("m"), new Dictionary<string, string> { ["sub/../../model.gguf"] = a }));
        Eager.Throws<ArgumentException>("files", () => client.CreateModelFromFilesAsync(
            new CreateModelRequest("m") { Files = new Dictionary<string, string> { ["model.gguf"] = WireSamples.Digest1 } },
            new Dictionary<string, string> { ["model.gguf"] = a }));
        Eager.Throws<ArgumentNullException>("files", () => client.CreateModelFromFilesAsync(new CreateModelRequest("m"), null!));
        Assert.Empty(handler.Requests);
    }
}
