using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text;
using System.Xml.Linq;

namespace Ollama.Net.Packaging.Tests;

/// <summary>
/// Opens each package made by <c>dotnet pack</c> and checks what a consumer gets: metadata (id, version, licence
/// expression, readme, repository commit), the assembly and its XML docs, dependencies pinned to the central versions,
/// and a symbol package whose portable PDB matches the assembly (deterministic build, embedded untracked sources,
/// SourceLink when the repository has a hosted remote).
/// </summary>
public class PackageContentTests
{
    private const string Tfm = "net10.0";

    // Custom debug information kinds of portable PDBs.
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");
    private static readonly Guid EmbeddedSourceKind = new("0E8A571B-6926-466E-B4AD-8AB04611F5FE");

    /// <summary>Test, sample and benchmark tools: never a dependency of a shipped package.</summary>
    private static readonly string[] ForbiddenDependencies =
        ["xunit", "xunit.runner.visualstudio", "Microsoft.NET.Test.Sdk", "CsCheck", "OllamaSharp", "BenchmarkDotNet", "Spectre.Console", "System.CommandLine", "Ollama.Net.Testing"];

    public static TheoryData<string> Ids() => [.. PackageFolder.PackageIds];

    public static TheoryData<string> LibraryIds() => [.. PackageFolder.LibraryIds];

    private static Dictionary<string, string> CentralVersions()
        => XDocument.Load(Path.Combine(PackageFolder.RepositoryRoot, "Directory.Packages.props"))
            .Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => (string)e.Attribute("Version")!, StringComparer.OrdinalIgnoreCase);

    private static List<(string Id, string Version)> Dependencies(Package package)
    {
        var groups = package.Metadata.Element(package.Ns + "dependencies")?.Elements(package.Ns + "group").ToList() ?? [];
        Assert.All(groups, g => Assert.Equal(Tfm, (string?)g.Attribute("targetFramework")));
        return [.. groups.SelectMany(g => g.Elements(package.Ns + "dependency")).Select(d => ((string)d.Attribute("id")!, (string)d.Attribute("version")!))];
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void The_nuspec_has_id_version_licence_readme_description_and_repository_commit(string id)
    {
        using var package = new Package(PackageFolder.Nupkg(id));

        Assert.Equal(id, package.Meta("id"));
        Assert.Equal(PackageFolder.Version, package.Meta("version"));
        var license = package.Metadata.Element(package.Ns + "license");
        Assert.NotNull(license);
        Assert.Equal("expression", (string?)license!.Attribute("type"));
        Assert.Equal("MIT", license.Value);
        Assert.Equal("README.md", package.Meta("readme"));
        Assert.False(string.IsNullOrWhiteSpace(package.Meta("description")));
        Assert.False(string.IsNullOrWhiteSpace(package.Meta("authors")));
        Assert.Contains("ollama", package.Meta("tags") ?? string.Empty);

        // The commit comes from SourceLink's git provider: proof that it ran at pack time.
        var repository = package.Metadata.Element(package.Ns + "repository");
        Assert.NotNull(repository);
        Assert.Equal("git", (string?)repository!.Attribute("type"));
        Assert.Matches("^[0-9a-f]{40}$", (string?)repository.Attribute("commit") ?? string.Empty);
    }

    [Theory]
    [MemberData(nameof(LibraryIds))]
    public void The_package_holds_exactly_the_assembly_its_xml_docs_and_the_readme(string id)
    {
        using var package = new Package(PackageFolder.Nupkg(id));

        var expected = new[] { $"lib/{Tfm}/{id}.dll", $"lib/{Tfm}/{id}.xml", "README.md", "icon.png", $"{id}.nuspec" };
        Assert.All(expected, e => Assert.Contains(e, package.Entries));
        var unexpected = package.Entries.Where(e => !expected.Contains(e)
            && e is not "_rels/.rels" and not "[Content_Types].xml"
            && !e.StartsWith("package/services/metadata/core-properties/", StringComparison.Ordinal)).ToList();
        Assert.True(unexpected.Count == 0, $"Unexpected files in {id}: {string.Join(", ", unexpected)}");

        var readme = Encoding.UTF8.GetString(package.Read("README.md"));
        Assert.Contains(id, readme);

        var docs = XDocument.Load(new MemoryStream(package.Read($"lib/{Tfm}/{id}.xml")));
        Assert.Equal(id, docs.Root?.Element("assembly")?.Element("name")?.Value);
        Assert.Contains(docs.Descendants("member"), m => ((string?)m.Attribute("name"))?.StartsWith("T:", StringComparison.Ordinal) == true);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void The_package_has_the_icon_and_the_changelog_section_of_its_version_as_release_notes(string id)
    {
        using var package = new Package(PackageFolder.Nupkg(id));

        Assert.Equal("icon.png", package.Meta("icon"));
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, package.Read("icon.png").AsSpan(0, 4).ToArray());

        var changelog = File.ReadAllText(Path.Combine(PackageFolder.RepositoryRoot, "CHANGELOG.md")).ReplaceLineEndings("\n");
        var start = changelog.IndexOf($"## {PackageFolder.Version} ", StringComparison.Ordinal);
        Assert.True(start >= 0, $"CHANGELOG.md has no '## {PackageFolder.Version}' section.");
        var end = changelog.IndexOf("\n## ", start, StringComparison.Ordinal);
        var section = (end < 0 ? changelog[start..] : changelog[start..end]).Trim();
        Assert.Equal(section, package.Meta("releaseNotes")?.ReplaceLineEndings("\n").Trim());
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void The_package_invents_no_project_or_repository_address(string id)
    {
        using var package = new Package(PackageFolder.Nupkg(id));

        // No public repository exists yet: an address would lead users nowhere. SourceLink adds the url only when the
        // clone has a hosted remote, and then it is real.
        Assert.Null(package.Meta("projectUrl"));
        var url = (string?)package.Metadata.Element(package.Ns + "repository")?.Attribute("url");
        Assert.True(url is null || HasHostedRemote(), $"{id} names the repository {url}, but this clone has no hosted remote.");
    }

    private static bool HasHostedRemote()
    {
        var config = Path.Combine(PackageFolder.RepositoryRoot, ".git", "config");
        return File.Exists(config) && File.ReadAllText(config).Contains("url = http", StringComparison.Ordinal);
    }

    [Fact]
    public void The_xml_docs_document_the_main_public_types()
    {
        using var core = new Package(PackageFolder.Nupkg("Ollama.Net"));
        using var testing = new Package(PackageFolder.Nupkg("Ollama.Net.Testing"));
        var coreDocs = Encoding.UTF8.GetString(core.Read($"lib/{Tfm}/Ollama.Net.xml"));
        var testingDocs = Encoding.UTF8.GetString(testing.Read($"lib/{Tfm}/Ollama.Net.Testing.xml"));

        Assert.Contains("\"T:Ollama.Net.OllamaClient\"", coreDocs);
        Assert.Contains("\"M:Ollama.Net.OllamaClient.ChatStreamingAsync(Ollama.Net.ChatRequest,System.Threading.CancellationToken)\"", coreDocs);
        Assert.Contains("\"T:Ollama.Net.Numerics.EmbeddingIndex`1\"", coreDocs);
        Assert.Contains("\"T:Ollama.Net.Testing.OllamaTestServer\"", testingDocs);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Dependencies_are_pinned_to_the_central_versions_and_include_no_test_tools(string id)
    {
        using var package = new Package(PackageFolder.Nupkg(id));
        var central = CentralVersions();

        foreach (var (dependency, version) in Dependencies(package))
        {
            Assert.DoesNotContain(dependency, ForbiddenDependencies);
            if (dependency == "Ollama.Net")
            {
                Assert.Equal(PackageFolder.Version, version);
            }
            else
            {
                Assert.True(central.TryGetValue(dependency, out var pinned), $"{id} depends on {dependency}, which Directory.Packages.props does not pin.");
                Assert.Equal(pinned, version);
            }
        }
    }

    [Fact]
    public void Each_package_depends_on_what_its_code_needs()
    {
        using var core = new Package(PackageFolder.Nupkg("Ollama.Net"));
        using var ai = new Package(PackageFolder.Nupkg("Ollama.Net.Extensions.AI"));
        using var testing = new Package(PackageFolder.Nupkg("Ollama.Net.Testing"));

        var coreIds = Dependencies(core).Select(d => d.Id).ToList();
        Assert.Contains("System.Numerics.Tensors", coreIds);
        Assert.Contains("Microsoft.Extensions.Http", coreIds);
        Assert.DoesNotContain(coreIds, d => d.StartsWith("Microsoft.Extensions.AI", StringComparison.Ordinal));

        var aiIds = Dependencies(ai).Select(d => d.Id).ToList();
        Assert.Contains("Ollama.Net", aiIds);
        Assert.Contains("Microsoft.Extensions.AI.Abstractions", aiIds);

        using var vectorData = new Package(PackageFolder.Nupkg("Ollama.Net.VectorData"));
        var vectorDataIds = Dependencies(vectorData).Select(d => d.Id).ToList();
        Assert.Contains("Ollama.Net", vectorDataIds);
        Assert.Contains(("Microsoft.Extensions.VectorData.Abstractions", "10.11.0"), Dependencies(vectorData));

        // The test server needs ASP.NET Core as a shared framework, not as packages.
        var frameworks = testing.Metadata.Element(testing.Ns + "frameworkReferences")?.Descendants(testing.Ns + "frameworkReference")
            .Select(f => (string?)f.Attribute("name")).ToList() ?? [];
        Assert.Contains("Microsoft.AspNetCore.App", frameworks);
        Assert.DoesNotContain(Dependencies(testing), d => d.Id.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void The_symbol_package_has_the_portable_pdb_of_the_deterministic_assembly(string id)
    {
        using var package = new Package(PackageFolder.Nupkg(id));
        using var symbols = new Package(PackageFolder.Snupkg(id));
        var assembly = PackageFolder.AssemblyEntry(id);
        Assert.Contains($"{assembly}.pdb", symbols.Entries);
        Assert.DoesNotContain(symbols.Entries, e => e.EndsWith(".dll", StringComparison.Ordinal));

        using var pe = new PEReader(new MemoryStream(package.Read($"{assembly}.dll")));
        var debug = pe.ReadDebugDirectory();
        Assert.Contains(debug, d => d.Type == DebugDirectoryEntryType.Reproducible); // built with Deterministic=true
        var codeView = pe.ReadCodeViewDebugDirectoryData(debug.Single(d => d.Type == DebugDirectoryEntryType.CodeView));
        Assert.EndsWith($"{Path.GetFileName(assembly)}.pdb", codeView.Path.Replace('\\', '/'));

        using var pdbProvider = MetadataReaderProvider.FromPortablePdbStream(new MemoryStream(symbols.Read($"{assembly}.pdb")));
        var pdb = pdbProvider.GetMetadataReader();
        var pdbId = new BlobContentId(pdb.DebugMetadataHeader!.Id);
        Assert.Equal(codeView.Guid, pdbId.Guid); // the PDB belongs to exactly this assembly
        Assert.NotEmpty(pdb.Documents);

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            // ContinuousIntegrationBuild maps source paths to /_/ so that builds are the same on every machine.
            var names = pdb.Documents.Select(h => pdb.GetString(pdb.GetDocument(h).Name)).ToList();
            Assert.All(names, n => Assert.StartsWith("/_/", n.Replace('\\', '/')));
        }
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void The_pdb_embeds_untracked_sources_and_carries_SourceLink_when_the_repository_has_a_hosted_remote(string id)
    {
        using var package = new Package(PackageFolder.Nupkg(id));
        using var symbols = new Package(PackageFolder.Snupkg(id));
        using var pdbProvider = MetadataReaderProvider.FromPortablePdbStream(new MemoryStream(symbols.Read($"{PackageFolder.AssemblyEntry(id)}.pdb")));
        var pdb = pdbProvider.GetMetadataReader();
        var kinds = pdb.CustomDebugInformation.Select(h => pdb.GetGuid(pdb.GetCustomDebugInformation(h).Kind)).ToList();

        // EmbedUntrackedSources: generated files (assembly info, source generators) are inside the PDB.
        Assert.Contains(EmbeddedSourceKind, kinds);

        // SourceLink maps the other documents to the hosted repository: it can only do so when there is one (a clone
        // whose origin is a local folder has no URL to map to, and then neither the nuspec nor the PDB names one).
        var repositoryUrl = (string?)package.Metadata.Element(package.Ns + "repository")?.Attribute("url");
        if (repositoryUrl is not null && repositoryUrl.StartsWith("https://", StringComparison.Ordinal))
        {
            Assert.Contains(SourceLinkKind, kinds);
        }
    }
}
