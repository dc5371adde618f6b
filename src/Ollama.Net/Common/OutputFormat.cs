using System.Text.Json;
using System.Text.Json.Schema;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Ollama.Net.Serialization;

namespace Ollama.Net;

/// <summary>
/// The <c>format</c> request value: <see cref="Json"/> (written as <c>"json"</c>, JSON mode) or a JSON Schema object that
/// constrains the answer (structured output). The model's answer is then a JSON string in the response text.
/// </summary>
[JsonConverter(typeof(OutputFormatConverter))]
public sealed class OutputFormat
{
    private OutputFormat(JsonElement? schema) => Schema = schema;

    /// <summary>JSON mode: the model must answer with any valid JSON (written as <c>"json"</c>).</summary>
    public static OutputFormat Json { get; } = new(null);

    /// <summary>The JSON Schema, or null for <see cref="Json"/> mode.</summary>
    public JsonElement? Schema { get; }

    /// <summary>True when this is plain JSON mode (<c>"json"</c>).</summary>
    public bool IsJsonMode => Schema is null;

    /// <summary>Creates a structured-output format from a JSON Schema object.</summary>
    /// <param name="schema">A JSON Schema; must be a JSON object.</param>
    /// <returns>The format.</returns>
    /// <exception cref="ArgumentException"><paramref name="schema"/> is not a JSON object.</exception>
    public static OutputFormat FromSchema(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            throw new ArgumentException(
                $"A format schema must be a JSON object, but a {schema.ValueKind} was given. Use OutputFormat.Json for plain JSON mode.",
                nameof(schema));
        }

        return new OutputFormat(schema.Clone());
    }

    /// <summary>
    /// Creates a structured-output format from a .NET type, using <see cref="JsonSchemaExporter"/> on source-generated
    /// metadata (trimming- and AOT-safe).
    /// </summary>
    /// <typeparam name="T">The type the answer must deserialize into.</typeparam>
    /// <param name="typeInfo">Its metadata, for example <c>MyJsonContext.Default.MyType</c>.</param>
    /// <returns>The format.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="typeInfo"/> is null.</exception>
    public static OutputFormat FromType<T>(JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return FromSchema(SchemaHelper.ExportSchema(typeInfo));
    }

    /// <summary>Returns <c>json</c> or the schema text.</summary>
    public override string ToString() => Schema is { } schema ? schema.GetRawText() : "json";
}
