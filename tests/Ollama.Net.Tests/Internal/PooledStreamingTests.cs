using System.Text;
using Ollama.Net.Tests.Infrastructure;

namespace Ollama.Net.Tests.Internal;

/// <summary>
/// Stream lines are decoded from slices of one pooled buffer that is reused (slid and grown) as reading goes on: every
/// update must still hold its own text after the buffer has moved on, whatever the read sizes and line boundaries.
/// </summary>
public class PooledStreamingTests
{
    private static readonly string[] Pieces = ["a", " Après", " 日本語", " \\\"q\\\"", "\\n", " emoji 😀", "", " tail"];

    private static string Expected(int i) => Pieces[i % Pieces.Length].Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal) + i;

    private static byte[] ChatStream(int chunks, string newline, int padEvery)
    {
        var text = new StringBuilder();
        for (var i = 0; i < chunks; i++)
        {
            // Now and then a long line, so the buffer has to grow, not only slide.
            var pad = padEvery > 0 && i % padEvery == 0 ? new string('p', 20_000 + i) : "";
            text.Append("{\"model\":\"m\",\"created_at\":\"2025-06-01T12:34:00.123456789Z\",\"message\":{\"role\":\"assistant\",\"content\":\"")
                .Append(Pieces[i % Pieces.Length]).Append(i).Append("\"},\"pad\":\"").Append(pad).Append("\",\"done\":false}").Append(newline);
        }

        text.Append("{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\",\"eval_count\":")
            .Append(chunks).Append(",\"eval_duration\":1000}").Append(newline);
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    [Theory]
    [InlineData(1, "\n", 0)]
    [InlineData(3, "\r\n", 0)]
    [InlineData(130, "\n", 0)]
    [InlineData(4096, "\r\n", 50)]
    [InlineData(65536, "\n", 7)]
    [InlineData(16 * 1024 + 1, "\n", 0)]
    public async Task Every_update_keeps_its_own_text_after_the_buffer_moves_on(int bytesPerRead, string newline, int padEvery)
    {
        const int chunks = 700;
        var handler = new FakeHttpHandler().Enqueue(FakeResponse.Stream(new TrickleStream(ChatStream(chunks, newline, padEvery), bytesPerRead)));
        using var client = TestClient.Create(handler);

        var updates = await client.ChatStreamingAsync(new ChatRequest("m", Message.User("q"))).ToListAsync();

        Assert.Equal(chunks + 1, updates.Count);
        for (var i = 0; i < chunks; i++)
        {
            Assert.Equal(Expected(i), updates[i].Message.Content);
            Assert.Equal("m", updates[i].Model);
            Assert.False(updates[i].Done);
            Assert.Null(updates[i].DoneReason);
        }

        var last = updates[^1];
        Assert.True(last.Done);
        Assert.Equal(DoneReason.Stop, last.DoneReason);
        Assert.Equal(chunks, last.EvalCount);
        Assert.Equal(string.Concat(Enumerable.Range(0, chunks).Select(Expected)), string.Concat(updates.Select(u => u.Message.Content)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(977)]
    public async Task Generate_updates_keep_their_own_text_too(int bytesPerRead)
    {
        var text = new StringBuilder();
        for (var i = 0; i < 500; i++)
        {
            text.Append("{\"model\":\"m\",\"response\":\"").Append(Pieces[i % Pieces.Length]).Append(i).Append("\",\"done\":false}\n");
        }

        text.Append("{\"model\":\"m\",\"response\":\"\",\"done\":true,\"context\":[1,2]}\n");
        var handler = new FakeHttpHandler().Enqueue(FakeResponse.Stream(TrickleStream.FromText(text.ToString(), bytesPerRead)));
        using var client = TestClient.Create(handler);

        var updates = await client.GenerateStreamingAsync(new GenerateRequest { Model = "m", Prompt = "q" }).ToListAsync();

        Assert.Equal(501, updates.Count);
        Assert.Equal(Enumerable.Range(0, 500).Select(Expected), updates.Take(500).Select(u => u.Response));
        Assert.Equal([1, 2], updates[^1].Context!);
    }
}
