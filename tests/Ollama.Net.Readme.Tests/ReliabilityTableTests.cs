using System.Text.RegularExpressions;

namespace Ollama.Net.Readme.Tests;

/// <summary>
/// docs/reliability.md claims one outcome per scenario and names the test that proves it: every row must name at least
/// one test, and every named test must exist as a public test method in a file under tests/ that declares that class.
/// </summary>
public sealed partial class ReliabilityTableTests
{
    [Fact]
    public void Every_row_names_tests_that_exist()
    {
        var root = RepositoryPaths.Root;
        var rows = File.ReadAllLines(Path.Combine(root, "docs", "reliability.md"))
            .Where(line => ScenarioRow().IsMatch(line))
            .ToList();
        Assert.True(rows.Count >= 25, $"docs/reliability.md has {rows.Count} scenario rows; the issue asks for at least 25.");

        var sources = Directory.EnumerateFiles(Path.Combine(root, "tests"), "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .ToList();

        var missing = new List<string>();
        foreach (var row in rows)
        {
            var tests = TestName().Matches(row.Split('|', StringSplitOptions.RemoveEmptyEntries)[^1]);
            Assert.True(tests.Count > 0, $"This row names no test: {row}");
            foreach (Match test in tests)
            {
                var type = test.Groups["type"].Value;
                var method = test.Groups["method"].Value;
                var declared = sources.Any(source =>
                    Regex.IsMatch(source, $@"\bclass {type}\b") &&
                    Regex.IsMatch(source, $@"\bpublic (async )?(void|Task) {method}\s*\("));
                if (!declared)
                {
                    missing.Add($"{type}.{method}");
                }
            }
        }

        Assert.True(missing.Count == 0, $"docs/reliability.md names tests that do not exist: {string.Join(", ", missing)}");
    }

    [GeneratedRegex(@"^\| *\d+ *\|")]
    private static partial Regex ScenarioRow();

    [GeneratedRegex(@"`(?<type>[A-Z]\w*)\.(?<method>\w+)`")]
    private static partial Regex TestName();
}
