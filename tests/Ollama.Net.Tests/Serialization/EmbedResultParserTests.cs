using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Ollama.Net.Serialization;
using Ollama.Net.Tests.Infrastructure;

namespace Ollama.Net.Tests.Serialization;

/// <summary>
/// The direct embed-reply parser must read exactly what the serializer (with EmbeddingsConverter) reads, and reject
/// what it rejects.
/// </summary>
public class EmbedResultParserTests
{
    public static TheoryData<string> Replies => new()
    {
        """{"model":"e","embeddings":[[0.1,0.2,0.3],[0.4,0.5,0.6]],"total_duration":14143917,"load_duration":1019500,"prompt_eval_count":8}""",
        """{"embeddings":[[1,-2,3e2,-4.5E-3,0,-0,0.0]],"model":"e"}""",
        " { \"model\" : \"e\" , \"embeddings\" : [ [ 1 , 2 ] ,\t[ 3 ,4 ]\r\n  ] , \"prompt_eval_count\" : 2 } ",
        """{"model":"e","extra":{"a":[1,{"b":null}]},"embeddings":[[1]],"later":[true,false],"total_duration":null}""",
        """{"model":"e","embeddings":[]}""",
        """{"model":"e","embeddings":[[]]}""",
        """{"model":"e","embeddings":[[],[]]}""",
        """{"model":"e","embeddings":null}""",
        """{"model":"e"}""",
        """{}""",
        """{"embeddings":[[1,2]],"embeddings":[[3,4,5]]}""",
        """{"model":"e","embeddings":[[1e39,-1e39,1e-50]]}""",
        """{"model":null,"embeddings":[[1e-45,3.4028235e38,-1.17549435E-38,123456789012345678901234567890]]}""",
        """{"model":"\u0065\"x","embeddings":[[0.30000001192092896,1e-7]],"total_duration":1.5e3}""",
    };

    public static TheoryData<string> BadReplies => new()
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
        """{"model":"e","embeddings":[[1]]""",
        """{"model":"e","embeddings":[[1,2""",
        """{"model":"e","embeddings":[[1]],}""",
        """{"model":"e","embeddings":{"a":1}}""",
        """{"model":"e","embeddings":[[1]],"prompt_eval_count":"8"}""",
        """[1]""",
        "",
    };

    [Theory]
    [MemberData(nameof(Replies))]
    public void Reads_what_the_serializer_reads(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var expected = JsonSerializer.Deserialize(bytes, OllamaJsonContext.Default.EmbedResult)!;
        var actual = EmbedResultParser.Parse(bytes)!;
        AssertSame(expected, actual);
    }

    [Theory]
    [MemberData(nameof(BadReplies))]
    public void Rejects_what_the_serializer_rejects(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize(bytes, OllamaJsonContext.Default.EmbedResult));
        var ex = Assert.ThrowsAny<JsonException>(() => EmbedResultParser.Parse(bytes));
        Assert.Equal(typeof(JsonException), ex.GetType());
    }

    [Fact]
    public void A_null_reply_reads_as_null()
    {
        Assert.Null(EmbedResultParser.Parse("null"u8));
    }

    [Fact]
    public void Reads_large_random_replies_bit_for_bit_like_the_serializer()
    {
        var random = new Random(7);
        foreach (var (count, dimensions) in new[] { (1, 1), (3, 768), (256, 64), (16, 4096) })
        {
            var text = new StringBuilder("{\"model\":\"e\",\"embeddings\":[");
            for (var v = 0; v < count; v++)
            {
                text.Append(v == 0 ? "[" : ",[");
                for (var d = 0; d < dimensions; d++)
                {
                    var x = (float)(random.NextDouble() - 0.5) * (random.Next(3) == 0 ? 1e-5f : 0.2f);
                    text.Append(d == 0 ? "" : ",").Append(x.ToString(random.Next(2) == 0 ? "R" : "G9", CultureInfo.InvariantCulture));
                }

                text.Append(']');
            }

            text.Append("],\"prompt_eval_count\":3}");
            var bytes = Encoding.UTF8.GetBytes(text.ToString());
            AssertSame(JsonSerializer.Deserialize(bytes, OllamaJsonContext.Default.EmbedResult)!, EmbedResultParser.Parse(bytes)!);
        }
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(7, false)]
    [InlineData(4096, true)]
    public async Task EmbedAsync_reads_a_reply_that_arrives_in_pieces_with_or_without_a_length(int bytesPerRead, bool announceLength)
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

    [Fact]
    public async Task EmbedAsync_reports_a_malformed_vector_as_an_OllamaException_with_the_json_error_inside()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"model":"e","embeddings":[[0.1,0.2],[0.3]]}""");
        using var client = TestClient.Create(handler);
        var ex = await Assert.ThrowsAsync<OllamaException>(() => client.EmbedAsync("e", new[] { "a", "b" }));
        Assert.IsType<JsonException>(ex.InnerException);
        Assert.Contains("same length", ex.Message, StringComparison.Ordinal);
    }

    private static void AssertSame(EmbedResult expected, EmbedResult actual)
    {
        Assert.Equal(expected.Model, actual.Model);
        Assert.Equal(expected.TotalDuration, actual.TotalDuration);
        Assert.Equal(expected.LoadDuration, actual.LoadDuration);
        Assert.Equal(expected.PromptEvalCount, actual.PromptEvalCount);
        Assert.Equal(expected.Embeddings.Count, actual.Embeddings.Count);
        Assert.Equal(expected.Dimensions, actual.Dimensions);
        var e = expected.Buffer.ToArray().Select(BitConverter.SingleToInt32Bits);
        var a = actual.Buffer.ToArray().Select(BitConverter.SingleToInt32Bits);
        Assert.Equal(e, a);
    }
}
