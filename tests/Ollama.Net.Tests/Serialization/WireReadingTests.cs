using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Ollama.Net.Tests.Infrastructure;

namespace Ollama.Net.Tests.Serialization;

/// <summary>
/// What the client makes of bad wire data, through its public API: every line or reply the source-generated contract
/// rejects is an <see cref="OllamaException"/> with the <see cref="JsonException"/> inside, never a silent default.
/// </summary>
public class WireReadingTests
{
    private const string Final = """{"model":"m","message":{"role":"assistant","content":""},"response":"","done":true}""";

    public static TheoryData<string> BadLines => new()
    {
        """{"model":"m","done":null}""",
        """{"model":"m","done":"yes"}""",
        """{"model":"m","created_at":5}""",
        """{"model":"m","created_at":"yesterday"}""",
        """{"model":"m","eval_count":1.5}""",
        """{"model":"m","eval_count":"1"}""",
        """{"model":"m","eval_count":99999999999}""",
        """{"model":5}""",
        """{"model":"m","done_reason":5}""",
        """{"model":"m","logprobs":{}}""",
        """{"model":"m","total_duration":"1s"}""",
        """{"model":"m","message":[],"response":[]}""",
        """{"model":"m","message":{"role":5},"thinking":[]}""",
        """{"model":"m","message":{"content":5},"context":["a"]}""",
        """{"model":"m","message":{"tool_calls":{}},"tool_calls":7}""",
        """[1]""",
        """5""",
        "\"text\"",
        """{""",
        """{"model":"m"}x""",
        """{"model":"m",}""",
        """{"model":"m"} {"model":"m"}""",
        """{"model":"m" "done":false}""",
        """{'model':'m'}""",
    };

    public static TheoryData<string> BadEmbedReplies => new()
    {
        """{"model":"e","embeddings":[[01]]}""",
        """{"model":"e","embeddings":[[1.]]}""",
        """{"model":"e","embeddings":[[.5]]}""",
        """{"model":"e","embeddings":[[-]]}""",
        """{"model":"e","embeddings":[[1e]]}""",
        """{"model":"e","embeddings":[[+1]]}""",
        """{"model":"e","embeddings":[[NaN]]}""",
        """{"model":"e","embeddings":[["1"]]}""",
        """{"model":"e","embeddings":[[1,]]}""",
        """{"model":"e","embeddings":[[1],]}""",
        """{"model":"e","embeddings":[[1 2]]}""",
        """{"model":"e","embeddings":[[1],[2,3]]}""",
        """{"model":"e","embeddings":[1,2]}""",
        """{"model":"e","embeddings":[[1]]""",
        """{"model":"e","embeddings":[[1]]} x""",
        """{"model":"e","embeddings":[[1,2""",
        """{"model":"e","embeddings":[[1]],}""",
        """{"model":"e","embeddings":{"a":1}}""",
        """{"model":"e","embeddings":[[1]],"prompt_eval_count":"8"}""",
        """[1]""",
    };

    [Theory]
    [MemberData(nameof(BadLines))]
    public async Task A_chat_stream_line_the_contract_rejects_is_an_OllamaException_with_the_json_error(string line)
    {
        var handler = new FakeHttpHandler().EnqueueNdjson(line, Final);
        using var client = TestClient.Create(handler);

        var ex = await Assert.ThrowsAsync<OllamaException>(async () => await client.ChatStreamingAsync(new ChatRequest("m", Message.User("q"))).ToListAsync());

        Assert.IsType<JsonException>(ex.InnerException, exactMatch: false);
        Assert.Contains("not valid JSON for ChatUpdate", ex.Message, StringComparison.Ordinal);
        Assert.Contains(line, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BadLines))]
    public async Task A_generate_stream_line_the_contract_rejects_is_an_OllamaException_with_the_json_error(string line)
    {
        var handler = new FakeHttpHandler().EnqueueNdjson(line, Final);
        using var client = TestClient.Create(handler);

        var ex = await Assert.ThrowsAsync<OllamaException>(async () => await client.GenerateStreamingAsync(new GenerateRequest("m", "q")).ToListAsync());

        Assert.IsType<JsonException>(ex.InnerException, exactMatch: false);
        Assert.Contains("not valid JSON for GenerateUpdate", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_text_quoted_in_a_json_error_reaches_no_exception_text_unescaped()
    {
        // System.Text.Json quotes an invalid literal as it came: here with an escape sequence that clears a terminal.
        var handler = new FakeHttpHandler().EnqueueNdjson("{\"model\":\"m\",\"done\":tru\u001b[2J}", Final).EnqueueJson("{\"version\":tru\u001b[2J}");
        using var client = TestClient.Create(handler);

        var stream = await Assert.ThrowsAsync<OllamaException>(async () => await client.ChatStreamingAsync(new ChatRequest("m", Message.User("q"))).ToListAsync());
        var unary = await Assert.ThrowsAsync<OllamaException>(() => client.GetVersionAsync());

        foreach (var ex in new[] { stream, unary })
        {
            Assert.DoesNotContain('\u001b', ex.ToString());
            var json = Assert.IsType<JsonException>(ex.InnerException, exactMatch: false);
            Assert.Contains("tru\\u001B[2J", json.Message, StringComparison.Ordinal);
            Assert.NotNull(json.LineNumber);
        }
    }

    [Fact]
    public async Task A_null_line_is_an_OllamaException()
    {
        var handler = new FakeHttpHandler().EnqueueNdjson("null", Final);
        using var client = TestClient.Create(handler);

        var ex = await Assert.ThrowsAsync<OllamaException>(async () => await client.ChatStreamingAsync(new ChatRequest("m", Message.User("q"))).ToListAsync());

        Assert.Contains("null line", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chunk_without_a_message_has_its_own_empty_assistant_message()
    {
        var handler = new FakeHttpHandler().EnqueueNdjson("""{"model":"m","done":false}""", """{"model":"m","message":null,"done":false}""", Final);
        using var client = TestClient.Create(handler);

        var updates = await client.ChatStreamingAsync(new ChatRequest("m", Message.User("q"))).ToListAsync();

        Assert.All(updates.Take(2), u => Assert.Equal(MessageRole.Assistant, u.Message.Role));
        Assert.All(updates.Take(2), u => Assert.Equal("", u.Message.Content));
        Assert.NotSame(updates[0].Message, updates[1].Message);
    }

    [Fact]
    public async Task A_reply_with_half_a_surrogate_pair_in_a_string_is_an_OllamaException()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"version":"0.1\ud800"}""").EnqueueNdjson("""{"model":"\udc00","done":true}""");
        using var client = TestClient.Create(handler);

        var unary = await Assert.ThrowsAsync<OllamaException>(() => client.GetVersionAsync());
        var stream = await Assert.ThrowsAsync<OllamaException>(async () => await client.ChatStreamingAsync(new ChatRequest("m", Message.User("q"))).ToListAsync());

        Assert.IsType<InvalidOperationException>(unary.InnerException?.InnerException);
        Assert.True(stream.InnerException is JsonException or InvalidOperationException, stream.ToString());
    }

    [Theory]
    [MemberData(nameof(BadEmbedReplies))]
    public async Task An_embed_reply_the_contract_rejects_is_an_OllamaException_with_the_json_error(string json)
    {
        var handler = new FakeHttpHandler().EnqueueJson(json);
        using var client = TestClient.Create(handler);

        var ex = await Assert.ThrowsAsync<OllamaException>(() => client.EmbedAsync("e", "a"));

        Assert.IsType<JsonException>(ex.InnerException, exactMatch: false);
    }

    [Fact]
    public async Task Ragged_embedding_vectors_are_an_OllamaException_that_says_so()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"model":"e","embeddings":[[0.1,0.2],[0.3]]}""");
        using var client = TestClient.Create(handler);

        var ex = await Assert.ThrowsAsync<OllamaException>(() => client.EmbedAsync("e", ["a", "b"]));

        Assert.IsType<JsonException>(ex.InnerException);
        Assert.Contains("same length", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(7, false)]
    [InlineData(4096, true)]
    public async Task An_embed_reply_that_arrives_in_pieces_with_or_without_a_length_is_read_exactly(int bytesPerRead, bool announceLength)
    {
        // 40 vectors × 500 values: bigger than the first body buffer, so it grows while reading.
        var random = new Random(bytesPerRead);
        var values = Enumerable.Range(0, 40 * 500).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
        var text = new StringBuilder("{\"model\":\"e\",\"embeddings\":[");
        for (var v = 0; v < 40; v++)
        {
            text.Append(v == 0 ? "[" : ",[").AppendJoin(',', values.Skip(v * 500).Take(500).Select(x => x.ToString("R", CultureInfo.InvariantCulture))).Append(']');
        }

        text.Append("],\"total_duration\":500}");
        var body = Encoding.UTF8.GetBytes(text.ToString());
        var handler = new FakeHttpHandler().Enqueue((_, _) =>
        {
            var content = new StreamContent(new TrickleStream(body, bytesPerRead));
            content.Headers.ContentLength = announceLength ? body.Length : null;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = content });
        });
        using var client = TestClient.Create(handler);

        var result = await client.EmbedAsync("e", Enumerable.Range(0, 40).Select(i => $"t{i}"));

        Assert.Equal(40, result.Embeddings.Count);
        Assert.Equal(500, result.Dimensions);
        Assert.Equal(values, result.Buffer.ToArray());
        Assert.Equal(TimeSpan.FromTicks(5), result.TotalDuration);
    }
}
