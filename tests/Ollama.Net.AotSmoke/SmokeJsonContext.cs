using System.Text.Json.Serialization;

namespace Ollama.Net.AotSmoke;

/// <summary>A structured answer, parsed through source-generated metadata (no reflection under NativeAOT).</summary>
internal sealed record CityFact(string City, int Population);

/// <summary>The arguments of the smoke test's tool: its schema and parsing come from source-generated metadata.</summary>
internal sealed record WeatherArgs(string City);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CityFact))]
[JsonSerializable(typeof(WeatherArgs))]
internal sealed partial class SmokeJsonContext : JsonSerializerContext
{
}
