using System.Globalization;
using System.Text.Json;

namespace Ollama.Net.Testing.Internal;

/// <summary>
/// A parsed JSON request body with Go-like field access: only the first JSON value is read (text after it is ignored),
/// missing and <c>null</c> fields read as absent, unknown fields are ignored, names match case-insensitively, and a wrong
/// JSON type fails with the <c>encoding/json</c> error text (400).
/// </summary>
internal sealed class RequestJson
{
    private readonly JsonElement _root;
    private readonly string _goType;

    private RequestJson(JsonElement root, string goType)
    {
        _root = root;
        _goType = goType;
    }

    /// <summary>Parses a request body for the Go struct <paramref name="goType"/> (for example <c>ChatRequest</c>).</summary>
    public static RequestJson Parse(ReadOnlyMemory<byte> body, string goType)
    {
        var span = body.Span;
        var start = 0;
        while (start < span.Length && span[start] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
        {
            start++;
        }

        if (start == span.Length)
        {
            throw HttpError.BadRequest("missing request body");
        }

        JsonElement root;
        try
        {
            // json.Decoder.Decode reads the first value only: whatever follows it is ignored.
            var reader = new Utf8JsonReader(span, new JsonReaderOptions { MaxDepth = 10_000, AllowMultipleValues = true });
            using var doc = JsonDocument.ParseValue(ref reader);
            root = doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw HttpError.BadRequest(DescribeSyntaxError(span, ex));
        }

        switch (root.ValueKind)
        {
            case JsonValueKind.Object:
                return new RequestJson(root, goType);
            case JsonValueKind.Null:
                using (var empty = JsonDocument.Parse("{}"u8.ToArray()))
                {
                    return new RequestJson(empty.RootElement.Clone(), goType);
                }

            default:
                throw HttpError.BadRequest($"json: cannot unmarshal {Kind(root)} into Go value of type api.{goType}");
        }
    }

    /// <summary>The root object.</summary>
    public JsonElement Root => _root;

    /// <summary>Returns a field, or null when it is absent or JSON <c>null</c>.</summary>
    public JsonElement? Get(string name)
    {
        JsonElement? insensitive = null;
        foreach (var p in _root.EnumerateObject())
        {
            if (p.NameEquals(name))
            {
                return p.Value.ValueKind == JsonValueKind.Null ? null : p.Value;
            }

            if (insensitive is null && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                insensitive = p.Value;
            }
        }

        return insensitive is { ValueKind: JsonValueKind.Null } ? null : insensitive;
    }

    public string? String(string name)
    {
        var e = Get(name);
        if (e is null)
        {
            return null;
        }

        return e.Value.ValueKind == JsonValueKind.String ? e.Value.GetString() : throw TypeError(name, e.Value, "string");
    }

    public bool? Bool(string name)
    {
        var e = Get(name);
        return e switch
        {
            null => null,
            { ValueKind: JsonValueKind.True } => true,
            { ValueKind: JsonValueKind.False } => false,
            _ => throw TypeError(name, e.Value, "bool"),
        };
    }

    public long? Int(string name, string goType = "int")
    {
        var e = Get(name);
        if (e is null)
        {
            return null;
        }

        if (e.Value.ValueKind != JsonValueKind.Number)
        {
            throw TypeError(name, e.Value, goType);
        }

        if (!e.Value.TryGetInt64(out var v))
        {
            throw HttpError.BadRequest(
                $"json: cannot unmarshal number {e.Value.GetRawText()} into Go struct field {_goType}.{name} of type {goType}");
        }

        return v;
    }

    /// <summary>Returns an object field (Go map); null when absent.</summary>
    public JsonElement? Object(string name, string goType = "map[string]interface {}")
    {
        var e = Get(name);
        if (e is null)
        {
            return null;
        }

        return e.Value.ValueKind == JsonValueKind.Object ? e : throw TypeError(name, e.Value, goType);
    }

    /// <summary>Returns an array field (Go slice); null when absent.</summary>
    public JsonElement? Array(string name, string goType)
    {
        var e = Get(name);
        if (e is null)
        {
            return null;
        }

        return e.Value.ValueKind == JsonValueKind.Array ? e : throw TypeError(name, e.Value, goType);
    }

    /// <summary>Reads a map[string]string field (create <c>files</c>, <c>adapters</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> StringMap(string name)
    {
        var e = Object(name, "map[string]string");
        if (e is null)
        {
            return [];
        }

        var list = new List<KeyValuePair<string, string>>();
        foreach (var p in e.Value.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String)
            {
                throw TypeError(name + "." + p.Name, p.Value, "string");
            }

            list.Add(new(p.Name, p.Value.GetString()!));
        }

        return list;
    }

    public HttpError TypeError(string field, JsonElement value, string goType) =>
        HttpError.BadRequest($"json: cannot unmarshal {Kind(value)} into Go struct field {_goType}.{field} of type {goType}");

    public static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "bool",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        _ => "null",
    };

    private static string DescribeSyntaxError(ReadOnlySpan<byte> body, JsonException ex)
    {
        var line = ex.LineNumber ?? 0;
        var col = ex.BytePositionInLine ?? 0;
        var offset = 0L;
        for (var i = 0; i < body.Length && line > 0; i++)
        {
            if (body[i] == (byte)'\n')
            {
                line--;
                offset = i + 1;
            }
        }

        offset += col;
        if (offset >= body.Length)
        {
            return "unexpected EOF";
        }

        var c = (char)body[(int)offset];
        var shown = c < 0x20 || c > 0x7E ? "\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture) : c.ToString();
        return $"invalid character '{shown}' looking for beginning of value";
    }
}
