using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json.Serialization;
using Ollama.Net.Serialization;

namespace Ollama.Net;

/// <summary>
/// How long the server keeps a model loaded after a request (<c>keep_alive</c>). Created from a <see cref="TimeSpan"/> or
/// a number of seconds (written as a JSON number of seconds), or from a Go duration string such as <c>"5m"</c>,
/// <c>"1h30m"</c> or <c>"300ms"</c> (validated, written as given). A negative value keeps the model loaded
/// <see cref="Forever"/>; zero unloads it right after the request (<see cref="UnloadImmediately"/>).
/// </summary>
[JsonConverter(typeof(KeepAliveConverter))]
public readonly struct KeepAlive : IEquatable<KeepAlive>
{
    private readonly double _seconds;
    private readonly string? _text;

    private KeepAlive(double seconds, string? text)
    {
        _seconds = seconds;
        _text = text;
    }

    /// <summary>Keep the model loaded until the server stops (written as <c>-1</c>).</summary>
    public static KeepAlive Forever { get; } = new(-1, null);

    /// <summary>Unload the model right after the request (written as <c>0</c>).</summary>
    public static KeepAlive UnloadImmediately { get; } = new(0, null);

    /// <summary>The duration. Negative means forever.</summary>
    public TimeSpan Duration => _seconds >= TimeSpan.MaxValue.TotalSeconds
        ? TimeSpan.MaxValue
        : _seconds <= TimeSpan.MinValue.TotalSeconds ? TimeSpan.MinValue : TimeSpan.FromTicks((long)Math.Round(_seconds * TimeSpan.TicksPerSecond));

    /// <summary>The duration in seconds. Negative means forever.</summary>
    public double TotalSeconds => _seconds;

    /// <summary>True when the model is kept loaded forever (a negative duration).</summary>
    public bool IsForever => _seconds < 0;

    /// <summary>True when the model is unloaded right after the request (zero).</summary>
    public bool IsUnloadImmediately => _seconds == 0;

    /// <summary>The Go duration string this value was parsed from, or null when it is written as a number.</summary>
    public string? DurationString => _text;

    /// <summary>Creates a keep-alive from a time span (negative = forever, zero = unload at once).</summary>
    /// <param name="duration">The duration.</param>
    /// <returns>The keep-alive, written as a number of seconds.</returns>
    public static KeepAlive FromTimeSpan(TimeSpan duration) => new(duration.Ticks / (double)TimeSpan.TicksPerSecond, null);

    /// <summary>Creates a keep-alive from a number of seconds (fractions allowed; negative = forever).</summary>
    /// <param name="seconds">The number of seconds.</param>
    /// <returns>The keep-alive, written as a number.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="seconds"/> is NaN or infinite.</exception>
    public static KeepAlive FromSeconds(double seconds)
    {
        if (!double.IsFinite(seconds))
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "The keep-alive must be a finite number of seconds; use KeepAlive.Forever to keep a model loaded.");
        }

        return new KeepAlive(seconds, null);
    }

    /// <summary>
    /// Parses a Go duration string such as <c>"5m"</c>, <c>"1h30m"</c>, <c>"1.5h"</c>, <c>"300ms"</c>, <c>"-1m"</c> or
    /// <c>"0"</c>. Units: <c>ns</c>, <c>us</c>, <c>µs</c>, <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>; a unit is required
    /// unless the value is <c>"0"</c>.
    /// </summary>
    /// <param name="duration">The duration string.</param>
    /// <returns>The keep-alive, written as the same string.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="duration"/> is null.</exception>
    /// <exception cref="FormatException">The string is not a valid Go duration.</exception>
    public static KeepAlive Parse(string duration)
    {
        ArgumentNullException.ThrowIfNull(duration);
        if (!TryParse(duration, out var value))
        {
            throw new FormatException(
                $"\"{duration}\" is not a valid keep-alive duration. Use a Go duration such as \"5m\", \"1h30m\", \"300ms\" or \"0\" (a number needs a unit), or KeepAlive.FromSeconds.");
        }

        return value;
    }

    /// <summary>Tries to parse a Go duration string (see <see cref="Parse(string)"/>).</summary>
    /// <param name="duration">The duration string.</param>
    /// <param name="value">The keep-alive when the string is valid.</param>
    /// <returns>True when the string is a valid Go duration.</returns>
    public static bool TryParse([NotNullWhen(true)] string? duration, out KeepAlive value)
    {
        value = default;
        if (duration is null || !TryParseGoDuration(duration, out var seconds))
        {
            return false;
        }

        value = new KeepAlive(seconds, duration);
        return true;
    }

    /// <summary>Converts a time span (see <see cref="FromTimeSpan(TimeSpan)"/>).</summary>
    /// <param name="duration">The duration.</param>
    public static implicit operator KeepAlive(TimeSpan duration) => FromTimeSpan(duration);

    /// <summary>Compares the durations of two values.</summary>
    public static bool operator ==(KeepAlive left, KeepAlive right) => left.Equals(right);

    /// <summary>Compares the durations of two values.</summary>
    public static bool operator !=(KeepAlive left, KeepAlive right) => !left.Equals(right);

    /// <summary>Two values are equal when their durations are equal (however they are written).</summary>
    /// <param name="other">The other value.</param>
    /// <returns>True when equal.</returns>
    public bool Equals(KeepAlive other) => _seconds.Equals(other._seconds);

    /// <inheritdoc />
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is KeepAlive other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => _seconds.GetHashCode();

    /// <summary>Returns the wire form: the duration string, or the number of seconds.</summary>
    public override string ToString() => _text ?? _seconds.ToString("R", CultureInfo.InvariantCulture);

    // Go's time.ParseDuration grammar: [-+]?([0-9]*(\.[0-9]*)?[a-z]+)+, or "0".
    private static bool TryParseGoDuration(string text, out double seconds)
    {
        seconds = 0;
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
            return false;
        }

        double total = 0;
        while (!s.IsEmpty)
        {
            var i = 0;
            while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
            var intDigits = i;
            var fracDigits = 0;
            if (i < s.Length && s[i] == '.')
            {
                i++;
                var start = i;
                while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
                fracDigits = i - start;
            }

            if (intDigits == 0 && fracDigits == 0)
            {
                return false;
            }

            if (!double.TryParse(s[..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            s = s[i..];
            var u = 0;
            while (u < s.Length && s[u] != '.' && !char.IsAsciiDigit(s[u])) u++;
            var unit = s[..u];
            s = s[u..];
            double scale;
            switch (unit)
            {
                case "ns": scale = 1e-9; break;
                case "us" or "\u00b5s" or "\u03bcs": scale = 1e-6; break;
                case "ms": scale = 1e-3; break;
                case "s": scale = 1; break;
                case "m": scale = 60; break;
                case "h": scale = 3600; break;
                default: return false;
            }

            total += number * scale;
        }

        if (!double.IsFinite(total))
        {
            return false;
        }

        seconds = negative ? -total : total;
        return true;
    }
}
