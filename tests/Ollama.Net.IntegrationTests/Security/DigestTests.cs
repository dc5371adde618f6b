using Ollama.Net.IntegrationTests.Reliability;

namespace Ollama.Net.IntegrationTests.Security;

/// <summary>
/// Blob digests end up in a URL path (<c>/api/blobs/:digest</c>): they are validated before any URL is built, so a
/// crafted digest can never reach another route or escape the path. The server must see no request at all.
/// </summary>
public class DigestTests
{
    private static readonly string Hex = new('a', 64);

    public static TheoryData<string> Malicious() =>
    [
        "sha256:" + Hex + "/../../api/delete",
        "sha256:../../../etc/passwd" + new string('0', 40),
        "sha256:" + Hex + "?x=1",
        "sha256:" + Hex + "#frag",
        "sha256:" + Hex + "%2F..",
        "sha256:" + Hex + "\n",
        "sha256:" + Hex[..63],
        "sha256:" + Hex + "0",
        "sha256:" + new string('g', 64),
        "SHA256:" + Hex,
        "md5:" + Hex,
        "sha256:" + Hex.Replace('a', 'é'),
        "http://evil.invalid/" + Hex,
        "//evil.invalid/sha256:" + Hex,
        "sha256:" + Hex[..32] + "/" + Hex[..31],
        " sha256:" + Hex,
        string.Empty,
    ];

    [Theory]
    [MemberData(nameof(Malicious))]
    public async Task A_malformed_digest_is_rejected_before_any_request(string digest)
    {
        await using var server = await Harness.StartServerAsync();
        using var client = Harness.Client(server);
        using var content = new MemoryStream([1, 2, 3]);

        await Assert.ThrowsAsync<ArgumentException>(() => client.BlobExistsAsync(digest, Harness.Safety()));
        await Assert.ThrowsAsync<ArgumentException>(() => client.UploadBlobAsync(digest, content, Harness.Safety()));

        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_valid_digest_reaches_exactly_the_blob_route()
    {
        await using var server = await Harness.StartServerAsync();
        using var client = Harness.Client(server);

        var exists = await client.BlobExistsAsync("sha256:" + Hex, Harness.Safety());

        Assert.False(exists);
        var request = server.Requests.Single();
        Assert.Equal("HEAD", request.Method);
        Assert.Equal("/api/blobs/sha256:" + Hex, request.Path);
        Assert.Equal(string.Empty, request.Query);
    }
}
