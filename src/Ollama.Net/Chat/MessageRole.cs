using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Ollama.Net.Serialization;

namespace Ollama.Net;

/// <summary>
/// The author of a chat <see cref="Message"/>: <see cref="System"/>, <see cref="User"/>, <see cref="Assistant"/> or
/// <see cref="Tool"/>. An open set: any other role string can be carried with <see cref="MessageRole(string)"/>.
/// Comparison is case-insensitive (the server lower-cases roles).
/// </summary>
[JsonConverter(typeof(MessageRoleConverter))]
public readonly struct MessageRole : IEquatable<MessageRole>
{
    private readonly string? _value;

    /// <summary>Creates a role from its wire value, for example <c>"user"</c>.</summary>
    /// <param name="value">The role name; must not be null, empty or white space.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null, empty or white space.</exception>
    public MessageRole(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary>The <c>system</c> role: instructions that steer the model.</summary>
    public static MessageRole System { get; } = new("system");

    /// <summary>The <c>user</c> role: input from the person talking to the model.</summary>
    public static MessageRole User { get; } = new("user");

    /// <summary>The <c>assistant</c> role: output of the model.</summary>
    public static MessageRole Assistant { get; } = new("assistant");

    /// <summary>The <c>tool</c> role: the result of a tool call, sent back to the model.</summary>
    public static MessageRole Tool { get; } = new("tool");

    /// <summary>The wire value of the role (empty for a default instance).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Compares two roles, ignoring case.</summary>
    public static bool operator ==(MessageRole left, MessageRole right) => left.Equals(right);

    /// <summary>Compares two roles, ignoring case.</summary>
    public static bool operator !=(MessageRole left, MessageRole right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(MessageRole other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is MessageRole other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    /// <summary>Returns <see cref="Value"/>.</summary>
    public override string ToString() => Value;
}
