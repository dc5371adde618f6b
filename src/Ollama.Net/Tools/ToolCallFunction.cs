using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Ollama.Net;

/// <summary>The function part of a <see cref="ToolCall"/>: position, name and arguments.</summary>
public sealed class ToolCallFunction
{
    private static readonly JsonElement EmptyObject = JsonElement.Parse("{}");

    /// <summary>The position of this call among parallel calls (always sent by the server since v0.12.6).</summary>
    [JsonPropertyName("index")]
    public int Index { get; set; }

    /// <summary>The name of the function to call.</summary>
    [JsonPropertyName("name")]
    public string Name { get; set; } = string.Empty;

    /// <summary>The arguments: a JSON object, in the order the model wrote the keys.</summary>
    [JsonPropertyName("arguments")]
    public JsonElement Arguments { get; set; } = EmptyObject;

    /// <summary>Deserializes <see cref="Arguments"/> into <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The arguments type.</typeparam>
    /// <param name="typeInfo">Its source-generated metadata.</param>
    /// <returns>The arguments.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="typeInfo"/> is null.</exception>
    /// <exception cref="JsonException">The arguments do not match <typeparamref name="T"/>.</exception>
    public T GetArguments<T>(JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        var arguments = Arguments.ValueKind == JsonValueKind.Undefined ? EmptyObject : Arguments;
        return arguments.Deserialize(typeInfo)
            ?? throw new JsonException($"The arguments of tool call '{Name}' are null.");
    }

    /// <summary>Returns <c>name(arguments)</c>.</summary>
    public override string ToString()
        => $"{Name}({(Arguments.ValueKind == JsonValueKind.Undefined ? "{}" : Arguments.GetRawText())})";
}
