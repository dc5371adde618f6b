using System.Buffers;

namespace Ollama.Net.Internal;

/// <summary>A whole response body read into one buffer rented from <see cref="ArrayPool{T}.Shared"/>; dispose to return it.</summary>
internal struct PooledBody : IDisposable
{
    private const int MinimumBufferSize = 16 * 1024;

    /// <summary>The most a peer's <c>Content-Length</c> claim can make the reader rent before the bytes arrive: 1 MiB.</summary>
    internal const int MaxTrustedLengthHint = 1024 * 1024;

    private byte[]? _buffer;
    private int _length;

    private PooledBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        _length = length;
    }

    /// <summary>The body bytes (empty after <see cref="Dispose"/>).</summary>
    public readonly ReadOnlySpan<byte> Span => _buffer is null ? default : _buffer.AsSpan(0, _length);

    /// <summary>
    /// Reads a stream to its end. <paramref name="lengthHint"/> (the Content-Length) sizes the first buffer up to
    /// <see cref="MaxTrustedLengthHint"/>, and caps a growth step, so that a false claim cannot make it rent more than
    /// about twice the bytes that actually arrived.
    /// </summary>
    public static async ValueTask<PooledBody> ReadAsync(Stream stream, long? lengthHint, CancellationToken cancellationToken)
    {
        // One byte more than announced, so that the read which sees the end needs no bigger buffer.
        var announced = lengthHint is { } hint and >= 0 && hint < Array.MaxLength ? hint + 1 : (long?)null;
        var size = (int)Math.Clamp(announced ?? MinimumBufferSize, MinimumBufferSize, MaxTrustedLengthHint);
        var pool = ArrayPool<byte>.Shared;
        var buffer = pool.Rent(size);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length >= Array.MaxLength)
                    {
                        throw new OllamaException($"The response body is larger than {Array.MaxLength:N0} bytes, the most one buffer can hold.");
                    }

                    // Double (the bytes so far justify it), but stop at the announced length when that is still ahead.
                    var doubled = Math.Min((long)buffer.Length * 2, Array.MaxLength);
                    var next = announced is { } target && target > length && target < doubled ? target : doubled;
                    var bigger = pool.Rent((int)next);
                    buffer.AsSpan(0, length).CopyTo(bigger);
                    pool.Return(buffer);
                    buffer = bigger;
                }

                var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return new PooledBody(buffer, length);
                }

                length += read;
            }
        }
        catch
        {
            pool.Return(buffer);
            throw;
        }
    }

    /// <summary>Returns the buffer to the pool.</summary>
    public void Dispose()
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            _length = 0;
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
