using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Ollama.Net.Serialization;

namespace Ollama.Net;

/// <summary>
/// Why a generation ended (<c>done_reason</c>): <see cref="Stop"/>, <see cref="Length"/>, <see cref="Load"/> or
/// <see cref="Unload"/>. An open set: values the SDK does not know yet are kept as they are. Comparison is case-insensitive.
/// </summary>
[JsonConverter(typeof(DoneReasonConverter))]
public readonly struct DoneReason : IEquatable<DoneReason>
{
    private readonly string? _value;

    /// <summary>Creates a done reason from its wire value.</summary>
    /// <param name="value">The wire value; must not be null, empty or white space.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null, empty or white space.</exception>
    public DoneReason(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary><c>stop</c>: the model produced a stop token or hit a stop sequence.</summary>
    public static DoneReason Stop { get; } = new("stop");

    /// <summary><c>length</c>: the response reached <c>num_predict</c> or the context limit.</summary>
    public static DoneReason Length { get; } = new("length");

    /// <summary><c>load</c>: the request only loaded the model (empty prompt or messages).</summary>
    public static DoneReason Load { get; } = new("load");

    /// <summary><c>unload</c>: the request unloaded the model (empty prompt and <c>keep_alive</c> 0).</summary>
    public static DoneReason Unload { get; } = new("unload");

    /// <summary>The wire value (empty for a default instance).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Compares two reasons, ignoring case.</summary>
    public static bool operator ==(DoneReason left, DoneReason right) => left.Equals(right);

    /// <summary>Compares two reasons, ignoring case.</summary>
    public static bool operator !=(DoneReason left, DoneReason right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(DoneReason other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is DoneReason other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    /// <summary>Returns <see cref="Value"/>.</summary>
    public override string ToString() => Value;
}
