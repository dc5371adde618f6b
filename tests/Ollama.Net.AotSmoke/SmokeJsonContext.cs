using System.Text.Json.Serialization;

namespace Ollama.Net.AotSmoke;

/// <summary>A structured answer, parsed through source-generated metadata (no reflection under NativeAOT).</summary>
internal sealed record CityFact(string City, int Population);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CityFact))]
internal sealed partial class SmokeJsonContext : JsonSerializerContext
{
}
