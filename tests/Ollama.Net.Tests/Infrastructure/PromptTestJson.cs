using System.Text.Json.Serialization;

namespace Ollama.Net.Tests.Infrastructure;

public sealed record CompanyScore(string Name, int Score);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CompanyScore))]
[JsonSerializable(typeof(List<CompanyScore>))]
[JsonSerializable(typeof(string))]
internal sealed partial class PromptTestJson : JsonSerializerContext;
