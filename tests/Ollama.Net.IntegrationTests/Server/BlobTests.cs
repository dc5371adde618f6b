using System.Net.Http.Headers;
using System.Security.Cryptography;
using Ollama.Net.Testing;

namespace Ollama.Net.IntegrationTests.Server;

public class BlobTests
{
    private static readonly byte[] s_content = "some gguf bytes \u0000\u0001"u8.ToArray();
    private static readonly string s_digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(s_content));

    private static async Task<Wire.Reply> Upload(HttpClient http, string digest, byte[] content)
    {
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await http.PostAsync("/api/blobs/" + digest, body);
        return new Wire.Reply((int)response.StatusCode, response.Content.Headers.ContentType, await response.Content.ReadAsByteArrayAsync(), response.Headers, response.Content.Headers);
    }

    [Fact]
    public async Task Upload_verifies_the_digest_then_head_finds_the_blob()
    {
        await using var server = await OllamaTestServer.StartAsync();
        using var http = Wire.Client(server);

        Assert.Equal(404, (await Wire.SendAsync(http, HttpMethod.Head, "/api/blobs/" + s_digest)).Status);

        var created = await Upload(http, s_digest, s_content);
        Assert.Equal(201, created.Status);
        Assert.Empty(created.Bytes);
        Assert.True(server.Blobs.TryGet(s_digest, out var stored));
        Assert.Equal(s_content, stored.ToArray());

        var head = await Wire.SendAsync(http, HttpMethod.Head, "/api/blobs/" + s_digest);
        Assert.Equal(200, head.Status);
        Assert.Empty(head.Bytes);

        var again = await Upload(http, s_digest, s_content);
        Assert.Equal(200, again.Status);
        Assert.Empty(again.Bytes);

        // The sha256-<hex> form and upper-case hex name the same blob.
        Assert.Equal(200, (await Wire.SendAsync(http, HttpMethod.Head, "/api/blobs/sha256-" + s_digest[7..].ToUpperInvariant())).Status);
        Assert.Equal([s_digest], server.Blobs.Digests);
    }

    [Fact]
    public async Task Digest_mismatch_is_400_with_both_digests()
    {
        await using var server = await OllamaTestServer.StartAsync();
        using var http = Wire.Client(server);
        var wrong = "sha256:" + new string('0', 64);
        var r = await Upload(http, wrong, s_content);
        Assert.Equal(400, r.Status);
        Assert.Equal($"digest mismatch, expected \"{wrong}\", got \"{s_digest}\"", r.Error);
        Assert.Equal(0, server.Blobs.Count);

        // A new blob must be named exactly as Ollama names layers: sha256:<lowercase hex>.
        var dashed = "sha256-" + s_digest[7..];
        var dash = await Upload(http, dashed, s_content);
        Assert.Equal(400, dash.Status);
        Assert.Equal($"digest mismatch, expected \"{dashed}\", got \"{s_digest}\"", dash.Error);
        Assert.Equal(0, server.Blobs.Count);
    }

    [Theory]
    [InlineData("sha256:abc")]
    [InlineData("md5:d41d8cd98f00b204e9800998ecf8427e")]
    [InlineData("sha256:zzzz4c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    public async Task Invalid_digest_format_is_400(string digest)
    {
        await using var server = await OllamaTestServer.StartAsync();
        using var http = Wire.Client(server);
        Assert.Equal(400, (await Wire.SendAsync(http, HttpMethod.Head, "/api/blobs/" + digest)).Status);
        var post = await Upload(http, digest, s_content);
        Assert.Equal(400, post.Status);
        Assert.Equal("invalid digest format", post.Error);
    }

    [Fact]
    public async Task Blob_store_api_adds_finds_and_removes()
    {
        await using var server = await OllamaTestServer.StartAsync();
        var digest = server.Blobs.Add(s_content);
        Assert.Equal(s_digest, digest);
        Assert.Equal(s_digest, TestBlobStore.ComputeDigest(s_content));
        Assert.True(server.Blobs.Contains(digest));
        Assert.False(server.Blobs.Contains("not a digest"));
        Assert.True(server.Blobs.Remove(digest));
        Assert.False(server.Blobs.Remove(digest));
        Assert.Equal(0, server.Blobs.Count);
    }
}
