using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Ollama.Net;

/// <summary>
/// A call of a <see cref="Tool"/> requested by the model (in <see cref="Message.ToolCalls"/> or
/// <see cref="GenerateResult.ToolCalls"/>). Answer it with <see cref="Message.Tool(string, string, string?)"/>, passing
/// <see cref="ToolCallFunction.Name"/> and <see cref="Id"/>.
/// </summary>
public sealed class ToolCall
{
    /// <summary>The call id made by the server (v0.12.10+), such as <c>call_abc123</c>; echo it in the tool result.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    /// <summary>The called function and its arguments.</summary>
    [JsonPropertyName("function")]
    public ToolCallFunction Function { get; set; } = new();

    /// <summary>Deserializes <see cref="ToolCallFunction.Arguments"/> into <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The arguments type.</typeparam>
    /// <param name="typeInfo">Its source-generated metadata.</param>
    /// <returns>The arguments.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="typeInfo"/> is null.</exception>
    /// <exception cref="System.Text.Json.JsonException">The arguments do not match <typeparamref name="T"/>.</exception>
    public T GetArguments<T>(JsonTypeInfo<T> typeInfo) => Function.GetArguments(typeInfo);

    /// <summary>Returns <c>name(arguments)</c>.</summary>
    public override string ToString() => Function.ToString();
}
