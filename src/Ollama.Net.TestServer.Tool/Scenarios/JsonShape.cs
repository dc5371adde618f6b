using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;

namespace Ollama.Net.TestServer.Tool.Scenarios;

/// <summary>
/// Checks a JSON text against the shape of a source-generated type before it is deserialized: every field known, no field
/// twice, every value of the right JSON kind and range. Errors name the line, column and field path (the deserializer
/// reports none of that in a form fit for users). It also remembers where each field is, so that later checks of the
/// values (<see cref="ScenarioLoader"/>) can name the line too.
/// </summary>
internal sealed class JsonShape
{
    private readonly byte[] _utf8;
    private readonly string? _source;
    private readonly Dictionary<string, long> _offsets = new(StringComparer.Ordinal);
    private int[]? _lineStarts;

    private JsonShape(byte[] utf8, string? source)
    {
        _utf8 = utf8;
        _source = source;
    }

    /// <summary>The reader settings shared with the deserializer: comments and trailing commas are allowed.</summary>
    public static JsonReaderOptions ReaderOptions { get; } = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>Checks <paramref name="utf8"/> against <paramref name="root"/>.</summary>
    /// <exception cref="ScenarioException">The text is not JSON or does not have the shape.</exception>
    public static JsonShape Check(byte[] utf8, JsonTypeInfo root, string? source)
    {
        var shape = new JsonShape(utf8, source);
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        var path = "$";
        try
        {
            if (!reader.Read())
            {
                throw shape.Error(path, "the input is empty; expected " + Describe(root.Type, root.Options));
            }

            shape.Value(ref reader, root.Type, root.Options, ref path);
            if (reader.Read())
            {
                throw shape.Error(reader.TokenStartIndex, string.Empty, "unexpected text after the JSON value");
            }
        }
        catch (JsonException ex) when (ex.LineNumber is { } line)
        {
            // The reader's own syntax errors ("'x' is an invalid start of a value. LineNumber: 2 | BytePositionInLine: 4.").
            var text = ex.Message;
            var cut = text.IndexOf(" LineNumber:", StringComparison.Ordinal);
            var message = "invalid JSON: " + (cut > 0 ? text[..cut] : text).TrimEnd('.');
            throw new ScenarioException(source, shape.PositionOf((int)line, (int)(ex.BytePositionInLine ?? 0)), Field(path), message);
        }

        return shape;
    }

    /// <summary>Where the field at <paramref name="path"/> (<c>$.models[0].size</c>) starts, or its nearest enclosing field.</summary>
    public JsonPosition? Find(string path)
    {
        for (var p = path; p.Length > 0; p = Parent(p))
        {
            if (_offsets.TryGetValue(p, out var offset))
            {
                return PositionAt(offset);
            }
        }

        return null;
    }

    /// <summary>An error about the field at <paramref name="path"/>, placed where that field (or its parent) is.</summary>
    public ScenarioException Error(string path, string problem) => new(_source, Find(path), Field(path), problem);

    /// <summary>The user-facing field name of a path: <c>$.models[0].size</c> is <c>models[0].size</c>.</summary>
    public static string Field(string path) => path == "$" ? string.Empty : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static string Parent(string path)
    {
        var cut = path.LastIndexOfAny(['.', '[']);
        return cut <= 0 ? (path == "$" ? string.Empty : "$") : path[..cut];
    }

    private ScenarioException Error(long offset, string path, string problem) => new(_source, PositionAt(offset), Field(path), problem);

    private void Value(ref Utf8JsonReader reader, Type type, JsonSerializerOptions options, ref string path)
    {
        _offsets.TryAdd(path, reader.TokenStartIndex);
        var underlying = Nullable.GetUnderlyingType(type);
        if (reader.TokenType == JsonTokenType.Null)
        {
            if (type.IsValueType && underlying is null)
            {
                throw Error(reader.TokenStartIndex, path, "expected " + Describe(type, options) + ", not null");
            }

            return;
        }

        type = underlying ?? type;
        var ok = type switch
        {
            _ when type == typeof(string) => reader.TokenType == JsonTokenType.String,
            _ when type == typeof(bool) => reader.TokenType is JsonTokenType.True or JsonTokenType.False,
            _ when type == typeof(int) => reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out _),
            _ when type == typeof(long) => reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out _),
            _ when type == typeof(double) => reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var d) && double.IsFinite(d),
            _ when type == typeof(DateTimeOffset) => reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out _),
            _ when type == typeof(JsonNode) => Skip(ref reader),
            _ when type == typeof(JsonObject) => reader.TokenType == JsonTokenType.StartObject && Skip(ref reader),
            _ when type == typeof(JsonArray) => reader.TokenType == JsonTokenType.StartArray && Skip(ref reader),
            _ => Composite(ref reader, options.GetTypeInfo(type), ref path),
        };
        if (!ok)
        {
            throw Error(reader.TokenStartIndex, path, "expected " + Describe(type, options) + ", not " + Got(ref reader));
        }
    }

    private bool Composite(ref Utf8JsonReader reader, JsonTypeInfo info, ref string path)
    {
        if (info.Kind == JsonTypeInfoKind.Enumerable)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                return false;
            }

            var parent = path;
            for (var i = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; i++)
            {
                path = $"{parent}[{i}]";
                Value(ref reader, info.ElementType!, info.Options, ref path);
            }

            path = parent;
            return true;
        }

        if (info.Kind != JsonTypeInfoKind.Object || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        var objectPath = path;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString()!;
            path = objectPath + "." + name;
            var start = reader.TokenStartIndex;
            var property = info.Properties.FirstOrDefault(p => p.Name == name);
            if (property is null)
            {
                var near = info.Properties.Select(p => p.Name).MinBy(known => Distance(known, name));
                var hint = near is not null && Distance(near, name) <= 2
                    ? $"; did you mean '{near}'?"
                    : "; known fields: " + string.Join(", ", info.Properties.Select(p => p.Name));
                throw Error(start, path, "unknown field" + hint);
            }

            if (!seen.Add(name))
            {
                throw Error(start, path, "this field is given twice");
            }

            _offsets[path] = start;
            reader.Read();
            Value(ref reader, property.PropertyType, info.Options, ref path);
            _offsets[path] = start;
        }

        path = objectPath;
        return true;
    }

    /// <summary>The edit distance of two field names, ignoring case (a typo or two: "sise", "Models").</summary>
    private static int Distance(string a, string b)
    {
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }

        return row[b.Length];
    }

    private static bool Skip(ref Utf8JsonReader reader)
    {
        reader.Skip();
        return true;
    }

    private static string Describe(Type type, JsonSerializerOptions options)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(string) => "a string",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(int) => "an integer (32-bit)",
            _ when type == typeof(long) => "an integer",
            _ when type == typeof(double) => "a number",
            _ when type == typeof(DateTimeOffset) => "a date and time such as \"2026-01-15T10:30:00Z\"",
            _ when type == typeof(JsonArray) => "an array",
            _ when type == typeof(JsonNode) => "a JSON value",
            _ => options.GetTypeInfo(type).Kind == JsonTypeInfoKind.Enumerable ? "an array" : "an object",
        };
    }

    /// <summary>What was found instead: the value itself for a number, string or boolean (cut at 40 characters).</summary>
    private static string Got(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartArray:
                return "an array";
            case JsonTokenType.StartObject:
                return "an object";
            default:
                var raw = Encoding.UTF8.GetString(reader.ValueSpan);
                raw = reader.TokenType == JsonTokenType.String ? "\"" + raw + "\"" : raw;
                return raw.Length > 40 ? raw[..37] + "..." : raw;
        }
    }

    private JsonPosition PositionAt(long offset)
    {
        var starts = _lineStarts ??= LineStarts(_utf8);
        var index = Array.BinarySearch(starts, (int)offset);
        var line = index >= 0 ? index : ~index - 1;
        var column = Encoding.UTF8.GetCharCount(_utf8.AsSpan(starts[line], (int)offset - starts[line])) + 1;
        return new JsonPosition(line + 1, column);
    }

    private JsonPosition PositionOf(int zeroBasedLine, int bytePositionInLine)
    {
        var starts = _lineStarts ??= LineStarts(_utf8);
        var line = Math.Clamp(zeroBasedLine, 0, starts.Length - 1);
        var length = Math.Clamp(bytePositionInLine, 0, _utf8.Length - starts[line]);
        return new JsonPosition(line + 1, Encoding.UTF8.GetCharCount(_utf8.AsSpan(starts[line], length)) + 1);
    }

    private static int[] LineStarts(byte[] utf8)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < utf8.Length; i++)
        {
            if (utf8[i] == (byte)'\n')
            {
                starts.Add(i + 1);
            }
        }

        return [.. starts];
    }
}
