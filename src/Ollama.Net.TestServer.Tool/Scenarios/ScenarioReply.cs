using System.Text.Json.Nodes;

namespace Ollama.Net.TestServer.Tool.Scenarios;

/// <summary>One scripted reply: the fields of <c>Ollama.Net.Testing.ScriptedReply</c>, snake_case, plus the model it is for.</summary>
internal sealed class ScenarioReply
{
    /// <summary>The model whose next request takes this reply; none means the next request to any model.</summary>
    public string? Model { get; init; }

    public string? Content { get; init; }

    public string? Thinking { get; init; }

    public List<ScenarioToolCall>? ToolCalls { get; init; }

    /// <summary>A structured answer (any JSON value), sent as compact JSON text instead of <see cref="Content"/>.</summary>
    public JsonNode? Json { get; init; }

    public int? ChunkSize { get; init; }

    public string? DoneReason { get; init; }

    public List<double>? Logprobs { get; init; }

    public int? PromptEvalCount { get; init; }

    public int? EvalCount { get; init; }

    public bool? LastChunkIsFinal { get; init; }

    /// <summary>A fault for the response that carries this reply (without <c>path</c>, <c>model</c> or <c>once</c>).</summary>
    public ScenarioFault? Fault { get; init; }
}
