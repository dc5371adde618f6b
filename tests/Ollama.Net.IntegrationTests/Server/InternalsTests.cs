using System.Text;
using System.Text.Json;
using Ollama.Net.Testing.Internal;

namespace Ollama.Net.IntegrationTests.Server;

/// <summary>The Go-compatibility helpers behind the wire format.</summary>
public class InternalsTests
{
    [Theory]
    [InlineData("5m", 300_000)]
    [InlineData("300ms", 300)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("2h45m", 9_900_000)]
    [InlineData("0", 0)]
    [InlineData("-1m", -60_000)]
    [InlineData("1m30.5s", 90_500)]
    [InlineData("1000us", 1)]
    [InlineData("5m0s", 300_000)]
    public void Go_durations_parse(string text, long milliseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var value, out var error), error);
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("10", "time: missing unit in duration \"10\"")]
    [InlineData("", "time: invalid duration \"\"")]
    [InlineData("m", "time: invalid duration \"m\"")]
    [InlineData("1d", "time: unknown unit \"d\" in duration \"1d\"")]
    [InlineData("1.2.3s", "time: invalid duration \"1.2.3s\"")]
    public void Bad_go_durations_fail_with_go_messages(string text, string message)
    {
        Assert.False(GoDuration.TryParse(text, out _, out var error));
        Assert.Equal(message, error);
    }

    [Fact]
    public void Go_times_trim_fractions_and_show_offsets()
    {
        Assert.Equal("2024-01-02T03:04:05Z", GoTime.Format(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero)));
        Assert.Equal("2024-01-02T03:04:05.1Z", GoTime.Format(new DateTimeOffset(2024, 1, 2, 3, 4, 5, 100, TimeSpan.Zero)));
        Assert.Equal("2024-01-02T03:04:05.123456789-07:00", GoTime.Format(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(-7)).AddTicks(1_234_567), 89));
        Assert.Equal("2024-01-02T03:04:05+05:30", GoTime.Format(new DateTimeOffset(2024, 1, 2, 3, 4, 5, new TimeSpan(5, 30, 0))));
        Assert.Equal("0001-01-01T00:00:00Z", GoTime.Format(default));
        Assert.Matches(ChatTests.CreatedAt(), GoTime.UtcNow());
    }

    [Theory]
    [InlineData("llama3", "llama3:latest")]
    [InlineData("LLAMA3:8B", "LLAMA3:8B")]
    [InlineData("registry.ollama.ai/library/llama3:8b", "llama3:8b")]
    [InlineData("me/model", "me/model:latest")]
    [InlineData("host.com:5000/ns/m:t", "host.com:5000/ns/m:t")]
    [InlineData("https://host.com/ns/m", "host.com/ns/m:latest")]
    [InlineData("_under/_score:_t", "_under/_score:_t")]
    [InlineData("qwen2.5:0.5b", "qwen2.5:0.5b")]
    [InlineData("m:tag@sha256:abc", null)]
    [InlineData("name.space/m", null)]
    [InlineData(" m", null)]
    [InlineData("m:", null)]
    [InlineData("bad name", null)]
    [InlineData("", null)]
    [InlineData(":tag", null)]
    [InlineData("a/b/c/d", null)]
    [InlineData("-dash", null)]
    public void Model_names_normalize_like_ollama(string input, string? expected) =>
        Assert.Equal(expected, ModelName.Normalize(input));

    [Theory]
    [InlineData("m", "registry.ollama.ai/library/m:latest")]
    [InlineData("me/m:v1", "registry.ollama.ai/me/m:v1")]
    [InlineData("host.com:5000/ns/m:t", "host.com:5000/ns/m:t")]
    [InlineData("bad name!", "registry.ollama.ai/library/bad name!:latest")]
    public void Full_names_are_name_String(string input, string expected) => Assert.Equal(expected, ModelName.Full(input));

    [Theory]
    [InlineData("  m  ", "Valid", "m")]
    [InlineData("", "Required", "")]
    [InlineData(" \t", "Required", "")]
    [InlineData("bad name!", "Invalid", "bad name!")]
    public void Model_refs_are_trimmed_then_parsed(string input, string status, string trimmed)
    {
        Assert.Equal(status, ModelName.Ref(input, out var name).ToString());
        Assert.Equal(trimmed, name);
    }

    [Theory]
    [InlineData("x", "\"x\"")]
    [InlineData("a\"b\\c", "\"a\\\"b\\\\c\"")]
    [InlineData("tab\tnl\n\u0001\u007f", "\"tab\\tnl\\n\\x01\\x7f\"")]
    [InlineData("日本 é\u00ad\u2028", "\"日本 é\\u00ad\\u2028\"")]
    public void Go_quote_escapes_like_strconv_Quote(string input, string expected) => Assert.Equal(expected, TextTools.GoQuote(input));

    [Fact]
    public void Json_strings_are_escaped_like_go()
    {
        var json = Encoding.UTF8.GetString(JsonOut.Build(w =>
        {
            w.WriteStartObject();
            w.WriteString("s", "<a>&\"\\\n\r\t\u0001\u2028 日本 👍 é");
            w.WriteEndObject();
        }));
        Assert.Equal("{\"s\":\"\\u003ca\\u003e\\u0026\\\"\\\\\\n\\r\\t\\u0001\\u2028 日本 👍 é\"}", json);
        Assert.Equal("<a>&\"\\\n\r\t\u0001\u2028 日本 👍 é", JsonDocument.Parse(json).RootElement.GetProperty("s").GetString());
    }

    [Fact]
    public void Token_estimates_and_chunks_are_deterministic()
    {
        Assert.Equal(0, TextTools.EstimateTokens(""));
        Assert.Equal(2, TextTools.EstimateTokens("hello"));
        Assert.Equal(4, TextTools.EstimateTokens("我爱你!"));
        Assert.Equal(["ab", "c"], TextTools.Chunk("abc", 2));
        Assert.Empty(TextTools.Chunk("", 2));
    }
}
