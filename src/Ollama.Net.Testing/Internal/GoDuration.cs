using System.Globalization;

namespace Ollama.Net.Testing.Internal;

/// <summary>Parses Go duration strings (<c>time.ParseDuration</c>) with Go's error texts.</summary>
internal static class GoDuration
{
    /// <summary>Parses <paramref name="text"/>; on failure returns false and the Go error message.</summary>
    public static bool TryParse(string text, out TimeSpan value, out string error)
    {
        value = TimeSpan.Zero;
        error = string.Empty;
        var orig = text;
        var s = text.AsSpan();
        var negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s.SequenceEqual("0"))
        {
            return true;
        }

        if (s.IsEmpty)
        {
            error = $"time: invalid duration {Quote(orig)}";
            return false;
        }

        decimal totalNanos = 0;
        while (!s.IsEmpty)
        {
            var i = 0;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            var number = s[..i];
            if (number.IsEmpty || number.SequenceEqual(".") || number.Count('.') > 1)
            {
                error = $"time: invalid duration {Quote(orig)}";
                return false;
            }

            s = s[i..];
            var u = 0;
            while (u < s.Length && !char.IsAsciiDigit(s[u]) && s[u] != '.')
            {
                u++;
            }

            if (u == 0)
            {
                error = $"time: missing unit in duration {Quote(orig)}";
                return false;
            }

            var unit = s[..u].ToString();
            s = s[u..];
            decimal scale = unit switch
            {
                "ns" => 1m,
                "us" or "\u00b5s" or "\u03bcs" => 1_000m,
                "ms" => 1_000_000m,
                "s" => 1_000_000_000m,
                "m" => 60_000_000_000m,
                "h" => 3_600_000_000_000m,
                _ => -1m,
            };
            if (scale < 0)
            {
                error = $"time: unknown unit {Quote(unit)} in duration {Quote(orig)}";
                return false;
            }

            totalNanos += decimal.Parse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture) * scale;
            if (totalNanos > long.MaxValue)
            {
                error = $"time: invalid duration {Quote(orig)}";
                return false;
            }
        }

        var ticks = (long)(totalNanos / 100m);
        value = TimeSpan.FromTicks(negative ? -ticks : ticks);
        return true;
    }

    private static string Quote(string s) => "\"" + s + "\"";
}
