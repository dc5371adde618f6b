using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace Ollama.Net.Packaging.Tests;

/// <summary>
/// The <c>ollama-test-server</c> dotnet tool package: what <c>dotnet tool install</c> needs (the DotnetTool package type,
/// DotnetToolSettings.xml naming the command and its entry point, every assembly it loads, a runtimeconfig asking for
/// ASP.NET Core) and what its users read (the README and the scenario schema at the package root).
/// </summary>
public class ToolPackageTests
{
    private const string ToolFolder = "tools/net10.0/any/";

    [Fact]
    public void It_is_a_DotnetTool_package_whose_settings_name_the_command_and_its_entry_point()
    {
        using var package = new Package(PackageFolder.Nupkg(PackageFolder.ToolId));

        var types = package.Metadata.Element(package.Ns + "packageTypes")?.Elements(package.Ns + "packageType").Select(t => (string?)t.Attribute("name")).ToList();
        Assert.Equal(["DotnetTool"], types);

        var settings = XDocument.Load(new MemoryStream(package.Read(ToolFolder + "DotnetToolSettings.xml")));
        var command = Assert.Single(settings.Descendants("Command"));
        Assert.Equal(PackageFolder.ToolCommand, (string?)command.Attribute("Name"));
        Assert.Equal($"{PackageFolder.ToolCommand}.dll", (string?)command.Attribute("EntryPoint"));
        Assert.Equal("dotnet", (string?)command.Attribute("Runner"));
    }

    [Fact]
    public void It_holds_the_tool_its_dependencies_a_runtimeconfig_for_aspnetcore_and_nothing_else()
    {
        using var package = new Package(PackageFolder.Nupkg(PackageFolder.ToolId));

        var tool = package.Entries.Where(e => e.StartsWith(ToolFolder, StringComparison.Ordinal)).Select(e => e[ToolFolder.Length..]).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            [
                "DotnetToolSettings.xml", "Ollama.Net.Testing.dll", "Ollama.Net.Testing.pdb", "System.CommandLine.dll",
                $"{PackageFolder.ToolCommand}.deps.json", $"{PackageFolder.ToolCommand}.dll", $"{PackageFolder.ToolCommand}.pdb",
                $"{PackageFolder.ToolCommand}.runtimeconfig.json",
            ],
            tool);

        using var config = JsonDocument.Parse(package.Read(ToolFolder + PackageFolder.ToolCommand + ".runtimeconfig.json"));
        var frameworks = config.RootElement.GetProperty("runtimeOptions").GetProperty("frameworks").EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList();
        Assert.Contains("Microsoft.AspNetCore.App", frameworks);
        Assert.Empty(package.Metadata.Element(package.Ns + "dependencies")?.Descendants(package.Ns + "dependency") ?? []);
    }

    [Fact]
    public void The_readme_and_the_scenario_schema_are_at_the_root_as_in_the_repository()
    {
        using var package = new Package(PackageFolder.Nupkg(PackageFolder.ToolId));
        var project = Path.Combine(PackageFolder.RepositoryRoot, "src", PackageFolder.ToolId);

        Assert.Equal(File.ReadAllBytes(Path.Combine(project, "ollama-test-server.schema.json")), package.Read("ollama-test-server.schema.json"));
        var readme = Encoding.UTF8.GetString(package.Read("README.md"));
        Assert.Contains($"dotnet tool install --global {PackageFolder.ToolId}", readme);
        Assert.Contains("/_test/", readme);
    }
}
