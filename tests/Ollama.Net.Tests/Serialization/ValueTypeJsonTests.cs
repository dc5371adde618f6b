using System.Text.Json;
using Ollama.Net.Serialization;
using Ollama.Net.Tests.Infrastructure;

namespace Ollama.Net.Tests.Serialization;

public class ThinkValueTests
{
    [Theory]
    [InlineData("true")]
    [InlineData("false")]
    [InlineData("\"low\"")]
    [InlineData("\"medium\"")]
    [InlineData("\"high\"")]
    [InlineData("\"max\"")]
    public void Round_trips(string json)
    {
        var value = JsonSerializer.Deserialize(json, OllamaJsonContext.Default.ThinkValue);
        Assert.Equal(json, JsonSerializer.Serialize(value, OllamaJsonContext.Default.ThinkValue));
    }

    [Fact]
    public void Named_values_write_their_wire_form()
    {
        Assert.Equal("true", Write(ThinkValue.Enabled));
        Assert.Equal("false", Write(ThinkValue.Disabled));
        Assert.Equal("\"low\"", Write(ThinkValue.Low));
        Assert.Equal("\"medium\"", Write(ThinkValue.Medium));
        Assert.Equal("\"high\"", Write(ThinkValue.High));
        Assert.Equal("\"max\"", Write(ThinkValue.Max));
        Assert.Equal("true", Write(true));
        Assert.Equal("false", Write(false));
    }

    [Fact]
    public void Levels_compare_case_insensitively_and_expose_their_parts()
    {
        Assert.Equal(ThinkValue.High, ThinkValue.FromLevel("HIGH"));
        Assert.True(ThinkValue.Low.IsLevel);
        Assert.True(ThinkValue.Low.IsEnabled);
        Assert.False(ThinkValue.Enabled.IsLevel);
        Assert.Null(ThinkValue.Enabled.Level);
        Assert.False(ThinkValue.Disabled.IsEnabled);
        Assert.NotEqual(ThinkValue.Enabled, ThinkValue.Medium);
        Assert.Equal("low", ThinkValue.Low.ToString());
        Assert.Equal("\"custom\"", Write(ThinkValue.FromLevel("custom")));
        Assert.Throws<ArgumentException>(() => ThinkValue.FromLevel(" "));
    }

    [Fact]
    public void Other_json_types_are_rejected()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("1", OllamaJsonContext.Default.ThinkValue));
    }

    private static string Write(ThinkValue value) => JsonSerializer.Serialize(value, OllamaJsonContext.Default.ThinkValue);
}

public class KeepAliveTests
{
    [Theory]
    [InlineData("5m", 300)]
    [InlineData("1h30m", 5400)]
    [InlineData("300ms", 0.3)]
    [InlineData("1.5h", 5400)]
    [InlineData("2h45m", 9900)]
    [InlineData("0", 0)]
    [InlineData("-1m", -60)]
    [InlineData("+10s", 10)]
    [InlineData("1h2m3s4ms5us6ns", 3723.004005006)]
    [InlineData(".5s", 0.5)]
    [InlineData("10µs", 0.00001)]
    public void Parse_accepts_go_durations(string text, double seconds)
    {
        var value = KeepAlive.Parse(text);
        Assert.Equal(seconds, value.TotalSeconds, 9);
        Assert.Equal(text, value.DurationString);
        var written = JsonSerializer.Serialize(value, OllamaJsonContext.Default.KeepAlive);
        Assert.Equal(text, JsonDocument.Parse(written).RootElement.GetString());
    }

    [Theory]
    [InlineData("10")]
    [InlineData("")]
    [InlineData("5 m")]
    [InlineData("m")]
    [InlineData("5d")]
    [InlineData("1.2.3s")]
    [InlineData(".s")]
    [InlineData("-")]
    public void Parse_rejects_invalid_durations_with_a_clear_message(string text)
    {
        var ex = Assert.Throws<FormatException>(() => KeepAlive.Parse(text));
        Assert.Contains($"\"{text}\"", ex.Message, StringComparison.Ordinal);
        Assert.False(KeepAlive.TryParse(text, out _));
    }

    [Fact]
    public void TimeSpans_and_seconds_are_written_as_numbers()
    {
        Assert.Equal("300", Write(TimeSpan.FromMinutes(5)));
        Assert.Equal("0.5", Write(KeepAlive.FromSeconds(0.5)));
        Assert.Equal("-1", Write(KeepAlive.Forever));
        Assert.Equal("0", Write(KeepAlive.UnloadImmediately));
        Assert.True(KeepAlive.Forever.IsForever);
        Assert.True(KeepAlive.UnloadImmediately.IsUnloadImmediately);
        Assert.Equal(TimeSpan.FromMinutes(5), ((KeepAlive)TimeSpan.FromMinutes(5)).Duration);
        Assert.Throws<ArgumentOutOfRangeException>(() => KeepAlive.FromSeconds(double.NaN));
    }

    [Theory]
    [InlineData("300", 300)]
    [InlineData("-1", -1)]
    [InlineData("0.5", 0.5)]
    [InlineData("\"5m\"", 300)]
    [InlineData("\"0\"", 0)]
    public void Reads_numbers_and_strings(string json, double seconds)
    {
        var value = JsonSerializer.Deserialize(json, OllamaJsonContext.Default.KeepAlive);
        Assert.Equal(seconds, value.TotalSeconds, 9);
        Assert.Equal(json, Write(value));
    }

    [Fact]
    public void Reading_an_invalid_string_fails()
    {
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("\"10\"", OllamaJsonContext.Default.KeepAlive));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("true", OllamaJsonContext.Default.KeepAlive));
    }

    [Fact]
    public void Equality_compares_durations()
    {
        Assert.Equal(KeepAlive.Parse("5m"), TimeSpan.FromMinutes(5));
        Assert.True(KeepAlive.Parse("60s") == KeepAlive.Parse("1m"));
        Assert.NotEqual(KeepAlive.Forever, KeepAlive.UnloadImmediately);
    }

    private static string Write(KeepAlive value) => JsonSerializer.Serialize(value, OllamaJsonContext.Default.KeepAlive);
}

public class OutputFormatTests
{
    [Fact]
    public void Json_mode_writes_the_string_json()
    {
        Assert.Equal("\"json\"", JsonSerializer.Serialize(OutputFormat.Json, OllamaJsonContext.Default.OutputFormat));
        Assert.True(OutputFormat.Json.IsJsonMode);
        Assert.Same(OutputFormat.Json, JsonSerializer.Deserialize("\"json\"", OllamaJsonContext.Default.OutputFormat));
    }

    [Fact]
    public void A_schema_is_written_as_the_object()
    {
        const string schema = """{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"]}""";
        var format = OutputFormat.FromSchema(JsonElement.Parse(schema));
        Assert.Equal(schema, JsonSerializer.Serialize(format, OllamaJsonContext.Default.OutputFormat));
        var back = JsonSerializer.Deserialize(schema, OllamaJsonContext.Default.OutputFormat)!;
        Assert.False(back.IsJsonMode);
        Assert.Equal(schema, back.ToString());
    }

    [Fact]
    public void FromType_exports_a_schema_from_source_generated_metadata()
    {
        var format = OutputFormat.FromType(TestJsonContext.Default.CityAnswer);
        var schema = format.Schema!.Value;
        Assert.Equal("object", schema.GetProperty("type").GetString());
        Assert.Equal(["city", "population"], schema.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        Assert.Equal("integer", schema.GetProperty("properties").GetProperty("population").GetProperty("type").GetString());
    }

    [Fact]
    public void Invalid_formats_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => OutputFormat.FromSchema(JsonElement.Parse("[1]")));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("\"yaml\"", OllamaJsonContext.Default.OutputFormat));
        Assert.Throws<ArgumentNullException>(() => OutputFormat.FromType<CityAnswer>(null!));
        Assert.Null(JsonSerializer.Deserialize("\"\"", OllamaJsonContext.Default.OutputFormat));
    }
}

public class MessageRoleTests
{
    [Theory]
    [InlineData("system")]
    [InlineData("user")]
    [InlineData("assistant")]
    [InlineData("tool")]
    [InlineData("critic")]
    public void Round_trips(string role)
    {
        var value = JsonSerializer.Deserialize($"\"{role}\"", OllamaJsonContext.Default.MessageRole);
        Assert.Equal(role, value.Value);
        Assert.Equal($"\"{role}\"", JsonSerializer.Serialize(value, OllamaJsonContext.Default.MessageRole));
    }

    [Fact]
    public void Equality_ignores_case()
    {
        Assert.Equal(MessageRole.User, new MessageRole("USER"));
        Assert.True(MessageRole.Assistant == new MessageRole("Assistant"));
        Assert.True(MessageRole.User != MessageRole.System);
        Assert.Equal(MessageRole.Tool.GetHashCode(), new MessageRole("TOOL").GetHashCode());
        Assert.Equal("assistant", MessageRole.Assistant.ToString());
        Assert.Throws<ArgumentException>(() => new MessageRole(""));
        Assert.Equal(string.Empty, default(MessageRole).Value);
    }
}

public class DoneReasonTests
{
    [Theory]
    [InlineData("stop")]
    [InlineData("length")]
    [InlineData("load")]
    [InlineData("unload")]
    [InlineData("something_new")]
    public void Round_trips(string reason)
    {
        var value = JsonSerializer.Deserialize($"\"{reason}\"", OllamaJsonContext.Default.DoneReason);
        Assert.Equal(reason, value.Value);
        Assert.Equal($"\"{reason}\"", JsonSerializer.Serialize(value, OllamaJsonContext.Default.DoneReason));
    }

    [Fact]
    public void Known_values_and_equality()
    {
        Assert.Equal(DoneReason.Stop, JsonSerializer.Deserialize("\"stop\"", OllamaJsonContext.Default.DoneReason));
        Assert.Equal(DoneReason.Length, new DoneReason("LENGTH"));
        Assert.NotEqual(DoneReason.Load, DoneReason.Unload);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize("3", OllamaJsonContext.Default.DoneReason));
    }
}
