using System.Net;
using System.Net.Http.Headers;

namespace Ollama.Net.Benchmarks.Client;

/// <summary>
/// An in-memory <see cref="HttpMessageHandler"/> that answers every request with the same bytes (no sockets), so
/// both clients parse identical input. The request body, when there is one, is drained first so that its serialization
/// is part of what is measured.
/// </summary>
public sealed class ReplayHandler : HttpMessageHandler
{
    private readonly byte[] _body;
    private readonly MediaTypeHeaderValue _contentType;

    public ReplayHandler(byte[] body, string contentType = "application/json")
    {
        _body = body;
        _contentType = new MediaTypeHeaderValue(contentType);
    }

    /// <summary>Bytes of request bodies seen so far (checked by the sanity runs).</summary>
    public long RequestBytes { get; private set; }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null)
        {
            var sink = new CountingSink();
            await request.Content.CopyToAsync(sink, cancellationToken);
            RequestBytes += sink.Length;
        }

        var content = new ByteArrayContent(_body);
        content.Headers.ContentType = _contentType;
        return new HttpResponseMessage(HttpStatusCode.OK) { Content = content, RequestMessage = request };
    }

    /// <summary>A write-only stream that only counts bytes.</summary>
    private sealed class CountingSink : Stream
    {
        private long _length;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;
        public override long Position { get => _length; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => _length += count;
        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
