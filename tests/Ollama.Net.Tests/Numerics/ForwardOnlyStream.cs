namespace Ollama.Net.Tests.Numerics;

/// <summary>
/// A read-only stream over fixed bytes that cannot seek (so it has no length, like a network stream) and returns at
/// most <c>maxBytesPerRead</c> bytes per read. Reads allocate nothing, so tests can count a loader's allocations.
/// </summary>
internal sealed class ForwardOnlyStream(byte[] data, int maxBytesPerRead = 7) : Stream
{
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = Math.Min(Math.Min(buffer.Length, maxBytesPerRead), data.Length - _position);
        data.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
