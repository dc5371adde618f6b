using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>
/// The whole generate reply (<see cref="OllamaClient.GenerateAsync(GenerateRequest, CancellationToken)"/>): the full
/// <see cref="Response"/> and <see cref="Thinking"/>, tool calls, log probabilities and metrics.
/// </summary>
public sealed class GenerateResult : GenerationResponse
{
    /// <summary>The full response text.</summary>
    [JsonPropertyName("response")]
    [JsonPropertyOrder(-6)]
    public string Response { get; set; } = string.Empty;

    /// <summary>The full thinking text of a thinking model.</summary>
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
