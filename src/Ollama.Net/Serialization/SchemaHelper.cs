using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;

namespace Ollama.Net.Serialization;

/// <summary>Turns source-generated type metadata into a JSON Schema element.</summary>
internal static class SchemaHelper
{
    public static JsonElement ExportSchema(JsonTypeInfo typeInfo)
    {
        var node = typeInfo.GetJsonSchemaAsNode();

        // A reference-type root comes out as "type": ["object", "null"]; the answer (or the arguments) is never null,
        // so keep only the non-null type.
        if (node is JsonObject root && root["type"] is JsonArray types && types.Count == 2 &&
            types.Any(t => t is JsonValue v && v.TryGetValue<string>(out var s) && s == "null"))
        {
            var other = types.First(t => !(t is JsonValue v && v.TryGetValue<string>(out var s) && s == "null"));
            root["type"] = other?.DeepClone();
        }

        using var document = JsonDocument.Parse(node.ToJsonString());
        return document.RootElement.Clone();
    }
}
