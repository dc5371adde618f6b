namespace Ollama.Net.Testing.Internal;

/// <summary><c>HEAD</c> and <c>POST /api/blobs/:digest</c>.</summary>
internal static class BlobHandlers
{
    public static Task HeadAsync(Exchange x)
    {
        var digest = TestBlobStore.Normalize(x.RouteValue);
        if (digest is null)
        {
            return x.Writer.SendErrorAsync(400, "invalid digest format");
        }

        return x.Server.Blobs.Contains(digest)
            ? x.OkEmptyAsync()
            : x.Writer.SendErrorAsync(404, $"blob \"{digest}\" not found");
    }

    public static Task PostAsync(Exchange x)
    {
        var digest = TestBlobStore.Normalize(x.RouteValue);
        if (digest is null)
        {
            return x.Writer.SendErrorAsync(400, "invalid digest format");
        }

        if (x.Server.Blobs.Contains(digest))
        {
            return x.OkEmptyAsync();
        }

        // CreateBlobHandler compares the new layer's sha256:<lowercase hex> with the digest as given, so a new blob
        // named in the sha256-<hex> form or with upper-case hex is a mismatch.
        var actual = TestBlobStore.ComputeDigest(x.Record.Body.Span);
        if (!string.Equals(actual, x.RouteValue, StringComparison.Ordinal))
        {
            return x.Writer.SendErrorAsync(400, $"digest mismatch, expected \"{x.RouteValue}\", got \"{actual}\"");
        }

        x.Server.Blobs.Add(x.Record.Body.Span);
        return x.Writer.SendAsync(201, null, ReadOnlyMemory<byte>.Empty);
    }
}
