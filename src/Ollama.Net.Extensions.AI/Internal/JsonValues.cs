using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Ollama.Net.Extensions.AI;

/// <summary>
/// Conversions between .NET values and JSON through <see cref="AIJsonUtilities.DefaultOptions"/> (source-generated
/// metadata for primitives, <see cref="JsonElement"/>, JSON nodes and dictionaries: trimming- and AOT-safe for those).
/// </summary>
internal static class JsonValues
{
    private static readonly JsonElement EmptyObject = JsonElement.Parse("{}");

    /// <summary>Converts any value to JSON; fails with a clear message when its type has no JSON metadata.</summary>
    public static JsonElement ToElement(object? value, string what)
    {
        if (value is null)
        {
            return JsonElement.Parse("null");
        }

        if (value is JsonElement element)
        {
            return element;
        }

        try
        {
            return JsonSerializer.SerializeToElement(value, AIJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType()));
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or JsonException)
        {
            throw new ArgumentException(
                $"{what} holds a {value.GetType().Name}, which cannot be written as JSON here. Pass a string, number, boolean, JsonElement or JsonNode instead.",
                ex);
        }
    }

    /// <summary>Converts tool-call arguments to the JSON object Ollama expects.</summary>
    public static JsonElement ArgumentsToElement(IDictionary<string, object?>? arguments, string toolName)
    {
        if (arguments is null || arguments.Count == 0)
        {
            return EmptyObject;
        }

        try
        {
            return JsonSerializer.SerializeToElement(arguments, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>)));
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or JsonException)
        {
            throw new ArgumentException(
                $"The arguments of the call to tool '{toolName}' cannot be written as JSON: {ex.Message} Use strings, numbers, booleans, JsonElement or JsonNode values.",
                ex);
        }
    }

    /// <summary>Reads a JSON object of arguments into a dictionary of <see cref="JsonElement"/> values (key order kept).</summary>
    public static Dictionary<string, object?> ArgumentsFromElement(JsonElement arguments)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (arguments.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in arguments.EnumerateObject())
            {
                result[property.Name] = property.Value.Clone();
            }
        }

        return result;
    }

    /// <summary>The text Ollama gets for a tool result: strings as they are, anything else as JSON.</summary>
    public static string ResultToText(object? result)
    {
        switch (result)
        {
            case null:
                return string.Empty;
            case string text:
                return text;
            case JsonElement { ValueKind: JsonValueKind.String } element:
                return element.GetString() ?? string.Empty;
            case JsonElement element:
                return element.GetRawText();
            case TextContent content:
                return content.Text;
            default:
                return ToElement(result, "A function result").GetRawText();
        }
    }
}
