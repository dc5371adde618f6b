using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Ollama.Net.Internal;
using Ollama.Net.Serialization;

namespace Ollama.Net.Tests.Serialization;

/// <summary>
/// Every row of the spec's field list (ollama-api-fields.tsv: Go type, JSON name) must be a JSON property of the matching
/// C# type, with the exact JSON name, settable on request types and readable on response types. A field removed or
/// renamed in the SDK fails here; rows deliberately left out are listed in <see cref="Excluded"/> with the reason.
/// Two kinds of request field are serialized but deliberately not public: <see cref="SetByTheClient"/> (<c>stream</c>,
/// which each method sets itself) and every field of a body the client builds from a method's arguments
/// (<see cref="Direction.BuiltByTheClient"/>: copy, delete, web search and fetch have no request object).
/// </summary>
public class FieldCoverageTests
{
    private const string TsvName = "ollama-api-fields.tsv";

    private enum Direction
    {
        Request,
        Response,
        Both,
        BuiltByTheClient,
    }

    /// <summary>Go type name (TSV) → the C# types that carry its fields, and which way they travel.</summary>
    private static readonly Dictionary<string, (Direction Direction, Type[] Types)> Map = new(StringComparer.Ordinal)
    {
        // Inference
        ["GenerateRequest"] = (Direction.Request, [typeof(GenerateRequest)]),
        ["GenerateResponse"] = (Direction.Response, [typeof(GenerateResult), typeof(GenerateUpdate)]),
        ["ChatRequest"] = (Direction.Request, [typeof(ChatRequest)]),
        ["ChatResponse"] = (Direction.Response, [typeof(ChatResult), typeof(ChatUpdate)]),
        ["Metrics"] = (Direction.Response, [typeof(ChatResult), typeof(ChatUpdate), typeof(GenerateResult), typeof(GenerateUpdate)]),
        ["Message"] = (Direction.Both, [typeof(Message)]),
        ["DebugInfo"] = (Direction.Response, [typeof(DebugInfo)]),
        ["Logprob"] = (Direction.Response, [typeof(Logprob)]),
        ["TokenLogprob"] = (Direction.Response, [typeof(TokenLogprob)]),
        ["Options"] = (Direction.Request, [typeof(ModelOptions)]),
        ["Runner"] = (Direction.Request, [typeof(ModelOptions)]),
        // Tools
        ["Tool"] = (Direction.Request, [typeof(Tool)]),
        ["ToolFunction"] = (Direction.Request, [typeof(ToolFunction)]),
        ["ToolFunctionParameters"] = (Direction.Both, [typeof(ToolFunctionParameters)]),
        ["ToolProperty"] = (Direction.Both, [typeof(ToolProperty)]),
        ["ToolCall"] = (Direction.Both, [typeof(ToolCall)]),
        ["ToolCallFunction"] = (Direction.Both, [typeof(ToolCallFunction)]),
        // Embeddings
        ["EmbedRequest"] = (Direction.Request, [typeof(EmbedRequest)]),
        ["EmbedResponse"] = (Direction.Response, [typeof(EmbedResult)]),
        ["EmbeddingRequest"] = (Direction.Request, [typeof(LegacyEmbeddingRequest)]),
        ["EmbeddingResponse"] = (Direction.Response, [typeof(LegacyEmbeddingResult)]),
        // Management
        ["CreateRequest"] = (Direction.Request, [typeof(CreateModelRequest)]),
        ["DeleteRequest"] = (Direction.BuiltByTheClient, [typeof(DeleteModelRequest)]),
        ["ShowRequest"] = (Direction.Request, [typeof(ShowModelRequest)]),
        ["ShowResponse"] = (Direction.Response, [typeof(ShowModelResult)]),
        ["CopyRequest"] = (Direction.BuiltByTheClient, [typeof(CopyModelRequest)]),
        ["PullRequest"] = (Direction.Request, [typeof(PullModelRequest)]),
        ["PushRequest"] = (Direction.Request, [typeof(PushModelRequest)]),
        ["ProgressResponse"] = (Direction.Response, [typeof(ProgressUpdate)]),
        ["ListResponse"] = (Direction.Response, [typeof(ListModelsResult)]),
        ["ListModelResponse"] = (Direction.Response, [typeof(LocalModel)]),
        ["ProcessResponse"] = (Direction.Response, [typeof(ListRunningModelsResult)]),
        ["ProcessModelResponse"] = (Direction.Response, [typeof(RunningModel)]),
        ["ModelDetails"] = (Direction.Response, [typeof(ModelDetails)]),
        ["Tensor"] = (Direction.Response, [typeof(ModelTensor)]),
        ["ModelRecommendationsResponse"] = (Direction.Response, [typeof(ModelRecommendationsResult)]),
        ["ModelRecommendation"] = (Direction.Response, [typeof(ModelRecommendation)]),
        // Server, account, web
        ["VersionResponse"] = (Direction.Response, [typeof(ServerVersion)]),
        ["StatusResponse"] = (Direction.Response, [typeof(ServerStatus)]),
        ["CloudStatus"] = (Direction.Response, [typeof(CloudStatus)]),
        ["UserResponse"] = (Direction.Response, [typeof(UserAccount)]),
        ["WebSearchRequest"] = (Direction.BuiltByTheClient, [typeof(WebSearchRequest)]),
        ["WebSearchResponse"] = (Direction.Response, [typeof(WebSearchResult)]),
        ["WebSearchResult"] = (Direction.Response, [typeof(WebSearchHit)]),
        ["WebFetchRequest"] = (Direction.BuiltByTheClient, [typeof(WebFetchRequest)]),
        ["WebFetchResponse"] = (Direction.Response, [typeof(WebFetchResult)]),
    };

    private const string ErrorBodyReason =
        "Error bodies have no DTO: ErrorParser reads them by hand into OllamaException.ServerMessage and OllamaUnauthorizedException.SigninUrl " +
        "(checked by Error_body_rows_are_read_by_the_error_parser).";

    /// <summary>Rows deliberately not modelled as a JSON property, with the reason.</summary>
    private static readonly Dictionary<(string Type, string Field), string> Excluded = new()
    {
        [("StatusError", "error")] = ErrorBodyReason,
        [("AuthorizationError", "signin_url")] = ErrorBodyReason,
        [("ErrorResponse", "error")] = ErrorBodyReason,
        [("ErrorResponse", "signin_url")] = ErrorBodyReason,
        [("DeleteRequest", "name")] = "The legacy alias of model: DeleteModelAsync(string) always sends model.",
    };

    /// <summary>Request fields the client always sets itself, per method: serialized, never public.</summary>
    private static readonly HashSet<(string Type, string Field)> SetByTheClient =
    [
        ("GenerateRequest", "stream"),
        ("ChatRequest", "stream"),
        ("CreateRequest", "stream"),
        ("PullRequest", "stream"),
        ("PushRequest", "stream"),
    ];

    [Fact]
    public void The_tsv_has_278_rows_over_49_types()
    {
        var rows = ReadRows();
        Assert.Equal(278, rows.Count);
        Assert.Equal(49, rows.Select(r => r.Type).Distinct().Count());
        Assert.Equal(rows.Count, rows.Distinct().Count());
    }

    [Fact]
    public void Every_go_type_of_the_tsv_is_mapped_to_csharp_or_excluded()
    {
        var unmapped = ReadRows()
            .Where(r => !Map.ContainsKey(r.Type) && !Excluded.ContainsKey((r.Type, r.Field)))
            .Select(r => $"{r.Type}.{r.Field}")
            .ToList();
        Assert.True(unmapped.Count == 0, "Rows with no C# type: " + string.Join(", ", unmapped));
    }

    [Fact]
    public void Every_exclusion_and_mapping_names_something_in_the_tsv()
    {
        var rows = ReadRows();
        Assert.All(Excluded.Keys, key => Assert.Contains(rows, r => r.Type == key.Type && r.Field == key.Field));
        Assert.All(Map.Keys, type => Assert.Contains(rows, r => r.Type == type));
    }

    [Fact]
    public void Every_tsv_row_is_a_json_property_of_its_csharp_type()
    {
        var missing = new List<string>();
        var checkedRows = 0;
        foreach (var row in ReadRows())
        {
            if (Excluded.ContainsKey((row.Type, row.Field)))
            {
                continue;
            }

            var (direction, types) = Map[row.Type];
            foreach (var type in types)
            {
                var property = GetTypeInfo(type).Properties.FirstOrDefault(p => p.Name == row.Field);
                if (property is null)
                {
                    missing.Add($"{row.Type}.{row.Field} → {type.Name}: no JSON property named \"{row.Field}\"");
                    continue;
                }

                var clr = property.AttributeProvider as PropertyInfo;
                if (SetByTheClient.Contains((row.Type, row.Field)) || direction is Direction.BuiltByTheClient)
                {
                    if (property.Get is null || clr?.SetMethod is { IsPublic: true })
                    {
                        missing.Add($"{row.Type}.{row.Field} → {type.Name}.{clr?.Name}: a field the client sets itself must be serialized and not publicly settable");
                    }

                    continue;
                }

                if (direction is Direction.Request or Direction.Both &&
                    (property.Get is null || clr?.SetMethod is not { IsPublic: true }))
                {
                    missing.Add($"{row.Type}.{row.Field} → {type.Name}.{clr?.Name}: a request field must be serialized and publicly settable");
                }

                if (direction is Direction.Response or Direction.Both &&
                    (property.Set is null || clr?.GetMethod is not { IsPublic: true }))
                {
                    missing.Add($"{row.Type}.{row.Field} → {type.Name}.{clr?.Name}: a response field must be deserialized and publicly readable");
                }
            }

            checkedRows++;
        }

        Assert.True(missing.Count == 0, $"{missing.Count} field(s) missing:\n" + string.Join("\n", missing));
        Assert.Equal(278 - Excluded.Count, checkedRows);
    }

    [Fact]
    public void Legacy_fields_exist_as_obsolete_properties()
    {
        static void AssertObsolete(Type type, string jsonName)
        {
            var property = GetTypeInfo(type).Properties.Single(p => p.Name == jsonName);
            var clr = Assert.IsAssignableFrom<PropertyInfo>(property.AttributeProvider);
            Assert.NotNull(clr.GetCustomAttribute<ObsoleteAttribute>());
        }

        AssertObsolete(typeof(PullModelRequest), "name");
        AssertObsolete(typeof(PullModelRequest), "username");
        AssertObsolete(typeof(PullModelRequest), "password");
        AssertObsolete(typeof(PushModelRequest), "name");
        AssertObsolete(typeof(PushModelRequest), "username");
        AssertObsolete(typeof(PushModelRequest), "password");
        AssertObsolete(typeof(ShowModelRequest), "name");
        AssertObsolete(typeof(ShowModelRequest), "template");
        AssertObsolete(typeof(CreateModelRequest), "name");
        AssertObsolete(typeof(CreateModelRequest), "quantization");
    }

    [Fact]
    public void Legacy_fields_are_written_when_set_and_left_out_when_not()
    {
#pragma warning disable CS0618 // the legacy wire aliases are what this test checks
        var request = new PullModelRequest("m") { Name = "m", Username = "u", Password = "p" };
        var create = new CreateModelRequest("c") { From = "m", Quantization = "q8_0" };
#pragma warning restore CS0618
        Infrastructure.JsonAssert.Equal(
            """{"model":"m","stream":true,"username":"u","password":"p","name":"m"}""",
            JsonSerializer.Serialize(request, OllamaJsonContext.Default.PullModelRequest));
        Infrastructure.JsonAssert.Equal(
            """{"model":"c","stream":true,"from":"m","quantization":"q8_0"}""",
            JsonSerializer.Serialize(create, OllamaJsonContext.Default.CreateModelRequest));
        Infrastructure.JsonAssert.Equal("""{"model":"m","stream":true}""", JsonSerializer.Serialize(new PullModelRequest("m"), OllamaJsonContext.Default.PullModelRequest));
    }

    [Fact]
    public void Error_body_rows_are_read_by_the_error_parser()
    {
        var errorRows = ReadRows()
            .Where(r => Excluded.TryGetValue((r.Type, r.Field), out var reason) && reason == ErrorBodyReason)
            .Select(r => r.Field).Distinct().Order().ToList();
        Assert.Equal(["error", "signin_url"], errorRows);
        Assert.True(ErrorParser.TryReadError("""{"error":"unauthorized","signin_url":"https://ollama.com/connect?key=k"}"""u8, out var error, out var signin));
        Assert.Equal("unauthorized", error);
        Assert.Equal("https://ollama.com/connect?key=k", signin);
    }

    [Fact]
    public void Unknown_response_fields_never_break_parsing()
    {
        const string json = """{"zz_future_field":{"nested":[1,{"a":null}],"b":"\u003cx\u003e"},"another_future_field":[true,false,null,3.5]}""";
        var responseTypes = Map.Values.Where(m => m.Direction is Direction.Response or Direction.Both).SelectMany(m => m.Types).Distinct().ToList();
        Assert.True(responseTypes.Count >= 30);
        Assert.All(responseTypes, type => Assert.NotNull(JsonSerializer.Deserialize(json, GetTypeInfo(type))));
    }

    [Fact]
    public void The_tsv_copy_in_the_test_project_equals_the_shared_spec()
    {
        var shared = SharedTsvPath();
        var copy = Path.Combine(AppContext.BaseDirectory, "Spec", TsvName);
        Assert.True(File.Exists(copy), $"The TSV copy is missing from the test output: {copy}");
        if (shared is null)
        {
            return; // ../shared is absent (for example a clone of the repository alone): the copy is the reference.
        }

        Assert.Equal(File.ReadAllText(shared).ReplaceLineEndings("\n"), File.ReadAllText(copy).ReplaceLineEndings("\n"));
        var source = Path.Combine(FindRepositoryRoot()!, "tests", "Ollama.Net.Tests", "Spec", TsvName);
        Assert.Equal(File.ReadAllText(shared).ReplaceLineEndings("\n"), File.ReadAllText(source).ReplaceLineEndings("\n"));
    }

    private static JsonTypeInfo GetTypeInfo(Type type)
        => OllamaJsonContext.Default.GetTypeInfo(type) ?? throw new InvalidOperationException($"{type.Name} is not in OllamaJsonContext.");

    private static List<(string Type, string Field)> ReadRows()
    {
        var path = SharedTsvPath() ?? Path.Combine(AppContext.BaseDirectory, "Spec", TsvName);
        var lines = File.ReadAllLines(path, Encoding.UTF8).Where(l => l.Length > 0).ToList();
        Assert.Equal("type_name\tjson_name\tgo_type\tomitempty", lines[0]);
        return lines.Skip(1).Select(line =>
        {
            var cells = line.Split('\t');
            Assert.Equal(4, cells.Length);
            return (cells[0], cells[1]);
        }).ToList();
    }

    /// <summary>The shared spec's TSV: <c>../shared/spec/</c> next to the repository root (the folder with Ollama.Net.sln), or null.</summary>
    private static string? SharedTsvPath()
    {
        var root = FindRepositoryRoot();
        if (root is null)
        {
            return null;
        }

        var path = Path.GetFullPath(Path.Combine(root, "..", "shared", "spec", TsvName));
        return File.Exists(path) ? path : null;
    }

    private static string? FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ollama.Net.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
