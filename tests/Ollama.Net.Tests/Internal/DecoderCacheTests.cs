using System.Text.Json;
using Ollama.Net.Internal;

namespace Ollama.Net.Tests.Internal;

public class Utf8StringCacheTests
{
    private static string? Read(Utf8StringCache cache, string json)
    {
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(json));
        reader.Read();
        return cache.Read(ref reader);
    }

    [Fact]
    public void Equal_bytes_give_the_same_string_and_different_bytes_a_new_one()
    {
        var cache = new Utf8StringCache();
        var a = Read(cache, "\"llama3.2\"");
        var b = Read(cache, "\"llama3.2\"");
        var c = Read(cache, "\"llama3.3\"");
        var d = Read(cache, "\"llama3.3\"");
        Assert.Same(a, b);
        Assert.Equal("llama3.3", c);
        Assert.Same(c, d);
    }

    [Fact]
    public void Escaped_strings_and_nulls_are_read_correctly()
    {
        var cache = new Utf8StringCache();
        Assert.Equal("m\"x", Read(cache, "\"m\\\"x\""));
        Assert.Equal("m", Read(cache, "\"\\u006d\""));
        Assert.Equal("m", Read(cache, "\"m\""));
        Assert.Null(Read(cache, "null"));
        Assert.Throws<JsonException>(() => Read(cache, "5"));
    }

    [Fact]
    public void Long_strings_are_read_but_not_kept()
    {
        var cache = new Utf8StringCache();
        var text = new string('x', 1000);
        var a = Read(cache, $"\"{text}\"");
        var b = Read(cache, $"\"{text}\"");
        Assert.Equal(text, b);
        Assert.NotSame(a, b);
    }
}

public class GenerationDetailsTests
{
    [Fact]
    public void Every_final_chunk_field_round_trips_and_can_be_cleared()
    {
        var logprobs = new List<Logprob>();
        var debug = new DebugInfo { RenderedTemplate = "t" };
        var update = new ChatUpdate
        {
            RemoteModel = "rm",
            RemoteHost = "rh",
            DoneReason = DoneReason.Length,
            DebugInfo = debug,
            Logprobs = logprobs,
            TotalDuration = TimeSpan.FromSeconds(1),
            LoadDuration = TimeSpan.FromSeconds(2),
            PromptEvalCount = 3,
            PromptEvalDuration = TimeSpan.FromSeconds(4),
            EvalCount = 5,
            EvalDuration = TimeSpan.FromSeconds(6),
        };
        Assert.Equal("rm", update.RemoteModel);
        Assert.Equal("rh", update.RemoteHost);
        Assert.Equal(DoneReason.Length, update.DoneReason);
        Assert.Same(debug, update.DebugInfo);
        Assert.Same(logprobs, update.Logprobs);
        Assert.Equal(TimeSpan.FromSeconds(1), update.TotalDuration);
        Assert.Equal(TimeSpan.FromSeconds(2), update.LoadDuration);
        Assert.Equal(3, update.PromptEvalCount);
        Assert.Equal(TimeSpan.FromSeconds(4), update.PromptEvalDuration);
        Assert.Equal(5, update.EvalCount);
        Assert.Equal(TimeSpan.FromSeconds(6), update.EvalDuration);
        Assert.Equal(5 / 6.0, update.TokensPerSecond);

        update.RemoteModel = null;
        update.DoneReason = null;
        update.EvalDuration = null;
        Assert.Null(update.RemoteModel);
        Assert.Null(update.DoneReason);
        Assert.Null(update.EvalDuration);
        Assert.Null(update.TokensPerSecond);
        Assert.Equal("rh", update.RemoteHost);
        Assert.Equal(5, update.EvalCount);
    }

    [Fact]
    public void A_fresh_response_has_no_final_chunk_fields()
    {
        var result = new GenerateResult { PromptEvalCount = null, DebugInfo = null };
        Assert.Null(result.RemoteModel);
        Assert.Null(result.RemoteHost);
        Assert.Null(result.DoneReason);
        Assert.Null(result.DebugInfo);
        Assert.Null(result.Logprobs);
        Assert.Null(result.TotalDuration);
        Assert.Null(result.LoadDuration);
        Assert.Null(result.PromptEvalCount);
        Assert.Null(result.PromptEvalDuration);
        Assert.Null(result.EvalCount);
        Assert.Null(result.EvalDuration);
    }
}
