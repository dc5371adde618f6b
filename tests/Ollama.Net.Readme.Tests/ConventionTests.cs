using System.Text.RegularExpressions;

namespace Ollama.Net.Readme.Tests;

/// <summary>The repository conventions of CONTRIBUTING.md that a build does not check.</summary>
public sealed partial class ConventionTests
{
    private static readonly string[] CodeFolders = ["src", "tests", "samples", "benchmarks"];

    [Fact]
    public void A_file_named_after_a_generic_type_is_named_Name_of_T_in_braces()
    {
        var wrong = new List<string>();
        foreach (var path in SourceFiles(CodeFolders))
        {
            var stem = Path.GetFileNameWithoutExtension(path);
            var baseName = stem.Split('.')[0]; // EmbeddingIndex{TKey}.Scan.cs is a part of EmbeddingIndex{TKey}
            var declared = GenericDeclaration().Matches(File.ReadAllText(path))
                .Select(m => (Name: m.Groups["name"].Value, Parameters: Regex.Replace(m.Groups["parameters"].Value, @"\s|\b(in|out)\b", "")))
                .ToList();
            var braces = baseName.IndexOf('{');
            var typeName = braces < 0 ? baseName : baseName[..braces];
            var expected = declared.Where(d => d.Name == typeName || d.Name + "OfT" == typeName).Select(d => $"{d.Name}{{{d.Parameters}}}").ToList();
            if (expected.Count > 0 && !expected.Contains(baseName))
            {
                wrong.Add($"{Relative(path)} should be named {expected[0]}{stem[baseName.Length..]}.cs");
            }
            else if (braces >= 0 && expected.Count == 0)
            {
                wrong.Add($"{Relative(path)} is named like a generic type but declares no {typeName}<...>");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void Test_names_are_sentences_with_underscores()
    {
        var wrong = new List<string>();
        var count = 0;
        foreach (var path in SourceFiles("tests"))
        {
            foreach (Match test in TestMethod().Matches(File.ReadAllText(path)))
            {
                count++;
                var name = test.Groups["name"].Value;
                var words = name.Split('_');
                var sentence = words.Length == 1
                    ? !Regex.IsMatch(name, "[a-z][A-Z]") // one word: "Accepts", not "ClearAndDispose"
                    : words.Any(w => Regex.IsMatch(w, "^[a-z0-9]+$")); // "Dot_matches_the_reference", not "Dot_MatchesReference"
                if (!sentence)
                {
                    wrong.Add($"{Relative(path)}: {name}");
                }
            }
        }

        Assert.True(count > 500, $"Only {count} tests were found: the pattern no longer sees them.");
        Assert.True(wrong.Count == 0, "Name these tests as a sentence (see CONTRIBUTING.md):\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void Unit_test_folders_are_folders_of_src_and_namespaces_follow_the_folders()
    {
        var tests = Path.Combine(RepositoryPaths.Root, "tests", "Ollama.Net.Tests");
        var src = Path.Combine(RepositoryPaths.Root, "src", "Ollama.Net");
        string[] ownFolders = ["Infrastructure", "Spec"]; // shared test code; the copy of the spec's field list
        var wrong = new List<string>();
        foreach (var path in SourceFiles(Path.Combine("tests", "Ollama.Net.Tests")))
        {
            var folder = Path.GetRelativePath(tests, Path.GetDirectoryName(path)!).Replace('\\', '/');
            if (folder != "." && !ownFolders.Contains(folder) && !Directory.Exists(Path.Combine(src, folder)))
            {
                wrong.Add($"{Relative(path)}: src/Ollama.Net has no folder {folder}");
            }

            var expected = folder == "." ? "Ollama.Net.Tests" : "Ollama.Net.Tests." + folder.Replace('/', '.');
            var declared = Regex.Match(File.ReadAllText(path), @"^namespace\s+([\w.]+)\s*;", RegexOptions.Multiline).Groups[1].Value;
            if (declared != expected)
            {
                wrong.Add($"{Relative(path)}: namespace {declared}, expected {expected}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    internal static IEnumerable<string> SourceFiles(params string[] folders)
        => folders.SelectMany(folder => Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root, folder), "*.cs", SearchOption.AllDirectories))
            .Where(path => !Regex.IsMatch(path, @"[\\/](obj|bin|node_modules)[\\/]"));

    internal static string Relative(string path) => Path.GetRelativePath(RepositoryPaths.Root, path).Replace('\\', '/');

    [GeneratedRegex(@"\b(?:class|struct|interface|record)\s+(?<name>[A-Z]\w*)\s*<(?<parameters>[^<>]+)>")]
    private static partial Regex GenericDeclaration();

    [GeneratedRegex(@"\[(?:Fact|Theory|LiveOllamaFact|NodeFact)\b[^\n]*\n(?:\s*\[[^\n]*\n)*\s*public\s+(?:async\s+)?(?:Task|void|ValueTask)\s+(?<name>\w+)\s*\(")]
    private static partial Regex TestMethod();
}
