using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;

namespace Ollama.Net.Serialization;

/// <summary>Turns source-generated type metadata into a JSON Schema element.</summary>
internal static class SchemaHelper
{
    private static readonly JsonSchemaExporterOptions ExporterOptions = new()
    {
        TransformSchemaNode = AddDescription,
    };

    public static JsonElement ExportSchema(JsonTypeInfo typeInfo)
    {
        var node = typeInfo.GetJsonSchemaAsNode(ExporterOptions);

        // A reference-type root comes out as "type": ["object", "null"]; the answer (or the arguments) is never null,
        // so keep only the non-null type.
        if (node is JsonObject root && root["type"] is JsonArray types && types.Count == 2 &&
            types.Any(IsNull))
        {
            var other = types.First(t => !IsNull(t));
            root["type"] = other?.DeepClone();
        }

        using var document = JsonDocument.Parse(node.ToJsonString());
        return document.RootElement.Clone();
    }

    private static bool IsNull(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) && text == "null";

    // [Description("...")] on a property (or on a type) becomes the schema's "description": models read it.
    private static JsonNode AddDescription(JsonSchemaExporterContext context, JsonNode schema)
    {
        var provider = context.PropertyInfo?.AttributeProvider;
        var description = provider?.GetCustomAttributes(typeof(DescriptionAttribute), inherit: true).OfType<DescriptionAttribute>().FirstOrDefault()?.Description;
        if (description is null && context.PropertyInfo is null)
        {
            description = context.TypeInfo.Type.GetCustomAttributes(typeof(DescriptionAttribute), inherit: true).OfType<DescriptionAttribute>().FirstOrDefault()?.Description;
        }

        if (description is not null && schema is JsonObject obj && !obj.ContainsKey("description"))
        {
            obj.Insert(obj.ContainsKey("type") ? 1 : 0, "description", description);
        }

        return schema;
    }
}
