using System.Text.Json.Nodes;

namespace Ollama.Net.Testing;

/// <summary>A tool call that a <see cref="ScriptedReply"/> makes the model emit.</summary>
/// <example>
/// <code>new ScriptedToolCall("get_weather", new JsonObject { ["city"] = "Tokyo" })</code>
/// </example>
public sealed record ScriptedToolCall
{
    /// <summary>Creates a tool call.</summary>
    /// <param name="name">The function name.</param>
    /// <param name="arguments">The arguments object; an empty object when null. Key order is kept on the wire.</param>
    public ScriptedToolCall(string name, JsonObject? arguments = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Arguments = arguments ?? [];
    }

    /// <summary>The function name (<c>function.name</c>).</summary>
    public string Name { get; init; }

    /// <summary>The arguments (<c>function.arguments</c>), a JSON object.</summary>
    public JsonObject Arguments { get; init; }

    /// <summary>
    /// The call id (<c>id</c>). Null (default) makes the server generate a deterministic <c>call_xxxxxxxx</c> id.
    /// </summary>
    public string? Id { get; init; }
}
