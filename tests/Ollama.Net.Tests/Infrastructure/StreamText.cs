using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CsCheck;

namespace Ollama.Net.Tests.Infrastructure;

/// <summary>Generators of valid Ollama chat streams, as UTF-8 bytes, and the content they carry.</summary>
internal static class StreamText
{
    /// <summary>Bounded iteration counts: the whole property suite stays well under 20 seconds.</summary>
    public const long Iterations = 300;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Pieces of text, ASCII and multi-byte (2, 3 and 4 UTF-8 bytes), with characters JSON must escape.</summary>
    public static readonly Gen<string> Content =
        Gen.OneOf("a", "Z", "0", " ", "\"", "\\", "\n", "\r", "\t", "/", "{", "}", "é", "ß", "€", "日本", "😀", "𝄞", "\u2028", "\u0001")
            .Array[0, 6]
            .Select(parts => string.Concat(parts));

    /// <summary>One chat stream: its contents, its line endings, and blank lines between chunks.</summary>
    public static readonly Gen<ChatStream> Chat =
        Gen.Select(Content.Array[0, 8], Gen.Bool.Array[9], Gen.Int[0, 2].Array[9], Gen.Bool, (contents, crlf, blanks, finalNewline)
            => new ChatStream(contents, crlf, blanks, finalNewline));

    /// <summary>Read sizes, from one byte up; a reader cycles through them.</summary>
    public static readonly Gen<int[]> ReadSizes = Gen.Frequency<int>((3, Gen.Int[1, 4]), (2, Gen.Int[5, 64]), (1, Gen.Int[65, 4096])).Array[1, 12];

    public static string ChatLine(string content, bool done)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("model", "m");
            writer.WriteString("created_at", "2026-01-02T03:04:05.123456789Z");
            writer.WriteStartObject("message");
            writer.WriteString("role", "assistant");
            writer.WriteString("content", content);
            writer.WriteEndObject();
            writer.WriteBoolean("done", done);
            if (done)
            {
                writer.WriteString("done_reason", "stop");
                writer.WriteNumber("total_duration", 1_234_567_890);
                writer.WriteNumber("load_duration", 12_345);
                writer.WriteNumber("prompt_eval_count", 7);
                writer.WriteNumber("prompt_eval_duration", 2_000_000);
                writer.WriteNumber("eval_count", 11);
                writer.WriteNumber("eval_duration", 900_000_000);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}

/// <summary>A generated stream: content chunks then a final <c>done</c> chunk.</summary>
internal sealed record ChatStream(string[] Contents, bool[] Crlf, int[] BlankLines, bool FinalNewline)
{
    public byte[] ToBytes()
    {
        var text = new StringBuilder();
        for (var i = 0; i <= Contents.Length; i++)
        {
            var ending = Crlf[i % Crlf.Length] ? "\r\n" : "\n";
            for (var b = 0; b < BlankLines[i % BlankLines.Length]; b++)
            {
                text.Append(ending);
            }

            var done = i == Contents.Length;
            text.Append(StreamText.ChatLine(done ? string.Empty : Contents[i], done));
            if (!done || FinalNewline)
            {
                text.Append(ending);
            }
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    public override string ToString() => $"[{string.Join(", ", Contents.Select(c => JsonSerializer.Serialize(c)))}] crlf={string.Join("", Crlf.Select(c => c ? 1 : 0))} blanks={string.Join("", BlankLines)} finalNewline={FinalNewline}";
}

/// <summary>A read-only stream over bytes whose reads return the given sizes in turn (cycling), so lines and characters split anywhere.</summary>
internal sealed class ChoppedStream(byte[] data, int[] readSizes) : Stream
{
    private int _position;
    private int _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var size = readSizes[_read++ % readSizes.Length];
        var count = Math.Min(Math.Min(size, buffer.Length), data.Length - _position);
        data.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (_read % 3 == 0)
        {
            await Task.Yield(); // some reads complete asynchronously, as a socket's would
        }

        return Read(buffer.Span);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
