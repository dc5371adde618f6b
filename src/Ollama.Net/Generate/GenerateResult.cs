using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Ollama.Net.Internal;

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

    /// <summary>
    /// Parses <see cref="Response"/> as JSON into <typeparamref name="T"/> (structured output: set
    /// <see cref="GenerationRequest.Format"/> to <see cref="OutputFormat.FromType{T}(JsonTypeInfo{T})"/>, or use
    /// <see cref="OllamaClient.GenerateAsync{T}(GenerateRequest, JsonTypeInfo{T}, CancellationToken)"/>). A Markdown
    /// code fence around the JSON is tolerated.
    /// </summary>
    /// <typeparam name="T">The type of the answer.</typeparam>
    /// <param name="typeInfo">Its source-generated metadata.</param>
    /// <returns>The parsed value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="typeInfo"/> is null.</exception>
    /// <exception cref="System.Text.Json.JsonException">The response is not JSON for <typeparamref name="T"/> (the message quotes it).</exception>
    public T GetResponseAs<T>(JsonTypeInfo<T> typeInfo) => StructuredOutput.Parse(Response, typeInfo, "response", DoneReason);

    /// <summary>Returns <see cref="Response"/>.</summary>
    public override string ToString() => Response;
}
