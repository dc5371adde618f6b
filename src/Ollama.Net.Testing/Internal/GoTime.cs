using System.Globalization;
using System.Text;

namespace Ollama.Net.Testing.Internal;

/// <summary>Formats times like Go's <c>time.Time.MarshalJSON</c> (RFC 3339 with trimmed nanoseconds).</summary>
internal static class GoTime
{
    /// <summary>The Go zero time, <c>0001-01-01T00:00:00Z</c>.</summary>
    public const string Zero = "0001-01-01T00:00:00Z";

    private static long s_nanoCounter;

    /// <summary>Formats a time; <paramref name="extraNanos"/> (0–99) adds the two digits below .NET tick precision.</summary>
    public static string Format(DateTimeOffset value, int extraNanos = 0)
    {
        if (value == default)
        {
            return Zero;
        }

        var sb = new StringBuilder(35);
        sb.Append(value.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
        var nanos = (value.Ticks % TimeSpan.TicksPerSecond * 100) + Math.Clamp(extraNanos, 0, 99);
        if (nanos != 0)
        {
            var digits = nanos.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
            sb.Append('.').Append(digits);
        }

        var offset = value.Offset;
        if (offset == TimeSpan.Zero)
        {
            sb.Append('Z');
        }
        else
        {
            sb.Append(offset < TimeSpan.Zero ? '-' : '+');
            var abs = offset.Duration();
            sb.Append(abs.Hours.ToString("D2", CultureInfo.InvariantCulture)).Append(':')
              .Append(abs.Minutes.ToString("D2", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    /// <summary>The current UTC time with nanosecond-looking precision, as <c>created_at</c> is written.</summary>
    public static string UtcNow()
    {
        var extra = (int)(Interlocked.Increment(ref s_nanoCounter) % 100);
        return Format(DateTimeOffset.UtcNow, extra);
    }
}
