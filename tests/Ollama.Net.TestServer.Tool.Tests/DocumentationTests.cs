using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Ollama.Net.TestServer.Tool.Scenarios;

namespace Ollama.Net.TestServer.Tool.Tests;

/// <summary>
/// The tool's documentation against the code: the JSON schema lists exactly the fields the loader knows, the README's
/// scenario loads and its error example is the real message, and its Node test is the one the interop tests run.
/// </summary>
public partial class DocumentationTests
{
    private static readonly JsonNode Schema = JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.ToolProject, "ollama-test-server.schema.json")))!;

    private static string Readme => Repository.Read("src", "Ollama.Net.TestServer.Tool", "README.md");

    public static TheoryData<string, string> SchemaObjects() => new()
    {
        { "#", nameof(ScenarioDocument) },
        { "#/$defs/model", nameof(ScenarioModel) },
        { "#/$defs/reply", nameof(ScenarioReply) },
        { "#/$defs/tool_call", nameof(ScenarioToolCall) },
        { "#/$defs/fault", nameof(ScenarioFault) },
        { "#/$defs/scheduler", nameof(ScenarioScheduler) },
    };

    [Theory]
    [MemberData(nameof(SchemaObjects))]
    public void The_schema_lists_exactly_the_fields_of_each_scenario_object(string pointer, string type)
    {
        var info = ToolJsonContext.Default.GetTypeInfo(typeof(ScenarioDocument).Assembly.GetType($"{typeof(ScenarioDocument).Namespace}.{type}")!)!;
        var definition = pointer == "#" ? Schema : Schema["$defs"]![pointer.Split('/')[^1]]!;

        // A fault's behaviours come from fault_behaviour (allOf), its request selectors are its own.
        var fields = Properties(definition).Concat(definition["allOf"] is null ? [] : Properties(Schema["$defs"]!["fault_behaviour"]!))
            .Order(StringComparer.Ordinal).ToList();

        Assert.Equal(info.Properties.Select(p => p.Name).Order(StringComparer.Ordinal), fields);
        Assert.True(definition["additionalProperties"]?.GetValue<bool>() == false || definition["unevaluatedProperties"]?.GetValue<bool>() == false);
    }

    [Fact]
    public void The_reply_fault_is_the_fault_without_its_request_selectors()
    {
        var behaviour = Properties(Schema["$defs"]!["fault_behaviour"]!).ToHashSet();
        var fault = ToolJsonContext.Default.ScenarioFault.Properties.Select(p => p.Name).ToHashSet();

        fault.ExceptWith(["path", "model", "once"]);
        Assert.Equal(fault.Order(), behaviour.Order());
    }

    [Fact]
    public void The_readme_scenario_loads_and_its_error_example_is_the_real_message()
    {
        var example = Block(Readme, "scenario-example", "json");

        var scenario = ScenarioLoader.Parse(Encoding.UTF8.GetBytes(example), "scenario.json");
        var broken = example.Replace("\"tools\", \"thinking\"", "\"tool\", \"thinking\"", StringComparison.Ordinal);
        var error = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(Encoding.UTF8.GetBytes(broken), "scenario.json"));

        Assert.Equal(3, scenario.Models.Count);
        Assert.Equal(4, scenario.Replies.Count);
        Assert.Contains($"ollama-test-server: {error.Message}\n", Readme.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void The_readme_node_test_is_the_one_the_interop_tests_run()
    {
        var file = Repository.Read("tests", "Ollama.Net.Interop.Tests", "js", "tool.test.mjs").ReplaceLineEndings("\n");

        Assert.Equal(file, Block(Readme, "node-test", "js") + "\n");
    }

    [PythonFact]
    public async Task The_readme_pytest_fixture_is_valid_python()
    {
        var python = PythonFactAttribute.Python!;
        var path = Path.Combine(Path.GetTempPath(), $"conftest-{Guid.NewGuid():N}.py");
        await File.WriteAllTextAsync(path, Block(Readme, "pytest-fixture", "python"));
        using var process = Process.Start(new ProcessStartInfo(python, ["-m", "py_compile", path]) { RedirectStandardError = true })!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(ToolProcess.Bound);

        Assert.True(process.ExitCode == 0, error);
    }

    [Fact]
    public void The_readme_documents_every_option()
    {
        var cli = new Cli(TextWriter.Null, TextWriter.Null);

        foreach (var option in cli.Root.Options.Where(o => o.Name.StartsWith("--", StringComparison.Ordinal) && o.Name is not "--help" and not "--version"))
        {
            Assert.Contains($"`{option.Name} ", Readme.Replace($"`{option.Name}`", $"`{option.Name} ", StringComparison.Ordinal));
        }
    }

    private static IEnumerable<string> Properties(JsonNode definition) =>
        definition["properties"]!.AsObject().Select(p => p.Key);

    /// <summary>The fenced block after <c>&lt;!-- name --&gt;</c>.</summary>
    private static string Block(string markdown, string name, string language)
    {
        var match = Regex.Match(markdown.ReplaceLineEndings("\n"), $@"\[//\]: \# \({name}\)\n```{language}\n(.*?)\n```\n", RegexOptions.Singleline);
        Assert.True(match.Success, $"The README has no ```{language} block after [//]: # ({name}).");
        return match.Groups[1].Value;
    }

}
