using System.Buffers;

namespace Ollama.Net.Internal;

/// <summary>
/// Splits a stream of newline-delimited JSON into lines without making a string per line: bytes go into one pooled
/// buffer and each line is handed out as a slice of it (valid until the next call). Handles <c>\n</c> and <c>\r\n</c>,
/// skips blank lines, returns a last line that has no newline, and is indifferent to how the stream splits its reads
/// (a multi-byte UTF-8 character may straddle two reads: only whole lines are ever decoded).
/// </summary>
internal sealed class NdjsonReader : IDisposable
{
    private const int InitialBufferSize = 16 * 1024;

    private readonly Stream _stream;
    private readonly int _maxLineLength;
    private byte[] _buffer;
    private int _start;   // first unconsumed byte
    private int _end;     // end of the data read so far
    private int _scanned; // bytes before this index (from _start) hold no '\n'
    private bool _eof;
    private bool _disposed;

    public NdjsonReader(Stream stream, int maxLineLength)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineLength, 1);
        _stream = stream;
        _maxLineLength = maxLineLength;
        _buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(InitialBufferSize, maxLineLength + 2L)); // long: int.MaxValue means no limit
    }

    /// <summary>The current line, without its line ending. Valid until the next <see cref="ReadLineAsync"/>.</summary>
    public ReadOnlyMemory<byte> Current { get; private set; }

    /// <summary>Number of non-blank lines returned so far.</summary>
    public int LineCount { get; private set; }

    /// <summary>Reads the next non-blank line into <see cref="Current"/>; false at the end of the stream.</summary>
    public async ValueTask<bool> ReadLineAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var newline = _buffer.AsSpan(_scanned, _end - _scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var lineEnd = _scanned + newline;
                var line = _buffer.AsMemory(_start, lineEnd - _start);
                _start = lineEnd + 1;
                _scanned = _start;
                if (TryAccept(line))
                {
                    return true;
                }

                continue;
            }

            _scanned = _end;
            if (_eof)
            {
                if (_end > _start)
                {
                    var line = _buffer.AsMemory(_start, _end - _start);
                    _start = _end;
                    if (TryAccept(line))
                    {
                        return true;
                    }
                }

                Current = default;
                return false;
            }

            // A line may end in "\r" before its "\n": allow one byte more than the limit while searching.
            if (_end - _start > _maxLineLength + 1L)
            {
                throw LineTooLong(_end - _start);
            }

            MakeRoom();
            var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                _eof = true;
            }
            else
            {
                _end += read;
            }
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Current = default;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        _stream.Dispose();
    }

    private bool TryAccept(ReadOnlyMemory<byte> line)
    {
        var span = line.Span;
        if (span.Length > 0 && span[^1] == (byte)'\r')
        {
            line = line[..^1];
            span = line.Span;
        }

        if (span.Length > _maxLineLength)
        {
            throw LineTooLong(span.Length);
        }

        if (span.IndexOfAnyExcept(" \t\r"u8) < 0)
        {
            return false; // blank line
        }

        Current = line;
        LineCount++;
        return true;
    }

    private void MakeRoom()
    {
        if (_end < _buffer.Length)
        {
            return;
        }

        var pending = _end - _start;
        if (_start > 0 && pending < _buffer.Length / 2)
        {
            // Slide the unfinished line to the front.
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
        }
        else
        {
            // Grow with the bytes that arrived (the limit check above bounds the size; so does the largest array).
            if (_buffer.Length >= Array.MaxLength)
            {
                throw LineTooLong(pending);
            }

            var bigger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max(_buffer.Length * 2L, InitialBufferSize), Array.MaxLength));
            _buffer.AsSpan(_start, pending).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        _scanned -= _start;
        _start = 0;
        _end = pending;
    }

    private OllamaException LineTooLong(int length)
        => new($"A line of the server's stream is longer than the limit of {_maxLineLength:N0} bytes (at least {length:N0} bytes). Raise OllamaClientOptions.MaxStreamLineLength if this is expected.");
}
