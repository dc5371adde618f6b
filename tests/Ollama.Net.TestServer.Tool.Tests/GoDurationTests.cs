using Ollama.Net.TestServer.Tool.Scenarios;

namespace Ollama.Net.TestServer.Tool.Tests;

public class GoDurationTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("500ms", 500 * TimeSpan.TicksPerMillisecond)]
    [InlineData("2s", 2 * TimeSpan.TicksPerSecond)]
    [InlineData("1m30s", 90 * TimeSpan.TicksPerSecond)]
    [InlineData("1.5h", 90 * TimeSpan.TicksPerMinute)]
    [InlineData(".5s", 5 * TimeSpan.TicksPerSecond / 10)]
    [InlineData("-1s", -TimeSpan.TicksPerSecond)]
    [InlineData("+5m", 5 * TimeSpan.TicksPerMinute)]
    [InlineData("250us", 250 * TimeSpan.TicksPerMicrosecond)]
    [InlineData("250µs", 250 * TimeSpan.TicksPerMicrosecond)]
    [InlineData("300ns", 3)]
    public void Go_durations_parse(string text, long ticks)
    {
        Assert.True(GoDuration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromTicks(ticks), value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("s")]
    [InlineData(".s")]
    [InlineData("1d")]
    [InlineData("1 s")]
    [InlineData("1s2")]
    [InlineData("-")]
    [InlineData("1.2.3s")]
    public void Other_text_is_refused(string? text) => Assert.False(GoDuration.TryParse(text, out _));
}
