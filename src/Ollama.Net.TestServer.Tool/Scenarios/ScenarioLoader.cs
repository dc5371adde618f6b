using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using Ollama.Net.Testing;

namespace Ollama.Net.TestServer.Tool.Scenarios;

/// <summary>
/// Reads scenarios: a scenario file, the JSON bodies of the control API (one object or an array of them), and the
/// <c>key=value,...</c> specs of <c>--model</c> and <c>--fault</c>. Each is checked against the shape of its
/// source-generated type (<see cref="JsonShape"/>), deserialized, then converted with its values checked
/// (<see cref="ScenarioConverter"/>); a problem is a <see cref="ScenarioException"/> naming the line and field.
/// </summary>
internal static class ScenarioLoader
{
    private static ToolJsonContext Json => ToolJsonContext.Default;

    /// <summary>Reads and checks a scenario file.</summary>
    public static Scenario LoadFile(string path)
    {
        byte[] utf8;
        try
        {
            utf8 = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioException(path, null, string.Empty, "cannot read the scenario file: " + ex.Message);
        }

        return Parse(utf8, path);
    }

    /// <summary>Checks a scenario given as JSON text; <paramref name="source"/> names it in errors.</summary>
    public static Scenario Parse(byte[] utf8, string? source)
    {
        var (document, shape) = Read(utf8, Json.ScenarioDocument, source);
        return new ScenarioConverter(shape).Document(document);
    }

    /// <summary>A control API body: one model object or an array of them.</summary>
    public static List<TestModel> Models(byte[] body) => OneOrMany(body, Json.ScenarioModel, Json.ListScenarioModel, (c, m, p) => c.Model(m, p));

    /// <summary>A control API body: one reply object or an array of them.</summary>
    public static List<(string? Model, ScriptedReply Reply)> Replies(byte[] body) =>
        OneOrMany(body, Json.ScenarioReply, Json.ListScenarioReply, (c, r, p) => c.Reply(r, p));

    /// <summary>A control API body: one fault object or an array of them.</summary>
    public static List<FaultRule> Faults(byte[] body) => OneOrMany(body, Json.ScenarioFault, Json.ListScenarioFault, (c, f, p) => c.Rule(f, p));

    /// <summary>
    /// A <c>--model</c> spec: a name, then optional <c>key=value</c> pairs, all separated by commas
    /// (<c>qwen3:0.6b,capabilities=completion+thinking,context_length=40960</c>).
    /// </summary>
    public static TestModel ModelSpec(string spec) =>
        FromSpec(spec, "--model", Json.ScenarioModel, "name", (c, m) => c.Model(m, "$"));

    /// <summary>A <c>--fault</c> spec: <c>key=value</c> pairs separated by commas (<c>path=/api/chat,cut_after_chunks=3</c>).</summary>
    public static FaultRule FaultSpec(string spec) =>
        FromSpec(spec, "--fault", Json.ScenarioFault, null, (c, f) => c.Rule(f, "$"));

    /// <summary>A duration option (<c>--keep-alive 10m</c>).</summary>
    public static TimeSpan DurationOption(string text, string option, bool allowNegative = false) =>
        ScenarioConverter.DurationProblem(text, allowNegative, out var value) is { } problem
            ? throw new ScenarioException(option, null, string.Empty, problem)
            : value;

    private static (T Value, JsonShape Shape) Read<T>(byte[] utf8, JsonTypeInfo<T> info, string? source)
    {
        var shape = JsonShape.Check(utf8, info, source);
        try
        {
            return (JsonSerializer.Deserialize(utf8, info) ?? throw shape.Error("$", "expected an object, not null"), shape);
        }
        catch (JsonException ex)
        {
            // The shape check leaves nothing for the deserializer to refuse; this is a safety net.
            throw shape.Error(ex.Path ?? "$", ex.Message);
        }
    }

    private static List<TOut> OneOrMany<TIn, TOut>(
        byte[] body, JsonTypeInfo<TIn> one, JsonTypeInfo<List<TIn>> many, Func<ScenarioConverter, TIn, string, TOut> convert)
    {
        if (IsArray(body))
        {
            var (items, shape) = Read(body, many, null);
            var converter = new ScenarioConverter(shape);
            return [.. items.Select((item, i) => item is null ? throw shape.Error($"$[{i}]", "expected an object, not null") : convert(converter, item, $"$[{i}]"))];
        }

        var (single, singleShape) = Read(body, one, null);
        return [convert(new ScenarioConverter(singleShape), single, "$")];
    }

    private static bool IsArray(byte[] body)
    {
        var reader = new Utf8JsonReader(body, JsonShape.ReaderOptions);
        try
        {
            return reader.Read() && reader.TokenType == JsonTokenType.StartArray;
        }
        catch (JsonException)
        {
            return false; // the shape check reports it
        }
    }

    private static TOut FromSpec<TIn, TOut>(string spec, string option, JsonTypeInfo<TIn> info, string? implicitKey, Func<ScenarioConverter, TIn, TOut> convert)
    {
        var source = $"{option} '{spec}'";
        try
        {
            var (value, shape) = Read(SpecToJson(spec, info, implicitKey, source), info, null);
            return convert(new ScenarioConverter(shape), value);
        }
        catch (ScenarioException ex) when (ex.Source is null)
        {
            // Lines and columns of the JSON made from the spec mean nothing to the user: name the spec instead.
            throw new ScenarioException(source, null, ex.Field, ex.Problem);
        }
    }

    /// <summary>
    /// <c>key=value,...</c> as a JSON object, each value typed after its field: numbers and booleans as such, lists split
    /// on <c>+</c>, anything that does not parse left as a string for the shape check to refuse with the field's name.
    /// </summary>
    private static byte[] SpecToJson(string spec, JsonTypeInfo info, string? implicitKey, string source)
    {
        var json = new JsonObject();
        var parts = spec.Split(',');
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i].Trim();
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0 && !(i == 0 && implicitKey is not null && part.Length > 0))
            {
                throw new ScenarioException(source, null, string.Empty,
                    $"expected key=value pairs separated by commas, not '{part}'{(implicitKey is null ? string.Empty : $" (only the first item may be a bare {implicitKey})")}");
            }

            var key = equals < 0 ? implicitKey! : part[..equals].Trim();
            var text = equals < 0 ? part : part[(equals + 1)..].Trim();
            if (json.ContainsKey(key))
            {
                throw new ScenarioException(source, null, key, "this field is given twice");
            }

            var type = info.Properties.FirstOrDefault(p => p.Name == key)?.PropertyType ?? typeof(string);
            json[key] = ToNode(text, Nullable.GetUnderlyingType(type) ?? type, info.Options, source, key);
        }

        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    private static JsonNode? ToNode(string text, Type type, JsonSerializerOptions options, string source, string key)
    {
        if (type == typeof(JsonObject) || type == typeof(JsonArray) || type == typeof(JsonNode))
        {
            throw new ScenarioException(source, null, key, "cannot be given on the command line; use a scenario file or the control API");
        }

        if (type == typeof(bool))
        {
            return bool.TryParse(text, out var b) ? JsonValue.Create(b) : JsonValue.Create(text);
        }

        if (type == typeof(int) || type == typeof(long) || type == typeof(double))
        {
            return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? JsonValue.Create(d) : JsonValue.Create(text);
        }

        if (type != typeof(string) && options.GetTypeInfo(type) is { Kind: JsonTypeInfoKind.Enumerable, ElementType: { } element })
        {
            return new JsonArray([.. text.Split('+').Select(item => ToNode(item.Trim(), Nullable.GetUnderlyingType(element) ?? element, options, source, key))]);
        }

        return JsonValue.Create(text);
    }
}
