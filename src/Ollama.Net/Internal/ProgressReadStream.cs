namespace Ollama.Net.Internal;

/// <summary>
/// A read-only pass-through stream that reports how far it has been read (for upload progress). Seeking passes through,
/// so an <see cref="HttpContent"/> over it still knows its length and can rewind.
/// </summary>
internal sealed class ProgressReadStream : Stream
{
    private readonly Stream _inner;
    private readonly Action<long> _onProgress;
    private readonly long _step;
    private readonly bool _leaveOpen;
    private long _read;
    private long _lastReported = -1;

    public ProgressReadStream(Stream inner, Action<long>? onProgress, long step, bool leaveOpen)
    {
        _inner = inner;
        _onProgress = onProgress ?? (static _ => { });
        _step = step;
        _leaveOpen = leaveOpen;
    }

    public override bool CanRead => _inner.CanRead;

    public override bool CanSeek => _inner.CanSeek;

    public override bool CanWrite => false;

    public override long Length => _inner.Length;

    public override long Position
    {
        get => _inner.Position;
        set
        {
            _inner.Position = value;
            _read = value;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Advance(_inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Advance(_inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        => Advance(await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin)
    {
        _read = _inner.Seek(offset, origin);
        return _read;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_leaveOpen)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_leaveOpen)
        {
            await _inner.DisposeAsync().ConfigureAwait(false);
        }

        await base.DisposeAsync().ConfigureAwait(false);
    }

    private int Advance(int read)
    {
        _read += read;
        if (read == 0 || _read - _lastReported >= _step || _lastReported < 0)
        {
            if (_read != _lastReported)
            {
                _lastReported = _read;
                _onProgress(_read);
            }
        }

        return read;
    }
}
