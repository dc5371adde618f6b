using System.Text;
using System.Text.Json;
using Ollama.Net.Serialization;

namespace Ollama.Net.Tests.Serialization;

/// <summary>
/// The hand-written chat and generate line decoders must read every line exactly as the source-generated serializer
/// does (compared through the serializer's own output), and reject every line it rejects with a plain JsonException.
/// </summary>
public class StreamLineDecoderTests
{
    public static TheoryData<string> ChatLines => new()
    {
        """{"model":"qwen2.5:0.5b","created_at":"2025-06-01T12:34:00.123456789Z","message":{"role":"assistant","content":" the"},"done":false}""",
        """{"model":"m","created_at":"2024-07-22T20:33:28.123456789-07:00","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","total_duration":4935886791,"load_duration":534986708,"prompt_eval_count":26,"prompt_eval_duration":107345000,"eval_count":237,"eval_duration":4289432000}""",
        """{"model":"m","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":"","thinking":"Let me think"},"done":false}""",
        """{"model":"m","created_at":"2025-01-01T00:00:00.5+05:30","message":{"role":"assistant","content":"","tool_calls":[{"id":"call_1","function":{"index":0,"name":"get_weather","arguments":{"city":"Paris","days":[1,2]}}}]},"done":false}""",
        """{"model":"m","message":{"role":"assistant","content":"hi","images":["aGVsbG8="]},"done":false}""",
        """{"model":"m","message":{"role":"tool","content":"42","tool_name":"calc","tool_call_id":"c1"},"done":false}""",
        """{"model":"m","message":{"role":"assistant","content":"a"},"logprobs":[{"token":"a","logprob":-0.25,"bytes":[97],"top_logprobs":[{"token":"a","logprob":-0.25},{"token":"b","logprob":-1.5}]}],"done":false}""",
        """{"model":"m","remote_model":"gpt-oss:120b","remote_host":"https://ollama.com:443","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":"x"},"done":false}""",
        """{"model":"m","created_at":"2025-01-01T00:00:00Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","_debug_info":{"rendered_template":"<|user|>hi","image_count":0}}""",
        """{"model":"m","unknown":{"deep":[1,{"x":null}],"s":"t"},"message":{"role":"assistant","content":"x","future":[true]},"more":7,"done":false}""",
        """{"model":"m","message":{"role":"assistant","content":"esc \" \\ \/ \b\f\n\r\t \u00e9 \ud83d\ude00 日本"},"done":false}""",
        """{"\u006dodel":"m","message":{"\u0063ontent":"escaped keys","role":"assistant"},"done":false}""",
        """{"model":"m","done":false}""",
        """{"model":"m","message":null,"done":false}""",
        """{"model":null,"remote_model":null,"message":{"role":"assistant","content":null,"thinking":null,"tool_calls":null,"images":null},"done_reason":null,"total_duration":null,"prompt_eval_count":null,"logprobs":null,"_debug_info":null,"done":false}""",
        """{"model":"a","model":"b","message":{"role":"assistant","content":"1"},"message":{"role":"user","content":"2"},"done":false,"done":true}""",
        """{"model":"m","message":{"role":"ASSISTANT","content":"x"},"done":false}""",
        """{"model":"m","message":{"role":"narrator","content":"x"},"done":true,"done_reason":"ran_out_of_tea"}""",
        """{"model":"m","message":{"role":"assistant","content":""},"done":true,"done_reason":"length","total_duration":1.5e3,"eval_duration":123456789012345678}""",
        """ {  "model" : "m" , "message" : { "role" : "assistant" , "content" : "ws" } , "done" : false }  """,
        """{"model":"m","created_at":"2025-06-01T12:34:56","message":{"role":"assistant","content":"no zone"},"done":false}""",
        """{}""",
    };

    public static TheoryData<string> GenerateLines => new()
    {
        """{"model":"m","created_at":"2025-06-01T12:34:00.123456789Z","response":" the","done":false}""",
        """{"model":"m","created_at":"2025-06-01T12:34:00Z","response":"","thinking":"hmm","done":false}""",
        """{"model":"m","created_at":"2025-06-01T12:34:00Z","response":"","done":true,"done_reason":"stop","context":[1,2,3],"total_duration":10,"load_duration":20,"prompt_eval_count":3,"prompt_eval_duration":30,"eval_count":4,"eval_duration":40}""",
        """{"model":"m","response":"","tool_calls":[{"function":{"name":"f","arguments":{}}}],"done":false}""",
        """{"model":"m","response":null,"thinking":null,"context":null,"tool_calls":null,"done":false,"extra":{"a":[]}}""",
        """{"model":"m","response":"a","logprobs":[{"token":"a","logprob":-0.5,"bytes":[97]}],"done":false}""",
        """{}""",
    };

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
        """[1]""",
        """5""",
        "\"text\"",
        """{""",
        """{"model":"m"}x""",
        """{"model":"m",}""",
        """{"model":"m"} {"model":"m"}""",
        """{"model":"m" "done":false}""",
        """{'model':'m'}""",
        "",
    };

    public static TheoryData<string> BadChatLines => new()
    {
        """{"model":"m","message":[]}""",
        """{"model":"m","message":{"role":5}}""",
        """{"model":"m","message":{"role":null}}""",
        """{"model":"m","message":{"content":5}}""",
        """{"model":"m","message":{"tool_calls":{}}}""",
        """{"model":"m","response":5}""",
    };

    public static TheoryData<string> BadGenerateLines => new()
    {
        """{"model":"m","response":5}""",
        """{"model":"m","thinking":[]}""",
        """{"model":"m","context":["a"]}""",
        """{"model":"m","tool_calls":7}""",
    };

    [Theory]
    [MemberData(nameof(ChatLines))]
    public void Chat_lines_read_as_the_serializer_reads_them(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        var expected = JsonSerializer.Deserialize(bytes, OllamaJsonContext.Default.ChatUpdate)!;
        var actual = ChatUpdateDecoder.Instance.Decode(bytes)!;
        Assert.Equal(expected.Message is null, actual.Message is null);
        Assert.Equal(expected.Model, actual.Model);
        Assert.Equal(expected.CreatedAt, actual.CreatedAt);
        Assert.Equal(expected.CreatedAt.Offset, actual.CreatedAt.Offset);
        Assert.Equal(expected.Message?.Role.Value, actual.Message?.Role.Value);
        Assert.Equal(
            JsonSerializer.Serialize(expected, OllamaJsonContext.Default.ChatUpdate),
            JsonSerializer.Serialize(actual, OllamaJsonContext.Default.ChatUpdate));
    }

    [Theory]
    [MemberData(nameof(GenerateLines))]
    public void Generate_lines_read_as_the_serializer_reads_them(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        var expected = JsonSerializer.Deserialize(bytes, OllamaJsonContext.Default.GenerateUpdate)!;
        var actual = GenerateUpdateDecoder.Instance.Decode(bytes)!;
        Assert.Equal(
            JsonSerializer.Serialize(expected, OllamaJsonContext.Default.GenerateUpdate),
            JsonSerializer.Serialize(actual, OllamaJsonContext.Default.GenerateUpdate));
    }

    [Theory]
    [MemberData(nameof(BadLines))]
    public void Bad_lines_are_rejected_like_the_serializer_rejects_them(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize(bytes, OllamaJsonContext.Default.ChatUpdate));
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize(bytes, OllamaJsonContext.Default.GenerateUpdate));
        Assert.Equal(typeof(JsonException), Assert.ThrowsAny<JsonException>(() => ChatUpdateDecoder.Instance.Decode(bytes)).GetType());
        Assert.Equal(typeof(JsonException), Assert.ThrowsAny<JsonException>(() => GenerateUpdateDecoder.Instance.Decode(bytes)).GetType());
    }

    [Theory]
    [MemberData(nameof(BadChatLines))]
    public void Bad_chat_lines_are_rejected_like_the_serializer_rejects_them(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        if (line.Contains("response", StringComparison.Ordinal))
        {
            // Not a chat field: skipped by both.
            JsonSerializer.Deserialize(bytes, OllamaJsonContext.Default.ChatUpdate);
            ChatUpdateDecoder.Instance.Decode(bytes);
            return;
        }

        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize(bytes, OllamaJsonContext.Default.ChatUpdate));
        Assert.Equal(typeof(JsonException), Assert.ThrowsAny<JsonException>(() => ChatUpdateDecoder.Instance.Decode(bytes)).GetType());
    }

    [Theory]
    [MemberData(nameof(BadGenerateLines))]
    public void Bad_generate_lines_are_rejected_like_the_serializer_rejects_them(string line)
    {
        var bytes = Encoding.UTF8.GetBytes(line);
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize(bytes, OllamaJsonContext.Default.GenerateUpdate));
        Assert.Equal(typeof(JsonException), Assert.ThrowsAny<JsonException>(() => GenerateUpdateDecoder.Instance.Decode(bytes)).GetType());
    }

    [Fact]
    public void A_null_line_decodes_to_null()
    {
        Assert.Null(ChatUpdateDecoder.Instance.Decode("null"u8));
        Assert.Null(GenerateUpdateDecoder.Instance.Decode(" null "u8));
    }

    [Fact]
    public void A_line_without_a_message_gets_its_own_empty_assistant_message()
    {
        var first = ChatUpdateDecoder.Instance.Decode("""{"model":"m","done":false}"""u8)!;
        var second = ChatUpdateDecoder.Instance.Decode("""{"model":"m","done":false}"""u8)!;
        Assert.Equal(MessageRole.Assistant, first.Message.Role);
        Assert.Equal("", first.Message.Content);
        Assert.NotSame(first.Message, second.Message);
    }

    [Fact]
    public void The_model_name_repeated_on_every_line_is_one_string()
    {
        var first = ChatUpdateDecoder.Instance.Decode("""{"model":"same-model:7b","done":false}"""u8)!;
        var second = ChatUpdateDecoder.Instance.Decode("""{"model":"same-model:7b","done":false}"""u8)!;
        var other = ChatUpdateDecoder.Instance.Decode("""{"model":"same-model:8b","done":false}"""u8)!;
        Assert.Equal("same-model:7b", second.Model);
        Assert.Same(first.Model, second.Model);
        Assert.Equal("same-model:8b", other.Model);
    }
}
