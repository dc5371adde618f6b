using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;
using Ollama.Net.Serialization;

namespace Ollama.Net;

/// <summary>
/// Something a model can do (<c>capabilities</c> of <c>/api/show</c> and <c>/api/tags</c>): <see cref="Completion"/>,
/// <see cref="Tools"/>, <see cref="Insert"/>, <see cref="Vision"/>, <see cref="Embedding"/>, <see cref="Thinking"/>,
/// <see cref="Audio"/> or <see cref="Image"/>. An open set: values the SDK does not know yet are kept as they are.
/// Comparison is case-insensitive.
/// </summary>
[JsonConverter(typeof(ModelCapabilityConverter))]
public readonly struct ModelCapability : IEquatable<ModelCapability>
{
    private readonly string? _value;

    /// <summary>Creates a capability from its wire value.</summary>
    /// <param name="value">The wire value, such as <c>"tools"</c>; must not be null, empty or white space.</param>
    /// <exception cref="ArgumentException"><paramref name="value"/> is null, empty or white space.</exception>
    public ModelCapability(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        _value = value;
    }

    /// <summary><c>completion</c>: text generation (chat and generate).</summary>
    public static ModelCapability Completion { get; } = new("completion");

    /// <summary><c>tools</c>: tool (function) calling.</summary>
    public static ModelCapability Tools { get; } = new("tools");

    /// <summary><c>insert</c>: fill-in-the-middle (the generate <c>suffix</c>).</summary>
    public static ModelCapability Insert { get; } = new("insert");

    /// <summary><c>vision</c>: image input.</summary>
    public static ModelCapability Vision { get; } = new("vision");

    /// <summary><c>embedding</c>: an embedding model (<c>/api/embed</c>).</summary>
    public static ModelCapability Embedding { get; } = new("embedding");

    /// <summary><c>thinking</c>: a reasoning model (the <c>think</c> setting).</summary>
    public static ModelCapability Thinking { get; } = new("thinking");

    /// <summary><c>audio</c>: audio input (WAV/MP3 clips in <c>images</c>; server v0.20.0+).</summary>
    public static ModelCapability Audio { get; } = new("audio");

    /// <summary><c>image</c>: image generation (no longer served since server v0.32.6).</summary>
    public static ModelCapability Image { get; } = new("image");

    /// <summary>The wire value (empty for a default instance).</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Compares two capabilities, ignoring case.</summary>
    public static bool operator ==(ModelCapability left, ModelCapability right) => left.Equals(right);

    /// <summary>Compares two capabilities, ignoring case.</summary>
    public static bool operator !=(ModelCapability left, ModelCapability right) => !left.Equals(right);

    /// <inheritdoc />
    public bool Equals(ModelCapability other) => string.Equals(Value, other.Value, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override bool Equals([NotNullWhen(true)] object? obj) => obj is ModelCapability other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Value);

    /// <summary>Returns <see cref="Value"/>.</summary>
    public override string ToString() => Value;
}
