using System.Text;
using Ollama.Net.Internal;
using Ollama.Net.Tests.Infrastructure;

namespace Ollama.Net.Tests.Internal;

public class NdjsonReaderTests
{
    private static async Task<List<string>> ReadAll(string text, int bytesPerRead, int maxLine = 1 << 20)
    {
        using var reader = new NdjsonReader(TrickleStream.FromText(text, bytesPerRead), maxLine);
        var lines = new List<string>();
        while (await reader.ReadLineAsync(CancellationToken.None))
        {
            lines.Add(Encoding.UTF8.GetString(reader.Current.Span));
        }

        return lines;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task Splits_lines_whatever_the_read_size(int bytesPerRead)
    {
        var lines = await ReadAll("{\"a\":1}\n{\"b\":2}\r\n\n{\"c\":\"é😀\"}\n", bytesPerRead);
        Assert.Equal(["{\"a\":1}", "{\"b\":2}", "{\"c\":\"é😀\"}"], lines);
    }

    [Fact]
    public async Task Skips_blank_and_whitespace_lines()
    {
        Assert.Equal(["x"], await ReadAll("\n\r\n \t \n x\n\n", 3).ContinueWith(t => t.Result.Select(l => l.Trim()).ToList()));
    }

    [Fact]
    public async Task Returns_a_last_line_without_newline()
    {
        Assert.Equal(["a", "b"], await ReadAll("a\nb", 1));
    }

    [Fact]
    public async Task Empty_stream_has_no_lines()
    {
        Assert.Empty(await ReadAll("", 1));
        Assert.Empty(await ReadAll("\n\n", 1));
    }

    [Fact]
    public async Task A_line_at_the_limit_is_accepted_and_one_byte_more_is_rejected()
    {
        var exact = new string('a', 100);
        Assert.Equal([exact], await ReadAll(exact + "\r\n", 13, maxLine: 100));
        Assert.Equal([exact], await ReadAll(exact, 13, maxLine: 100));
        await Assert.ThrowsAsync<OllamaException>(() => ReadAll(exact + "a\n", 13, maxLine: 100));
        await Assert.ThrowsAsync<OllamaException>(() => ReadAll(exact + "a", 13, maxLine: 100));
    }

    [Fact]
    public async Task An_endless_line_fails_without_reading_everything()
    {
        var stream = new TrickleStream(Enumerable.Repeat((byte)'z', 1_000_000).ToArray(), 1000);
        using var reader = new NdjsonReader(stream, 10_000);
        await Assert.ThrowsAsync<OllamaException>(async () => await reader.ReadLineAsync(CancellationToken.None));
        Assert.True(stream.BytesRead < 100_000);
    }

    [Fact]
    public async Task Long_lines_grow_the_buffer_and_short_lines_reuse_it()
    {
        var sb = new StringBuilder();
        var expected = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            var line = new string((char)('a' + (i % 26)), (i * 997) % 70_000 + 1);
            expected.Add(line);
            sb.Append(line).Append('\n');
        }

        Assert.Equal(expected, await ReadAll(sb.ToString(), 8191));
    }

    [Fact]
    public async Task Counts_lines_and_disposes_the_stream()
    {
        var stream = TrickleStream.FromText("a\nb\n", 1);
        var reader = new NdjsonReader(stream, 100);
        while (await reader.ReadLineAsync(CancellationToken.None))
        {
        }

        Assert.Equal(2, reader.LineCount);
        reader.Dispose();
        reader.Dispose();
        Assert.True(stream.IsDisposed);
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await reader.ReadLineAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Honours_cancellation_even_with_buffered_lines()
    {
        using var reader = new NdjsonReader(TrickleStream.FromText("a\nb\nc\n", 100), 100);
        using var cts = new CancellationTokenSource();
        Assert.True(await reader.ReadLineAsync(cts.Token));
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await reader.ReadLineAsync(cts.Token));
    }

    [Fact]
    public async Task A_line_limit_of_int_MaxValue_reads_lines_without_overflowing()
    {
        var lines = await ReadAll("{\"a\":1}\r\n{\"b\":2}\n", bytesPerRead: 3, maxLine: int.MaxValue);

        Assert.Equal(["{\"a\":1}", "{\"b\":2}"], lines);
    }
}
