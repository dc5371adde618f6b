namespace Ollama.Net.Tests.Infrastructure;

/// <summary>
/// A read-only stream over fixed bytes that hands out at most <see cref="MaxBytesPerRead"/> bytes per read (one by
/// default), can stall forever at a position until the read is cancelled, can fail at a position, and records disposal.
/// </summary>
public sealed class TrickleStream : Stream
{
    private readonly byte[] _data;
    private int _position;

    public TrickleStream(byte[] data, int maxBytesPerRead = 1)
    {
        _data = data;
        MaxBytesPerRead = maxBytesPerRead;
    }

    public static TrickleStream FromText(string text, int maxBytesPerRead = 1)
        => new(System.Text.Encoding.UTF8.GetBytes(text), maxBytesPerRead);

    public int MaxBytesPerRead { get; }

    /// <summary>When set, a read at this position waits until its token is cancelled.</summary>
    public int? StallAt { get; init; }

    /// <summary>When set, a read at this position throws an <see cref="IOException"/> (a broken connection).</summary>
    public int? FailAt { get; init; }

    public bool IsDisposed { get; private set; }

    public int ReadCalls { get; private set; }

    public int BytesRead => _position;

    /// <summary>Completes when a read starts stalling at <see cref="StallAt"/>.</summary>
    public TaskCompletionSource Stalled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override bool CanRead => !IsDisposed;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
        => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(IsDisposed, this);
        ReadCalls++;
        cancellationToken.ThrowIfCancellationRequested();
        if (StallAt is { } stall && _position >= stall)
        {
            Stalled.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        if (FailAt is { } fail && _position >= fail)
        {
            throw new IOException("The connection was reset (test).");
        }

        var limit = _data.Length - _position;
        if (StallAt is { } s && s > _position)
        {
            limit = Math.Min(limit, s - _position);
        }

        if (FailAt is { } f && f > _position)
        {
            limit = Math.Min(limit, f - _position);
        }

        var count = Math.Min(Math.Min(buffer.Length, MaxBytesPerRead), limit);
        _data.AsSpan(_position, count).CopyTo(buffer.Span);
        _position += count;
        await Task.Yield();
        return count;
    }

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
        IsDisposed = true;
        base.Dispose(disposing);
    }
}
