using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>
/// One chunk of a streamed generate reply (<see cref="OllamaClient.GenerateStreamingAsync(GenerateRequest, CancellationToken)"/>).
/// <see cref="Response"/> and <see cref="Thinking"/> are deltas. The final chunk has <see cref="GenerationResponse.Done"/>
/// set, the <see cref="GenerationResponse.DoneReason"/>, the metrics and (unless raw) the <see cref="Context"/>.
/// </summary>
public sealed class GenerateUpdate : GenerationResponse
{
    /// <summary>The response text delta (may be empty).</summary>
    [JsonPropertyName("response")]
    [JsonPropertyOrder(-6)]
    public string Response { get; set; } = string.Empty;

    /// <summary>A thinking delta.</summary>
    [JsonPropertyName("thinking")]
    [JsonPropertyOrder(-5)]
    public string? Thinking { get; set; }

    /// <summary>
    /// <b>Deprecated by the server</b>: the token context, to pass as <see cref="GenerateRequest.Context"/> in a
    /// follow-up request. On the final chunk only, and not in raw mode.
    /// </summary>
    [JsonPropertyName("context")]
    public IList<int>? Context { get; set; }

    /// <summary>Tool calls found by the model's built-in parser.</summary>
    [JsonPropertyName("tool_calls")]
    public IList<ToolCall>? ToolCalls { get; set; }

    /// <summary>Returns <see cref="Response"/>.</summary>
    public override string ToString() => Response;
}
