using System.Text.Json;
using Ollama.Net.Serialization;
using Ollama.Net.Tests.Infrastructure;

namespace Ollama.Net.Tests.Serialization;

public class ModelOptionsTests
{
    [Fact]
    public void Every_option_has_its_wire_name()
    {
        var options = new ModelOptions
        {
            NumCtx = 1, NumBatch = 2, NumGpu = 3, MainGpu = 4, UseMmap = true, NumThread = 5, DraftNumPredict = 6, NumKeep = 7,
            Seed = 8, NumPredict = 9, TopK = 10, TopP = 0.5f, MinP = 0.25f, TypicalP = 0.75f, RepeatLastN = 11, Temperature = 1.5f,
            RepeatPenalty = 1.25f, PresencePenalty = 0.125f, FrequencyPenalty = 0.0625f, Stop = ["a", "b"],
        };
        JsonAssert.Equal("""
            {"num_ctx":1,"num_batch":2,"num_gpu":3,"main_gpu":4,"use_mmap":true,"num_thread":5,"draft_num_predict":6,"num_keep":7,
             "seed":8,"num_predict":9,"top_k":10,"top_p":0.5,"min_p":0.25,"typical_p":0.75,"repeat_last_n":11,"temperature":1.5,
             "repeat_penalty":1.25,"presence_penalty":0.125,"frequency_penalty":0.0625,"stop":["a","b"]}
            """, JsonSerializer.Serialize(options, OllamaJsonContext.Default.ModelOptions));
    }

    [Fact]
    public void Unset_options_are_not_sent()
    {
        Assert.Equal("{}", JsonSerializer.Serialize(new ModelOptions(), OllamaJsonContext.Default.ModelOptions));
        Assert.Equal("""{"temperature":0.7}""", JsonSerializer.Serialize(new ModelOptions { Temperature = 0.7f }, OllamaJsonContext.Default.ModelOptions));
    }

    [Fact]
    public void Additional_options_are_written_as_extra_keys_and_unknown_keys_are_read_into_them()
    {
        var options = new ModelOptions
        {
            Temperature = 0f,
            AdditionalOptions = new Dictionary<string, JsonElement>
            {
                ["numa"] = JsonElement.Parse("true"),
                ["future_knob"] = JsonElement.Parse("""{"x":[1,2]}"""),
            },
        };
        var json = JsonSerializer.Serialize(options, OllamaJsonContext.Default.ModelOptions);
        JsonAssert.Equal("""{"temperature":0,"numa":true,"future_knob":{"x":[1,2]}}""", json);

        var back = JsonSerializer.Deserialize(json, OllamaJsonContext.Default.ModelOptions)!;
        Assert.Equal(0f, back.Temperature);
        Assert.True(back.AdditionalOptions!["numa"].GetBoolean());
        Assert.Equal(2, back.AdditionalOptions["future_knob"].GetProperty("x")[1].GetInt32());
    }

    [Fact]
    public void Options_round_trip()
    {
        const string json = """{"num_ctx":8192,"seed":-1,"top_p":0.9,"stop":["</s>"],"use_mmap":false}""";
        var options = JsonSerializer.Deserialize(json, OllamaJsonContext.Default.ModelOptions)!;
        Assert.Equal(8192, options.NumCtx);
        Assert.Equal(-1, options.Seed);
        Assert.Equal(0.9f, options.TopP);
        Assert.False(options.UseMmap);
        Assert.Null(options.AdditionalOptions);
        JsonAssert.Equal(json, JsonSerializer.Serialize(options, OllamaJsonContext.Default.ModelOptions));
    }
}

public class ImageDataTests
{
    [Fact]
    public void Bytes_are_written_as_standard_base64_with_padding()
    {
        var image = ImageData.FromBytes(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00 });
        Assert.Equal("\"/9j/4AA=\"", JsonSerializer.Serialize(image, OllamaJsonContext.Default.ImageData));
        Assert.Equal("/9j/4AA=", image.ToBase64());
    }

    [Fact]
    public void Base64_is_read_back_into_bytes()
    {
        var image = JsonSerializer.Deserialize("\"AQIDBA==\"", OllamaJsonContext.Default.ImageData)!;
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, image.Bytes.ToArray());
    }

    [Fact]
    public void FromBase64_accepts_a_data_url_and_rejects_garbage()
    {
        Assert.Equal(new byte[] { 1, 2, 3 }, ImageData.FromBase64("AQID").Bytes.ToArray());
        Assert.Equal(new byte[] { 1, 2, 3 }, ImageData.FromBase64("data:image/png;base64,AQID").Bytes.ToArray());
        Assert.Throws<ArgumentException>(() => ImageData.FromBase64("not base64!"));
        Assert.Throws<ArgumentNullException>(() => ImageData.FromBase64(null!));
    }

    [Fact]
    public async Task FromStreamAsync_and_FromFileAsync_read_everything()
    {
        var bytes = Enumerable.Range(0, 100_000).Select(i => (byte)i).ToArray();
        var fromStream = await ImageData.FromStreamAsync(new TrickleStream(bytes, 777));
        Assert.Equal(bytes, fromStream.Bytes.ToArray());
        var fromSeekable = await ImageData.FromStreamAsync(new MemoryStream(bytes));
        Assert.Equal(bytes, fromSeekable.Bytes.ToArray());

        var path = Path.Combine(Path.GetTempPath(), $"ollama-net-test-{Guid.NewGuid():N}.bin");
        await File.WriteAllBytesAsync(path, bytes);
        try
        {
            var fromFile = await ImageData.FromFileAsync(path);
            Assert.Equal(bytes, fromFile.Bytes.ToArray());
        }
        finally
        {
            File.Delete(path);
        }

        Assert.Equal("ImageData (100000 bytes)", fromStream.ToString());
    }
}

public class EmbeddingsJsonTests
{
    [Fact]
    public void Vectors_are_slices_of_one_buffer()
    {
        var result = JsonSerializer.Deserialize("""{"model":"e","embeddings":[[1,2],[3,4],[5,6]]}""", OllamaJsonContext.Default.EmbedResult)!;
        Assert.Equal(3, result.Embeddings.Count);
        Assert.Equal(2, result.Dimensions);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, result.Buffer.ToArray());
        for (var i = 0; i < 3; i++)
        {
            Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(result.Embeddings[i], out var segment));
            Assert.Equal(i * 2, segment.Offset);
        }

        Assert.Equal(new float[] { 3, 4 }, result.Embeddings.ElementAt(1).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => result.Embeddings[3]);
    }

    [Fact]
    public void A_large_batch_is_parsed_exactly()
    {
        var rng = new Random(7);
        var vectors = Enumerable.Range(0, 40).Select(_ => Enumerable.Range(0, 768).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray()).ToArray();
        var json = "{\"model\":\"e\",\"embeddings\":" + JsonSerializer.Serialize(vectors, TestJsonContext.Default.SingleArrayArray) + "}";
        var result = JsonSerializer.Deserialize(json, OllamaJsonContext.Default.EmbedResult)!;
        Assert.Equal(768, result.Dimensions);
        Assert.Equal(vectors.SelectMany(v => v).ToArray(), result.Buffer.ToArray());
    }

    [Fact]
    public void Ragged_vectors_are_rejected()
    {
        var ex = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"model":"e","embeddings":[[1,2],[3]]}""", OllamaJsonContext.Default.EmbedResult));
        Assert.Contains("same length", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_or_empty_embeddings_give_an_empty_list()
    {
        Assert.Empty(JsonSerializer.Deserialize("""{"model":"e","embeddings":null}""", OllamaJsonContext.Default.EmbedResult)!.Embeddings);
        Assert.Empty(JsonSerializer.Deserialize("""{"model":"e","embeddings":[]}""", OllamaJsonContext.Default.EmbedResult)!.Embeddings);
        Assert.Empty(JsonSerializer.Deserialize("""{"model":"e"}""", OllamaJsonContext.Default.EmbedResult)!.Embeddings);
    }

    [Fact]
    public void Results_set_by_hand_are_written_and_concatenated()
    {
        var result = new EmbedResult { Model = "e", Embeddings = [new float[] { 1, 2 }, new float[] { 3, 4 }] };
        Assert.Equal(new float[] { 1, 2, 3, 4 }, result.Buffer.ToArray());
        JsonAssert.Equal("""{"model":"e","embeddings":[[1,2],[3,4]]}""", JsonSerializer.Serialize(result, OllamaJsonContext.Default.EmbedResult));
    }

    [Fact]
    public void Embed_input_reads_a_string_or_an_array()
    {
        Assert.Equal(["x"], JsonSerializer.Deserialize("""{"model":"e","input":"x"}""", OllamaJsonContext.Default.EmbedRequest)!.Input);
        Assert.Equal(["x", "y"], JsonSerializer.Deserialize("""{"model":"e","input":["x","y"]}""", OllamaJsonContext.Default.EmbedRequest)!.Input);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("""{"model":"e","input":3}""", OllamaJsonContext.Default.EmbedRequest));
    }
}

public class MetricsTests
{
    [Fact]
    public void Nanoseconds_become_TimeSpans_and_back()
    {
        var update = JsonSerializer.Deserialize("""{"model":"m","created_at":"2025-01-01T00:00:00Z","response":"","done":true,"total_duration":1234567891,"load_duration":99,"prompt_eval_duration":100,"eval_duration":0}""", OllamaJsonContext.Default.GenerateUpdate)!;
        Assert.Equal(TimeSpan.FromTicks(12345678), update.TotalDuration);
        Assert.Equal(TimeSpan.Zero, update.LoadDuration);
        Assert.Equal(TimeSpan.FromTicks(1), update.PromptEvalDuration);
        Assert.Equal(TimeSpan.Zero, update.EvalDuration);
        Assert.Null(update.TokensPerSecond);
        var json = JsonSerializer.Serialize(update, OllamaJsonContext.Default.GenerateUpdate);
        Assert.Contains("\"total_duration\":1234567800", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_metrics_are_null_and_not_written()
    {
        var update = JsonSerializer.Deserialize("""{"model":"m","created_at":"2025-01-01T00:00:00Z","response":"x","done":false}""", OllamaJsonContext.Default.GenerateUpdate)!;
        Assert.Null(update.TotalDuration);
        Assert.Null(update.EvalCount);
        Assert.Null(update.TokensPerSecond);
        Assert.Null(update.PromptTokensPerSecond);
        Assert.DoesNotContain("duration", JsonSerializer.Serialize(update, OllamaJsonContext.Default.GenerateUpdate), StringComparison.Ordinal);
    }

    [Fact]
    public void Timestamps_keep_up_to_seven_fraction_digits_and_offsets()
    {
        var chat = JsonSerializer.Deserialize("""{"model":"m","created_at":"2024-07-22T20:33:28.123456789-07:00","message":{"role":"assistant","content":""},"done":false}""", OllamaJsonContext.Default.ChatUpdate)!;
        Assert.Equal(new DateTimeOffset(2024, 7, 22, 20, 33, 28, TimeSpan.FromHours(-7)).AddTicks(1234567), chat.CreatedAt);
        var zero = JsonSerializer.Deserialize("""{"model":"m","created_at":"0001-01-01T00:00:00Z","message":{"role":"assistant","content":""},"done":false}""", OllamaJsonContext.Default.ChatUpdate)!;
        Assert.Equal(DateTimeOffset.MinValue, zero.CreatedAt);
    }
}

public class ResponseShapeTests
{
    [Fact]
    public void Responses_are_written_in_the_server_key_order()
    {
        var update = new ChatUpdate { Model = "m", CreatedAt = DateTimeOffset.UnixEpoch, Message = Message.Assistant("hi"), Done = true, DoneReason = DoneReason.Stop, EvalCount = 1 };
        var names = JsonDocument.Parse(JsonSerializer.Serialize(update, OllamaJsonContext.Default.ChatUpdate)).RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["model", "created_at", "message"], names.Take(3));
        Assert.True(names.IndexOf("done") < names.IndexOf("eval_count"));

        var generate = new GenerateUpdate { Model = "m", Response = "x", Thinking = "t" };
        var generateNames = JsonDocument.Parse(JsonSerializer.Serialize(generate, OllamaJsonContext.Default.GenerateUpdate)).RootElement.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["model", "created_at", "response", "thinking", "done"], generateNames.Take(5));
    }
}
