using System.Text.Json.Serialization;
using Ollama.Net.Serialization;

namespace Ollama.Net;

/// <summary>
/// An image (or, for audio-capable models, a WAV/MP3 clip) attached to a message or a generate request.
/// Sent as standard base64 on the wire.
/// </summary>
[JsonConverter(typeof(ImageDataConverter))]
public sealed class ImageData
{
    private ImageData(ReadOnlyMemory<byte> bytes) => Bytes = bytes;

    /// <summary>The raw bytes (PNG, JPEG, WAV...).</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>Wraps raw bytes (not copied: do not change the array afterwards).</summary>
    /// <param name="bytes">The file content.</param>
    /// <returns>The image.</returns>
    public static ImageData FromBytes(ReadOnlyMemory<byte> bytes) => new(bytes);

    /// <summary>Wraps raw bytes (not copied: do not change the array afterwards).</summary>
    /// <param name="bytes">The file content.</param>
    /// <returns>The image.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="bytes"/> is null.</exception>
    public static ImageData FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return new ImageData(bytes);
    }

    /// <summary>
    /// Decodes a standard base64 string. A <c>data:...;base64,</c> URL prefix is accepted and removed.
    /// </summary>
    /// <param name="base64">The base64 text.</param>
    /// <returns>The image.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="base64"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="base64"/> is not valid base64.</exception>
    public static ImageData FromBase64(string base64)
    {
        ArgumentNullException.ThrowIfNull(base64);
        var text = base64.AsSpan().Trim();
        if (text.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var comma = text.IndexOf(',');
            if (comma >= 0)
            {
                text = text[(comma + 1)..];
            }
        }

        var buffer = new byte[(text.Length * 3 / 4) + 3];
        if (!Convert.TryFromBase64Chars(text, buffer, out var written))
        {
            throw new ArgumentException("The image data is not valid base64 text.", nameof(base64));
        }

        return new ImageData(buffer.AsMemory(0, written));
    }

    /// <summary>Reads a whole stream into an image.</summary>
    /// <param name="stream">The stream to read to its end (not disposed).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The image.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    public static async Task<ImageData> FromStreamAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var memory = stream.CanSeek ? new MemoryStream(checked((int)Math.Max(0, stream.Length - stream.Position))) : new MemoryStream();
        await stream.CopyToAsync(memory, cancellationToken).ConfigureAwait(false);
        return new ImageData(memory.GetBuffer().AsMemory(0, (int)memory.Length));
    }

    /// <summary>Reads a file into an image.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The image.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    public static async Task<ImageData> FromFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return new ImageData(bytes);
    }

    /// <summary>Encodes the bytes as standard base64 (the wire form).</summary>
    /// <returns>The base64 text.</returns>
    public string ToBase64() => Convert.ToBase64String(Bytes.Span);

    /// <summary>Describes the image by its size (the bytes are not printed).</summary>
    public override string ToString() => $"ImageData ({Bytes.Length} bytes)";
}
