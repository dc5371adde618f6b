using System.Text.Json.Serialization;

namespace Ollama.Net.IntegrationTests.Client;

public sealed record CityWeather(string City, int TemperatureC, bool Sunny);

public sealed record WeatherArgs(string City, string? Unit);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CityWeather))]
[JsonSerializable(typeof(WeatherArgs))]
internal sealed partial class ClientTestJson : JsonSerializerContext;
