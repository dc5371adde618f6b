using System.Net;
using System.Security.Cryptography;
using System.Text;
using Ollama.Net.Tests.Infrastructure;

namespace Ollama.Net.Tests.Management;

public sealed class BlobTests : IDisposable
{
    private const string Digest = "sha256:29fdb92e57cf082e93e1a1c0e4b5b6ffe4eb3ee5d7b1d1d7f6b1e6a53c1a4f1b";
    private readonly string _directory = Directory.CreateTempSubdirectory("ollama-blob-tests-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task BlobExistsAsync_sends_HEAD_and_is_true_on_200()
    {
        var handler = new FakeHttpHandler().Enqueue(FakeResponse.Empty(HttpStatusCode.OK));
        using var client = TestClient.Create(handler);

        Assert.True(await client.BlobExistsAsync(Digest));

        Assert.Equal(HttpMethod.Head, handler.LastRequest.Method);
        Assert.Equal($"http://127.0.0.1:11434/api/blobs/{Digest}", handler.LastRequest.Uri.AbsoluteUri);
        Assert.Null(handler.LastRequest.Body);
    }

    [Fact]
    public async Task BlobExistsAsync_is_false_on_404_and_accepts_the_dash_form()
    {
        var dashed = Digest.Replace("sha256:", "sha256-", StringComparison.Ordinal);
        var handler = new FakeHttpHandler().Enqueue(FakeResponse.Empty(HttpStatusCode.NotFound));
        using var client = TestClient.Create(handler);

        Assert.False(await client.BlobExistsAsync(dashed));
        Assert.EndsWith("/api/blobs/" + dashed, handler.LastRequest.Uri.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BlobExistsAsync_throws_for_other_statuses()
    {
        var handler = new FakeHttpHandler().Enqueue(FakeResponse.Empty(HttpStatusCode.BadRequest));
        using var client = TestClient.Create(handler);
        var ex = await Assert.ThrowsAsync<OllamaException>(() => client.BlobExistsAsync(Digest));
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
    }

    [Theory]
    [InlineData("")]
    [InlineData("sha256:abc")]
    [InlineData("29fdb92e57cf082e93e1a1c0e4b5b6ffe4eb3ee5d7b1d1d7f6b1e6a53c1a4f1b")]
    [InlineData("md5:29fdb92e57cf082e93e1a1c0e4b5b6ffe4eb3ee5d7b1d1d7f6b1e6a53c1a4f1b")]
    [InlineData("sha256:29fdb92e57cf082e93e1a1c0e4b5b6ffe4eb3ee5d7b1d1d7f6b1e6a53c1a4f1bb")]
    [InlineData("sha256:29fdb92e57cf082e93e1a1c0e4b5b6ffe4eb3ee5d7b1d1d7f6b1e6a53c1a4f1g")]
    [InlineData("sha256:29fdb92e57cf082e93e1a1c0e4b5b6ffe4eb3ee5d7b1d1d7f6b1e6a53c1a4f1b\n")]
    [InlineData("sha256:29fdb92e57cf082e93e1a1c0e4b5b6ffe4eb3ee5d7b1d1d7f6b1e6a53c1a4f1b/../../api/delete")]
    [InlineData("../api/delete?sha256:29fdb92e57cf082e93e1a1c0e4b5b6ffe4eb3ee5d7b1d1d7f6b1e6a53c1a4f1b")]
    public void Digests_are_validated_before_any_url_is_built(string digest)
    {
        var handler = new FakeHttpHandler();
        using var client = TestClient.Create(handler);

        var ex = Eager.Throws<ArgumentException>("digest", () => client.BlobExistsAsync(digest));
        Assert.Contains($"\"{digest}\"", ex.Message, StringComparison.Ordinal);
        Assert.Contains("sha256:", ex.Message, StringComparison.Ordinal);
        Eager.Throws<ArgumentException>("digest", () => client.UploadBlobAsync(digest, new MemoryStream()));
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public void A_null_digest_or_stream_throws_ArgumentNullException()
    {
        using var client = TestClient.Create(new FakeHttpHandler());
        Eager.Throws<ArgumentNullException>("digest", () => client.BlobExistsAsync(null!));
        Eager.Throws<ArgumentNullException>("content", () => client.UploadBlobAsync(Digest, null!));
    }

    [Fact]
    public async Task UploadBlobAsync_streams_the_bytes_as_octet_stream_and_leaves_the_stream_open()
    {
        var bytes = Encoding.ASCII.GetBytes("GGUF fake model weights");
        var digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
        HttpContent? sent = null;
        var handler = new FakeHttpHandler().Enqueue((request, _) =>
        {
            sent = request.Content;
            return Task.FromResult(FakeResponse.Empty(HttpStatusCode.Created));
        });
        using var client = TestClient.Create(handler);
        using var stream = new MemoryStream(bytes);

        await client.UploadBlobAsync(digest, stream);

        Assert.Equal(HttpMethod.Post, handler.LastRequest.Method);
        Assert.Equal($"http://127.0.0.1:11434/api/blobs/{digest}", handler.LastRequest.Uri.AbsoluteUri);
        Assert.Equal("application/octet-stream", handler.LastRequest.ContentType);
        Assert.Equal("GGUF fake model weights", handler.LastRequest.Body);
        Assert.Equal(bytes.Length, handler.LastRequest.ContentLength);
        Assert.IsType<StreamContent>(sent);
        Assert.True(stream.CanRead); // the caller's stream is not disposed
    }

    [Fact]
    public async Task UploadBlobAsync_surfaces_a_digest_mismatch()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"error":"digest mismatch, expected \"sha256:29fd\", got \"sha256:0000\""}""", HttpStatusCode.BadRequest);
        using var client = TestClient.Create(handler);
        var ex = await Assert.ThrowsAsync<OllamaException>(() => client.UploadBlobAsync(Digest, new MemoryStream([1, 2, 3])));
        Assert.Equal(HttpStatusCode.BadRequest, ex.StatusCode);
        Assert.StartsWith("digest mismatch", ex.ServerMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadBlobFromFileAsync_hashes_a_multi_megabyte_file_and_uploads_it_when_missing()
    {
        // 3 MiB + 17 bytes: several hashing reads, and a last partial one.
        var data = new byte[(3 * 1024 * 1024) + 17];
        new Random(42).NextBytes(data);
        var path = Path.Combine(_directory, "weights.bin");
        await File.WriteAllBytesAsync(path, data);
        var expected = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(data));
        byte[]? uploaded = null;
        var handler = new FakeHttpHandler()
            .Enqueue(FakeResponse.Empty(HttpStatusCode.NotFound))
            .Enqueue(async (request, ct) =>
            {
                Assert.IsType<StreamContent>(request.Content);
                uploaded = await request.Content!.ReadAsByteArrayAsync(ct);
                return FakeResponse.Empty(HttpStatusCode.Created);
            });
        using var client = TestClient.Create(handler);
        var progress = new CollectingProgress<ModelTransferProgress>();

        var digest = await client.UploadBlobFromFileAsync(path, progress);

        Assert.Equal(expected, digest);
        Assert.Equal(HttpMethod.Head, handler.Requests[0].Method);
        Assert.EndsWith("/api/blobs/" + expected, handler.Requests[0].Uri.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal(HttpMethod.Post, handler.Requests[1].Method);
        Assert.EndsWith("/api/blobs/" + expected, handler.Requests[1].Uri.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal(data.LongLength, handler.Requests[1].ContentLength);
        Assert.Equal(data, uploaded);

        var hashing = progress.Reports.Where(p => p.Status == "hashing weights.bin").ToList();
        Assert.True(hashing.Count >= 4, $"{hashing.Count} hashing reports");
        Assert.Equal(0L, hashing[0].CurrentCompleted);
        Assert.Equal(data.LongLength, hashing[^1].CurrentCompleted);
        Assert.All(hashing, p => Assert.Equal(data.LongLength, p.CurrentTotal));
        Assert.True(hashing.Select(p => p.CurrentCompleted!.Value).SequenceEqual(hashing.Select(p => p.CurrentCompleted!.Value).Order()));

        var uploading = progress.Reports.Where(p => p.Status == "uploading weights.bin").ToList();
        Assert.NotEmpty(uploading);
        Assert.All(uploading, p => Assert.Equal(expected, p.Digest));
        Assert.Equal(data.LongLength, progress.Reports[^1].CompletedBytes);
        Assert.Equal(data.LongLength, progress.Reports[^1].TotalBytes);
    }

    [Fact]
    public async Task UploadBlobFromFileAsync_skips_the_upload_when_the_server_has_the_blob()
    {
        var path = Path.Combine(_directory, "adapter.gguf");
        await File.WriteAllTextAsync(path, "adapter bytes");
        var handler = new FakeHttpHandler().Enqueue(FakeResponse.Empty(HttpStatusCode.OK));
        using var client = TestClient.Create(handler);
        var progress = new CollectingProgress<ModelTransferProgress>();

        var digest = await client.UploadBlobFromFileAsync(path, progress);

        Assert.Equal("sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes("adapter bytes"))), digest);
        Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Head, handler.LastRequest.Method);
        Assert.Equal("using existing blob for adapter.gguf", progress.Reports[^1].Status);
        Assert.Equal(1.0, progress.Reports[^1].Fraction);
    }

    [Fact]
    public void UploadBlobFromFileAsync_checks_the_file_before_sending()
    {
        var handler = new FakeHttpHandler();
        using var client = TestClient.Create(handler);
        var missing = Path.Combine(_directory, "missing.gguf");
        var ex = Eager.Throws<FileNotFoundException>(() => client.UploadBlobFromFileAsync(missing));
        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
        var dir = Eager.Throws<FileNotFoundException>(() => client.UploadBlobFromFileAsync(_directory));
        Assert.Contains("is a directory", dir.Message, StringComparison.Ordinal);
        Eager.Throws<ArgumentException>("path", () => client.UploadBlobFromFileAsync(""));
        Assert.Empty(handler.Requests);
    }
}
