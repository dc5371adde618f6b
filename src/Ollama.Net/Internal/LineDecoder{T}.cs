using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Ollama.Net.Internal;

/// <summary>Turns one NDJSON stream line (UTF-8, without its newline) into an update object.</summary>
/// <typeparam name="T">The update type.</typeparam>
internal abstract class LineDecoder<T>
    where T : class
{
    /// <summary>Decodes a line; null for a JSON <c>null</c> line. Throws <see cref="JsonException"/> for bad JSON.</summary>
    public abstract T? Decode(ReadOnlySpan<byte> line);
}

/// <summary>The general decoder: the type's source-generated <see cref="JsonTypeInfo{T}"/>.</summary>
internal sealed class JsonLineDecoder<T>(JsonTypeInfo<T> typeInfo) : LineDecoder<T>
    where T : class
{
    public override T? Decode(ReadOnlySpan<byte> line) => JsonSerializer.Deserialize(line, typeInfo);
}
