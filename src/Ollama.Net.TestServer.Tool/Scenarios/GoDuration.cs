using System.Globalization;

namespace Ollama.Net.TestServer.Tool.Scenarios;

/// <summary>
/// Durations as Go's <c>time.ParseDuration</c> (and so Ollama's <c>keep_alive</c> and <c>OLLAMA_KEEP_ALIVE</c>) writes
/// them: a sign, then numbers with units, such as <c>500ms</c>, <c>2s</c>, <c>1m30s</c>, <c>1.5h</c> or <c>-1s</c>; a
/// bare <c>0</c> is zero. Units: <c>ns</c>, <c>us</c> (<c>µs</c>), <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>.
/// </summary>
internal static class GoDuration
{
    public const string Expected = "expected a duration such as 500ms, 2s or 1m30s";

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var s = text.AsSpan();
        var negative = s[0] == '-';
        if (s[0] is '-' or '+')
        {
            s = s[1..];
        }

        if (s.IsEmpty)
        {
            return false;
        }

        if (s is "0")
        {
            return true;
        }

        double ticks = 0;
        while (!s.IsEmpty)
        {
            var numberLength = 0;
            while (numberLength < s.Length && (char.IsAsciiDigit(s[numberLength]) || s[numberLength] == '.'))
            {
                numberLength++;
            }

            var unitLength = 0;
            while (numberLength + unitLength < s.Length && !char.IsAsciiDigit(s[numberLength + unitLength]) && s[numberLength + unitLength] != '.')
            {
                unitLength++;
            }

            if (numberLength == 0 || s[..numberLength] is "." ||
                !double.TryParse(s[..numberLength], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) ||
                UnitTicks(s.Slice(numberLength, unitLength)) is not { } unit)
            {
                return false;
            }

            ticks += number * unit;
            s = s[(numberLength + unitLength)..];
        }

        if (ticks > TimeSpan.MaxValue.Ticks)
        {
            return false;
        }

        value = TimeSpan.FromTicks((long)Math.Round(negative ? -ticks : ticks));
        return true;
    }

    private static double? UnitTicks(ReadOnlySpan<char> unit) => unit switch
    {
        "ns" => 0.01,
        "us" or "µs" or "μs" => TimeSpan.TicksPerMicrosecond,
        "ms" => TimeSpan.TicksPerMillisecond,
        "s" => TimeSpan.TicksPerSecond,
        "m" => TimeSpan.TicksPerMinute,
        "h" => TimeSpan.TicksPerHour,
        _ => null,
    };
}
