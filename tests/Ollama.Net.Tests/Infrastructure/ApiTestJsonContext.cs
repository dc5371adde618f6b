using System.Text.Json.Serialization;

namespace Ollama.Net.Tests.Infrastructure;

public sealed record Person(string Name, int Age, IList<string> Hobbies);

public sealed class WeatherQuery
{
    [JsonPropertyName("city")]
    public string City { get; set; } = string.Empty;

    [JsonPropertyName("unit")]
    public string? Unit { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(Person))]
[JsonSerializable(typeof(WeatherQuery))]
public sealed partial class ApiTestJsonContext : JsonSerializerContext
{
}
