using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace Ollama.Net.Prompts;

/// <summary>
/// A JSON answer deserialized into <typeparamref name="T"/> through source-generated metadata (trimming- and AOT-safe).
/// The JSON Schema is generated once with <see cref="JsonSchemaExporter"/>; it is written into the instruction and sent as the
/// request's <c>format</c>. Parsing strips markdown code fences and any prose before or after the JSON value.
/// Create it with <see cref="FormatConstraint.Json{T}"/>.
/// </summary>
/// <typeparam name="T">The type of the answer.</typeparam>
/// <example>
/// <code>
/// // [JsonSerializable(typeof(CompanyScore))] partial class MyJson : JsonSerializerContext;
/// var json = FormatConstraint.Json(MyJson.Default.CompanyScore);
/// CompanyScore s = json.Parse("Here it is:\n```json\n{\"name\":\"Acme\",\"score\":8}\n```").Value;
/// </code>
/// </example>
public sealed partial class JsonConstraint<T> : FormatConstraint<T>
{
    private const int MaxStarts = 32;
    private static readonly JsonReaderOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private static readonly JsonSchemaExporterOptions DefaultExporterOptions = new() { TreatNullObliviousAsNonNullable = true };

    private readonly JsonElement? _schema;
    private readonly OutputFormat _format;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="typeInfo">The source-generated metadata of <typeparamref name="T"/>.</param>
    /// <param name="exporterOptions">Options for the schema export; when omitted, types without nullable annotations (such as the root) are treated as non-nullable, so the model cannot answer <c>null</c>.</param>
    public JsonConstraint(JsonTypeInfo<T> typeInfo, JsonSchemaExporterOptions? exporterOptions = null)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        TypeInfo = typeInfo;
        var node = typeInfo.GetJsonSchemaAsNode(exporterOptions ?? DefaultExporterOptions);
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            node.WriteTo(writer);
        }

        SchemaText = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        using var document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        _schema = document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        _format = _schema is { } schema ? OutputFormat.FromSchema(schema) : OutputFormat.Json;
    }

    /// <summary>Gets the metadata the answers are deserialized with.</summary>
    public JsonTypeInfo<T> TypeInfo { get; }

    /// <summary>Gets the JSON Schema of <typeparamref name="T"/> as compact text (as written into the instruction).</summary>
    public string SchemaText { get; }

    /// <summary>
    /// Gets the JSON Schema of <typeparamref name="T"/>; <see langword="null"/> only when the exported schema is not an object
    /// (such as <c>true</c> for <see cref="JsonElement"/>), in which case plain JSON mode is used.
    /// </summary>
    public override JsonElement? JsonSchema => _schema;

    /// <summary>Gets the <c>format</c> to send: the schema, or plain JSON mode when there is no object schema.</summary>
    public override OutputFormat RequestFormat => _format;

    /// <inheritdoc/>
    public override string GetInstruction(PromptLanguage language) => Localized.Pick(language,
        $"Reply with a single JSON value that matches this JSON Schema, and nothing else:\n{SchemaText}",
        $"只输出一个符合以下JSON Schema的JSON值，不要输出其他内容：\n{SchemaText}");

    /// <inheritdoc/>
    public override string GetInstructionAfterReasoning(PromptLanguage language) => Localized.Pick(language,
        $"After your reasoning, give the final answer as a single JSON value in a ```json code block, matching this JSON Schema:\n{SchemaText}",
        $"推理结束后，用```json代码块给出最终答案，它必须是一个符合以下JSON Schema的JSON值：\n{SchemaText}");

    /// <inheritdoc/>
    public override string GetReminder(PromptLanguage language) => Localized.Pick(language,
        "Remember: the reply must be valid JSON that matches the schema.",
        "再次强调：回复必须是符合该Schema的合法JSON。");

    /// <inheritdoc/>
    protected override ParseResult<T> ParseCore(string reply)
    {
        ParseResult<T>? firstFailure = null;

        // Fenced blocks first, the last one first (after reasoning the answer comes last); then the whole reply.
        var fences = Fence().Matches(reply);
        for (var i = fences.Count - 1; i >= 0; i--)
        {
            var result = ParseRegion(fences[i].Groups["body"].Value, reply);
            if (result.IsSuccess)
            {
                return result;
            }

            firstFailure = Prefer(firstFailure, result);
        }

        var whole = ParseRegion(reply, reply);
        return whole.IsSuccess ? whole : Prefer(firstFailure, whole);
    }

    private static ParseResult<T> Prefer(ParseResult<T>? current, ParseResult<T> next)
        => current is null || Rank(next.ErrorKind) > Rank(current.ErrorKind) ? next : current;

    private static int Rank(ParseErrorKind kind) => kind switch
    {
        ParseErrorKind.SchemaMismatch => 3,
        ParseErrorKind.InvalidJson => 2,
        _ => 1,
    };

    private ParseResult<T> ParseRegion(string region, string reply)
    {
        var bytes = Encoding.UTF8.GetBytes(region);
        var opener = TypeInfo.Kind switch
        {
            JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary => "{"u8.ToArray(),
            JsonTypeInfoKind.Enumerable => "["u8.ToArray(),
            _ => "{[\"-0123456789tfn"u8.ToArray(),
        };

        ParseResult<T>? failure = null;
        var starts = 0;
        for (var at = 0; at < bytes.Length && starts < MaxStarts; at++)
        {
            if (Array.IndexOf(opener, bytes[at]) < 0 || (opener.Length > 2 && at > 0 && !IsBoundary(bytes[at - 1])))
            {
                continue;
            }

            starts++;
            var result = ParseAt(bytes.AsSpan(at), reply);
            if (result.IsSuccess)
            {
                return result;
            }

            // A value of the wrong shape is remembered, but a later value may still fit.
            failure = Prefer(failure, result);
        }

        var expected = TypeInfo.Kind switch
        {
            JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary => ("JSON object", "JSON对象"),
            JsonTypeInfoKind.Enumerable => ("JSON array", "JSON数组"),
            _ => ("JSON value", "JSON值"),
        };
        return failure ?? ParseResult<T>.Failure(ParseErrorKind.NoValue,
            $"The reply contains no {expected.Item1}: \"{TextSnippet.Of(reply)}\".", reply,
            $"回答中没有{expected.Item2}：“{TextSnippet.Of(reply)}”。");
    }

    private static bool IsBoundary(byte b) => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t' or (byte)':' or (byte)'>';

    private ParseResult<T> ParseAt(ReadOnlySpan<byte> json, string reply)
    {
        int length;
        try
        {
            var scan = new Utf8JsonReader(json, Lenient);
            scan.Read();
            scan.Skip();
            length = (int)scan.BytesConsumed;
        }
        catch (JsonException e)
        {
            return ParseResult<T>.Failure(ParseErrorKind.InvalidJson, $"The reply is not valid JSON: {e.Message}", reply,
                $"回答不是合法的JSON：{e.Message}");
        }

        var typeName = typeof(T).Name;
        try
        {
            var reader = new Utf8JsonReader(json[..length], Lenient);
            var value = JsonSerializer.Deserialize(ref reader, TypeInfo);
            if (value is null)
            {
                return ParseResult<T>.Failure(ParseErrorKind.SchemaMismatch, $"The reply is JSON null; expected a {typeName}.", reply,
                    $"回答是JSON null，需要的是{typeName}。");
            }

            return ParseResult<T>.Success(value, reply);
        }
        catch (JsonException e)
        {
            return ParseResult<T>.Failure(ParseErrorKind.SchemaMismatch,
                $"The JSON does not match the expected shape of {typeName}: {e.Message}", reply,
                $"JSON与{typeName}要求的结构不符：{e.Message}");
        }
    }

    [GeneratedRegex(@"```[ \t]*[A-Za-z0-9_+-]*[ \t]*\r?\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex Fence();
}
