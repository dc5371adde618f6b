using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Ollama.Net.Serialization;

namespace Ollama.Net;

/// <summary>
/// A tool (function) the model may call, sent in <see cref="ChatRequest.Tools"/>. Build one with
/// <see cref="FromSchema(string, string?, JsonElement)"/> or <see cref="FromType{T}(string, string?, JsonTypeInfo{T})"/>,
/// or set <see cref="Function"/> by hand.
/// </summary>
public sealed class Tool
{
    /// <summary>The tool kind; always <c>"function"</c> today.</summary>
    [JsonPropertyName("type")]
    public string Type { get; set; } = "function";

    /// <summary><c>items</c>: rarely used, free-form JSON.</summary>
    [JsonPropertyName("items")]
    public JsonElement? Items { get; set; }

    /// <summary>The function definition: name, description and parameter schema.</summary>
    [JsonPropertyName("function")]
    public ToolFunction Function { get; set; } = new();

    /// <summary>Creates a function tool from a JSON Schema of its parameters (a JSON object with <c>"type":"object"</c>).</summary>
    /// <param name="name">The function name the model uses to call it.</param>
    /// <param name="description">What the function does; helps the model decide when to call it.</param>
    /// <param name="parametersSchema">A JSON Schema object describing the arguments.</param>
    /// <returns>The tool.</returns>
    /// <exception cref="ArgumentException">The name is empty, or the schema is not a JSON object schema.</exception>
    public static Tool FromSchema(string name, string? description, JsonElement parametersSchema)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (parametersSchema.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException(
                $"The parameters schema of tool '{name}' must be a JSON object, but a {parametersSchema.ValueKind} was given.",
                nameof(parametersSchema));
        }

        if (parametersSchema.TryGetProperty("type", out var type) &&
            !(type.ValueKind == JsonValueKind.String && type.ValueEquals("object")))
        {
            throw new ArgumentException(
                $"The parameters schema of tool '{name}' must describe an object (\"type\": \"object\"), but its type is {type.GetRawText()}. Wrap the value in a class or record.",
                nameof(parametersSchema));
        }

        ToolFunctionParameters? parameters;
        try
        {
            parameters = parametersSchema.Deserialize(OllamaJsonContext.Default.ToolFunctionParameters);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"The parameters schema of tool '{name}' cannot be read: {ex.Message}", nameof(parametersSchema), ex);
        }

        parameters ??= new ToolFunctionParameters();
        if (string.IsNullOrEmpty(parameters.Type))
        {
            parameters.Type = "object";
        }

        return new Tool
        {
            Function = new ToolFunction { Name = name, Description = description, Parameters = parameters },
        };
    }

    /// <summary>
    /// Creates a function tool whose parameters are the properties of <typeparamref name="T"/>, using
    /// <see cref="System.Text.Json.Schema.JsonSchemaExporter"/> on source-generated metadata (trimming- and AOT-safe).
    /// </summary>
    /// <typeparam name="T">The arguments type (a class or record with properties).</typeparam>
    /// <param name="name">The function name the model uses to call it.</param>
    /// <param name="description">What the function does.</param>
    /// <param name="argumentsTypeInfo">Metadata of <typeparamref name="T"/>, for example <c>MyJsonContext.Default.WeatherArgs</c>.</param>
    /// <returns>The tool. Read the call's arguments back with <see cref="ToolCall.GetArguments{T}(JsonTypeInfo{T})"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="argumentsTypeInfo"/> is null.</exception>
    /// <exception cref="ArgumentException">The name is empty, or <typeparamref name="T"/> is not an object type.</exception>
    public static Tool FromType<T>(string name, string? description, JsonTypeInfo<T> argumentsTypeInfo)
    {
        ArgumentNullException.ThrowIfNull(argumentsTypeInfo);
        return FromSchema(name, description, SchemaHelper.ExportSchema(argumentsTypeInfo));
    }

    /// <summary>Returns the function name.</summary>
    public override string ToString() => $"{Type} {Function.Name}";
}
