namespace Ollama.Net.Internal;

/// <summary>Parses a whole response body; null for a JSON <c>null</c> body. Throws <see cref="System.Text.Json.JsonException"/> for bad JSON.</summary>
/// <typeparam name="T">The response type.</typeparam>
internal delegate T? BodyParser<T>(ReadOnlySpan<byte> body);
