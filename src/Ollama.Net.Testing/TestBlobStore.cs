using System.Text.RegularExpressions;
using Ollama.Net.Testing.Internal;

namespace Ollama.Net.Testing;

/// <summary>
/// The server's blob store (<c>/api/blobs/:digest</c>), reached through <see cref="OllamaTestServer.Blobs"/>. Blobs are
/// kept in memory, keyed by their SHA-256 digest, which is checked on upload.
/// </summary>
public sealed partial class TestBlobStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);

    internal TestBlobStore()
    {
    }

    /// <summary>The number of blobs.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _blobs.Count;
            }
        }
    }

    /// <summary>The digests of all blobs, as <c>sha256:&lt;hex&gt;</c>, sorted.</summary>
    public IReadOnlyList<string> Digests
    {
        get
        {
            lock (_lock)
            {
                return [.. _blobs.Keys.Order(StringComparer.Ordinal)];
            }
        }
    }

    /// <summary>Stores content and returns its digest.</summary>
    /// <param name="content">The blob bytes.</param>
    /// <returns>The digest, <c>sha256:&lt;64 lowercase hex&gt;</c>.</returns>
    public string Add(ReadOnlySpan<byte> content)
    {
        var digest = ComputeDigest(content);
        lock (_lock)
        {
            _blobs[digest] = content.ToArray();
        }

        return digest;
    }

    /// <summary>Whether a blob with this digest is stored.</summary>
    /// <param name="digest"><c>sha256:&lt;hex&gt;</c> or <c>sha256-&lt;hex&gt;</c>.</param>
    /// <returns>True when stored; false when missing or when the digest is not valid.</returns>
    public bool Contains(string digest) => TryGet(digest, out _);

    /// <summary>Gets a blob's bytes.</summary>
    /// <param name="digest"><c>sha256:&lt;hex&gt;</c> or <c>sha256-&lt;hex&gt;</c>.</param>
    /// <param name="content">The bytes when found.</param>
    /// <returns>True when found.</returns>
    public bool TryGet(string digest, out ReadOnlyMemory<byte> content)
    {
        content = default;
        var key = Normalize(digest);
        if (key is null)
        {
            return false;
        }

        lock (_lock)
        {
            if (_blobs.TryGetValue(key, out var bytes))
            {
                content = bytes;
                return true;
            }
        }

        return false;
    }

    /// <summary>Removes a blob.</summary>
    /// <param name="digest">The digest.</param>
    /// <returns>True when a blob was removed.</returns>
    public bool Remove(string digest)
    {
        var key = Normalize(digest);
        if (key is null)
        {
            return false;
        }

        lock (_lock)
        {
            return _blobs.Remove(key);
        }
    }

    /// <summary>Computes the digest Ollama uses for content.</summary>
    /// <param name="content">The bytes.</param>
    /// <returns><c>sha256:&lt;64 lowercase hex&gt;</c>.</returns>
    public static string ComputeDigest(ReadOnlySpan<byte> content) => "sha256:" + TextTools.Sha256Hex(content);

    /// <summary>Returns <c>sha256:&lt;lowercase hex&gt;</c> for a valid digest, or null (the server's format check).</summary>
    internal static string? Normalize(string? digest)
    {
        if (digest is null || !DigestPattern().IsMatch(digest))
        {
            return null;
        }

        return "sha256:" + digest[7..].ToLowerInvariant();
    }

    [GeneratedRegex("^sha256[:-][0-9a-fA-F]{64}$")]
    private static partial Regex DigestPattern();
}
