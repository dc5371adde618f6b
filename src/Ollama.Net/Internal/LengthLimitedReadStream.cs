namespace Ollama.Net.Internal;

/// <summary>
/// A read-only pass-through stream that fails once more than a set number of bytes has been read from it: it bounds the
/// memory a non-streaming response can take (<see cref="OllamaClientOptions.MaxResponseContentLength"/>) when the body
/// has no <c>Content-Length</c> or lies about it. Disposing it disposes the inner stream.
/// </summary>
internal sealed class LengthLimitedReadStream : Stream
{
    private readonly Stream _inner;
    private readonly long _limit;
    private readonly Func<Exception> _onLimitExceeded;
    private long _read;

    public LengthLimitedReadStream(Stream inner, long limit, Func<Exception> onLimitExceeded)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        _inner = inner;
        _limit = limit;
        _onLimitExceeded = onLimitExceeded;
    }

    public override bool CanRead => _inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Count(_inner.Read(Clamp(buffer)));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        => Count(await _inner.ReadAsync(Clamp(buffer), cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => _inner.DisposeAsync();

    // Ask for at most one byte past the limit: enough to see that the body is too long without reading (much) more.
    private Span<byte> Clamp(Span<byte> buffer) => buffer[..Allowed(buffer.Length)];

    private Memory<byte> Clamp(Memory<byte> buffer) => buffer[..Allowed(buffer.Length)];

    // _limit - _read + 1 would overflow for a limit of long.MaxValue ("no limit"): compare before adding.
    private int Allowed(int requested)
    {
        var room = _limit - _read; // never negative: Count throws once the limit is passed
        return room >= requested ? requested : (int)room + 1;
    }

    private int Count(int read)
    {
        _read += read;
        if (_read > _limit)
        {
            throw _onLimitExceeded();
        }

        return read;
    }
}
