using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Ollama.Net.Serialization;

namespace Ollama.Net;

/// <summary>
/// The <c>think</c> request value: either a boolean (<see cref="Enabled"/>, <see cref="Disabled"/>) or a reasoning level
/// (<see cref="Low"/>, <see cref="Medium"/>, <see cref="High"/>, <see cref="Max"/>). Written as <c>true</c>, <c>false</c>
/// or a string such as <c>"low"</c>. A <see cref="bool"/> converts implicitly.
/// </summary>
[JsonConverter(typeof(ThinkValueConverter))]
public readonly struct ThinkValue : IEquatable<ThinkValue>
{
    private readonly string? _level;
    private readonly bool _enabled;

    private ThinkValue(bool enabled, string? level)
    {
        _enabled = enabled;
        _level = level;
    }

    /// <summary><c>true</c>: turn thinking on (gpt-oss treats it as <c>"medium"</c>).</summary>
    public static ThinkValue Enabled { get; } = new(true, null);

    /// <summary><c>false</c>: turn thinking off.</summary>
    public static ThinkValue Disabled { get; } = new(false, null);

    /// <summary><c>"low"</c> reasoning effort.</summary>
    public static ThinkValue Low { get; } = new(true, "low");

    /// <summary><c>"medium"</c> reasoning effort.</summary>
    public static ThinkValue Medium { get; } = new(true, "medium");

    /// <summary><c>"high"</c> reasoning effort.</summary>
    public static ThinkValue High { get; } = new(true, "high");

    /// <summary><c>"max"</c> reasoning effort (server v0.22.0+; gpt-oss maps it to <c>"high"</c>).</summary>
    public static ThinkValue Max { get; } = new(true, "max");

    /// <summary>True when this value is a level string rather than a boolean.</summary>
    public bool IsLevel => _level is not null;

    /// <summary>The level (<c>"low"</c>, <c>"medium"</c>...), or null when this value is a boolean.</summary>
    public string? Level => _level;

    /// <summary>True unless this is <see cref="Disabled"/> (a level counts as enabled).</summary>
    public bool IsEnabled => _enabled;

    /// <summary>Creates a level value. The server accepts <c>low</c>, <c>medium</c>, <c>high</c> and <c>max</c>.</summary>
    /// <param name="level">The level name.</param>
    /// <returns>The think value.</returns>
    /// <exception cref="ArgumentException"><paramref name="level"/> is null, empty or white space.</exception>
    public static ThinkValue FromLevel(string level)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(level);
        return level.ToLowerInvariant() switch
        {
            "low" => Low,
            "medium" => Medium,
            "high" => High,
            "max" => Max,
            _ => new ThinkValue(true, level),
        };
    }

    /// <summary>Converts a boolean into <see cref="Enabled"/> or <see cref="Disabled"/>.</summary>
    /// <param name="enabled">Whether thinking is on.</param>
    public static implicit operator ThinkValue(bool enabled) => enabled ? Enabled : Disabled;

    /// <summary>Compares two values (levels ignore case).</summary>
    public static bool operator ==(ThinkValue left, ThinkValue right) => left.Equals(right);

    /// <summary>Compares two values (levels ignore case).</summary>
    public static bool operator !=(ThinkValue left, ThinkValue right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(ThinkValue other)
        => _enabled == other._enabled && string.Equals(_level, other._level, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is ThinkValue other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
        => HashCode.Combine(_enabled, _level is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(_level));

    /// <summary>Returns the wire form: <c>true</c>, <c>false</c> or the level.</summary>
    public override string ToString() => _level ?? (_enabled ? "true" : "false");
}
