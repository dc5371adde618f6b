using System.Security.Cryptography;
using Ollama.Net.Testing;

namespace Ollama.Net.IntegrationTests.Client;

/// <summary>HEAD/POST /api/blobs/:digest and create from a real temporary file, through the real client.</summary>
public sealed class BlobClientTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ollama-net-blobs-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteFile(string name, int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        if (name.EndsWith(".gguf", StringComparison.Ordinal))
        {
            "GGUF"u8.CopyTo(bytes); // the server refuses files without the GGUF magic
        }

        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static string Digest(string path) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    [Fact]
    public async Task Upload_a_stream_then_it_exists()
    {
        await using var target = await ScriptedTarget.StartAsync();
        using var client = target.CreateClient();
        byte[] bytes = [1, 2, 3, 4, 5];
        var digest = TestBlobStore.ComputeDigest(bytes);

        var before = await client.BlobExistsAsync(digest).Within();
        await client.UploadBlobAsync(digest, new MemoryStream(bytes)).Within();
        var after = await client.BlobExistsAsync(digest).Within();

        Assert.False(before);
        Assert.True(after);
        Assert.True(target.Server.Blobs.TryGet(digest, out var stored));
        Assert.Equal(bytes, stored.ToArray());
        var post = target.Server.Requests.Single(r => r.Method == "POST");
        Assert.Equal($"/api/blobs/{digest}", post.Path);
        Assert.Equal(201, post.StatusCode);
        Assert.Equal("application/octet-stream", post.Headers["Content-Type"]);
    }

    [Fact]
    public async Task Uploading_bytes_that_do_not_match_the_digest_is_a_400()
    {
        await using var target = await ScriptedTarget.StartAsync();
        using var client = target.CreateClient();
        var digest = TestBlobStore.ComputeDigest([9, 9, 9]);

        var error = await Guard.Throws<OllamaException>(() => client.UploadBlobAsync(digest, new MemoryStream([1, 2, 3])));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
        Assert.StartsWith($"digest mismatch, expected \"{digest}\", got \"sha256:", error.ServerMessage, StringComparison.Ordinal);
        Assert.Equal(0, target.Server.Blobs.Count);
    }

    [Fact]
    public async Task Upload_from_a_file_reports_hashing_then_uploading()
    {
        await using var target = await ScriptedTarget.StartAsync();
        using var client = target.CreateClient();
        var path = WriteFile("weights.bin", 300_000);
        var progress = new SyncProgress<ModelTransferProgress>();

        var digest = await client.UploadBlobFromFileAsync(path, progress).Within();

        Assert.Equal(Digest(path), digest);
        Assert.True(target.Server.Blobs.Contains(digest));
        var statuses = progress.Reports.Select(r => r.Status).Distinct().ToList();
        Assert.Equal(["hashing weights.bin", "uploading weights.bin"], statuses);
        Assert.Equal(300_000, progress.Reports[^1].CurrentCompleted);

        // A second upload finds the blob and skips the POST.
        var again = new SyncProgress<ModelTransferProgress>();
        await client.UploadBlobFromFileAsync(path, again).Within();
        Assert.Equal("using existing blob for weights.bin", again.Reports[^1].Status);
        Assert.Single(target.Server.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task Create_from_real_files_uploads_each_blob_then_creates_the_model()
    {
        await using var target = await ScriptedTarget.StartAsync();
        using var client = target.CreateClient();
        var gguf = WriteFile("model.gguf", 4096);
        var progress = new SyncProgress<ModelTransferProgress>();

        var final = await client.CreateModelFromFilesAsync("local-model", [gguf], progress).Within();

        Assert.True(final.IsSuccess);
        Assert.True(target.Server.Blobs.Contains(Digest(gguf)));
        var create = target.Server.Requests.Single(r => r.Path == "/api/create").Json!.Value;
        Assert.Equal(Digest(gguf), create.GetProperty("files").GetProperty("model.gguf").GetString());
        Assert.Equal(
            ["HEAD", "POST", "POST"],
            target.Server.Requests.Select(r => r.Method));
        Assert.Contains(progress.Reports, r => r.Status == "uploading model.gguf");
        Assert.Contains(progress.Reports, r => r.Status == "parsing GGUF");
        var listed = Assert.Single((await client.ListModelsAsync().Within()).Models, m => m.Name == "local-model:latest");
        Assert.Equal(4096, listed.Size);
    }

    [Fact]
    public async Task Create_referencing_a_blob_the_server_lacks_fails_where_the_server_opens_it()
    {
        await using var target = await ScriptedTarget.StartAsync();
        using var client = target.CreateClient();
        var digest = TestBlobStore.ComputeDigest([7]);

        var error = await Guard.Throws<OllamaException>(() => client.CreateModelAsync(
            new CreateModelRequest("x") { Files = new Dictionary<string, string> { ["model.gguf"] = digest } }));

        Assert.Equal($"open /root/.ollama/models/blobs/{digest.Replace(':', '-')}: no such file or directory", error.ServerMessage);
    }
}
