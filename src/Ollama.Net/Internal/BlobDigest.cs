using System.Buffers;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Ollama.Net.Internal;

/// <summary>Blob digests: validation (before any URL is built from one) and streaming SHA-256 of files.</summary>
internal static partial class BlobDigest
{
    /// <summary>The read size while hashing and the step between hashing progress reports.</summary>
    internal const int BufferSize = 1024 * 1024;

    /// <summary>True for <c>sha256:&lt;64 hex&gt;</c> or <c>sha256-&lt;64 hex&gt;</c> (the server's blob route regex).</summary>
    public static bool IsValid(string? digest) => digest is not null && DigestRegex().IsMatch(digest);

    /// <summary>Throws unless <paramref name="digest"/> is a valid blob digest.</summary>
    public static void Validate(string? digest, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(digest, parameterName);
        if (!IsValid(digest))
        {
            throw new ArgumentException(
                $"\"{Shorten(digest)}\" is not a blob digest. Expected \"sha256:\" followed by 64 hexadecimal digits (the SHA-256 of the file), for example \"sha256:{new string('0', 64)}\".",
                parameterName);
        }
    }

    /// <summary>Formats a SHA-256 hash as <c>sha256:&lt;64 lowercase hex&gt;</c>.</summary>
    public static string Format(ReadOnlySpan<byte> hash) => "sha256:" + Convert.ToHexStringLower(hash);

    /// <summary>
    /// Computes the digest of a stream read to its end, without buffering it whole. <paramref name="onProgress"/> gets the
    /// bytes hashed so far, at most every <see cref="BufferSize"/> bytes and once at the end.
    /// </summary>
    public static async Task<string> ComputeAsync(Stream stream, Action<long>? onProgress, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long total = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                total += read;
                onProgress?.Invoke(total);
            }

            if (total == 0)
            {
                onProgress?.Invoke(0);
            }

            Span<byte> result = stackalloc byte[32];
            hash.GetHashAndReset(result);
            return Format(result);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Opens a file for one sequential asynchronous read.</summary>
    public static FileStream OpenRead(string path)
        => new(path, new FileStreamOptions
        {
            Mode = FileMode.Open,
            Access = FileAccess.Read,
            Share = FileShare.Read,
            Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
            BufferSize = 0,
        });

    private static string Shorten(string value) => value.Length > 100 ? string.Concat(value.AsSpan(0, 100), "…") : value;

    [GeneratedRegex(@"^sha256[:-][0-9a-fA-F]{64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex DigestRegex();
}
