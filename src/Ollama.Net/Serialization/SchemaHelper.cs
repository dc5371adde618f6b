using System.Text.Json;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;

namespace Ollama.Net.Serialization;

/// <summary>Turns source-generated type metadata into a JSON Schema element.</summary>
internal static class SchemaHelper
{
    public static JsonElement ExportSchema(JsonTypeInfo typeInfo)
    {
        var node = typeInfo.GetJsonSchemaAsNode();
        using var document = JsonDocument.Parse(node.ToJsonString());
        return document.RootElement.Clone();
    }
}
