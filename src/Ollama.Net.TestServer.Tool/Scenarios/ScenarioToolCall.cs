using System.Text.Json.Nodes;

namespace Ollama.Net.TestServer.Tool.Scenarios;

/// <summary>A tool call a reply makes the model emit.</summary>
internal sealed class ScenarioToolCall
{
    public string? Name { get; init; }

    public JsonObject? Arguments { get; init; }

    public string? Id { get; init; }
}
