using System.Text.Json.Serialization;

namespace Ollama.Net.IntegrationTests.Client;

public sealed record CityWeather(string City, int TemperatureC, bool Sunny);

public sealed record WeatherArgs(string City, string? Unit);

/// <summary>The small structured answer of the shared structured-output scenario.</summary>
public sealed record CountryCapital(string Country, string Capital);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CityWeather))]
[JsonSerializable(typeof(WeatherArgs))]
[JsonSerializable(typeof(CountryCapital))]
internal sealed partial class ClientTestJson : JsonSerializerContext;
