using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Ollama.Net.Serialization;

namespace Ollama.Net;

/// <summary>
/// The <c>type</c> of a <see cref="ToolProperty"/>: a single JSON type name (written as a string) or several
/// (written as an array). Converts implicitly from a <see cref="string"/> and from a <see cref="string"/> array.
/// </summary>
[JsonConverter(typeof(ToolPropertyTypeConverter))]
public readonly struct ToolPropertyType : IEquatable<ToolPropertyType>
{
    private readonly string[]? _names;
    private readonly bool _isArray;

    /// <summary>A single type name, such as <c>"string"</c>.</summary>
    /// <param name="name">The type name.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null, empty or white space.</exception>
    public ToolPropertyType(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        _names = [name];
        _isArray = false;
    }

    /// <summary>Several type names, written as an array, such as <c>["string","null"]</c>.</summary>
    /// <param name="names">The type names.</param>
    /// <exception cref="ArgumentNullException"><paramref name="names"/> is null.</exception>
    public ToolPropertyType(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        _names = [.. names];
        _isArray = true;
    }

    /// <summary>The type names (one unless this is a union).</summary>
    public IReadOnlyList<string> Names => _names ?? [];

    /// <summary>True when the type is written as a JSON array.</summary>
    public bool IsArray => _isArray;

    /// <summary>Converts a single type name.</summary>
    /// <param name="name">The type name.</param>
    public static implicit operator ToolPropertyType(string name) => new(name);

    /// <summary>Converts several type names (written as an array).</summary>
    /// <param name="names">The type names.</param>
    public static implicit operator ToolPropertyType(string[] names) => new(names);

    /// <summary>Compares the type names.</summary>
    public static bool operator ==(ToolPropertyType left, ToolPropertyType right) => left.Equals(right);

    /// <summary>Compares the type names.</summary>
    public static bool operator !=(ToolPropertyType left, ToolPropertyType right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(ToolPropertyType other) => _isArray == other._isArray && Names.SequenceEqual(other.Names, StringComparer.Ordinal);

    /// <inheritdoc />
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is ToolPropertyType other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(_isArray);
        foreach (var name in Names)
        {
            hash.Add(name, StringComparer.Ordinal);
        }

        return hash.ToHashCode();
    }

    /// <summary>Returns the name, or the names joined with <c>|</c>.</summary>
    public override string ToString() => string.Join("|", Names);
}
