using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Ollama.Net.Tests.Infrastructure;

public sealed record CityAnswer(string City, int Population);

public sealed class WeatherArgs
{
    [Description("City name")]
    public string City { get; set; } = "";

    public string? Unit { get; set; }

    public int Days { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CityAnswer))]
[JsonSerializable(typeof(WeatherArgs))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(float[][]))]
internal sealed partial class TestJsonContext : JsonSerializerContext
{
}
