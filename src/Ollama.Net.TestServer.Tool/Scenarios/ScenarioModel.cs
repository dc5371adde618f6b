using System.Text.Json.Nodes;

namespace Ollama.Net.TestServer.Tool.Scenarios;

/// <summary>One model of a scenario: the fields of <c>Ollama.Net.Testing.TestModel</c>, snake_case.</summary>
internal sealed class ScenarioModel
{
    public string? Name { get; init; }

    public List<string>? Capabilities { get; init; }

    public long? Size { get; init; }

    public int? ContextLength { get; init; }

    public int? EmbeddingLength { get; init; }

    public string? Family { get; init; }

    public List<string>? Families { get; init; }

    public string? Format { get; init; }

    public string? ParameterSize { get; init; }

    public string? QuantizationLevel { get; init; }

    public string? ParentModel { get; init; }

    public string? Digest { get; init; }

    public DateTimeOffset? ModifiedAt { get; init; }

    public string? Template { get; init; }

    public string? System { get; init; }

    public string? License { get; init; }

    public JsonObject? Parameters { get; init; }

    public JsonArray? Messages { get; init; }

    public string? Renderer { get; init; }

    public string? Parser { get; init; }

    public string? Requires { get; init; }

    public string? RemoteHost { get; init; }

    public string? RemoteModel { get; init; }

    public List<long>? LayerSizes { get; init; }
}
