using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ollama.Net.Serialization;

/// <summary>Reads and writes a <see cref="TimeSpan"/> as an integer number of nanoseconds (Go <c>time.Duration</c>).</summary>
internal sealed class NanosecondsConverter : JsonConverter<TimeSpan?>
{
    private const long NanosecondsPerTick = 100;

    public override bool HandleNull => true;

    public override TimeSpan? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException($"Expected a number of nanoseconds, got {reader.TokenType}.");
        }

        if (reader.TryGetInt64(out var nanoseconds))
        {
            return TimeSpan.FromTicks(nanoseconds / NanosecondsPerTick);
        }

        // Fractional or huge values: clamp instead of failing.
        var value = reader.GetDouble() / NanosecondsPerTick;
        return value >= long.MaxValue ? TimeSpan.MaxValue : value <= long.MinValue ? TimeSpan.MinValue : TimeSpan.FromTicks((long)value);
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan? value, JsonSerializerOptions options)
    {
        if (value is { } span)
        {
            writer.WriteNumberValue(span.Ticks > long.MaxValue / NanosecondsPerTick ? long.MaxValue : span.Ticks * NanosecondsPerTick);
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}
