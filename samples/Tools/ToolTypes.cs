using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Tools;

/// <summary>The calculator's arguments, as the model sends them.</summary>
internal sealed record CalculatorArguments(
    [property: Description("An arithmetic expression with numbers written plainly, such as 3666 * 5444 or 9.9 > 9.11. "
        + "Operators: + - * / ^ and comparisons < > <= >= ==; functions: max, min, abs.")]
    string Expression);

/// <summary>Facts about a poem, extracted from free text into a C# record (structured output).</summary>
[Description("Facts about a classical Chinese poem.")]
internal sealed record PoemFacts(
    [property: Description("The title in Chinese characters.")] string Title,
    [property: Description("The poet's name in pinyin.")] string Author,
    [property: Description("The dynasty the poet lived in.")] string Dynasty,
    [property: Description("The year the poem was written.")] int Year,
    [property: Description("Where the poet was when writing it.")] string Place,
    [property: Description("People from history the text names.")] string[] PeopleMentioned,
    [property: Description("Two or three themes, in a few words each.")] string[] Themes);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(CalculatorArguments))]
[JsonSerializable(typeof(PoemFacts))]
internal sealed partial class ToolsJsonContext : JsonSerializerContext;
