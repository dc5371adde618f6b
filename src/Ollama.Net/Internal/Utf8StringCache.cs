using System.Text.Json;

namespace Ollama.Net.Internal;

/// <summary>
/// Remembers the last string read for a field that repeats on every stream line (the model name), so that equal
/// bytes give back the same string instead of a new one per line. Thread-safe: the cached pair is one immutable object
/// swapped by reference.
/// </summary>
internal sealed class Utf8StringCache
{
    private const int MaxCachedBytes = 256;

    private Entry? _last;

    /// <summary>Reads the current string (or null) token, reusing the cached string when the bytes are the same.</summary>
    public string? Read(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string, got {reader.TokenType}.");
        }

        if (reader.ValueIsEscaped || reader.HasValueSequence)
        {
            return reader.GetString();
        }

        var bytes = reader.ValueSpan;
        var last = _last;
        if (last is not null && bytes.SequenceEqual(last.Utf8))
        {
            return last.Value;
        }

        var value = reader.GetString()!;
        if (bytes.Length <= MaxCachedBytes)
        {
            _last = new Entry(bytes.ToArray(), value);
        }

        return value;
    }

    private sealed record Entry(byte[] Utf8, string Value);
}
