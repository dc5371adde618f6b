using System.Diagnostics;
using System.Xml.Linq;

namespace Ollama.Net.Packaging.Tests;

/// <summary>
/// Finds the packages to inspect. CI (<c>CI=true</c>) packs into <c>artifacts/packages</c> before the tests and a missing
/// folder fails; locally, when the folder has no current packages, the src projects are packed into a temporary
/// folder once per run.
/// </summary>
internal static class PackageFolder
{
    /// <summary>The libraries: an assembly and its XML docs under lib/, a public API.</summary>
    public static readonly string[] LibraryIds = ["Ollama.Net", "Ollama.Net.Extensions.AI", "Ollama.Net.Testing", "Ollama.Net.VectorData"];

    /// <summary>The ollama-test-server dotnet tool: its assemblies under tools/, a command, no public API.</summary>
    public const string ToolId = "Ollama.Net.TestServer.Tool";

    /// <summary>The tool's command, also the name of its assembly.</summary>
    public const string ToolCommand = "ollama-test-server";

    public static readonly string[] PackageIds = [.. LibraryIds, ToolId];

    private static readonly Lazy<string> s_folder = new(Locate, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The package version the build sets (Directory.Build.props).</summary>
    public static string Version { get; } =
        XDocument.Load(Path.Combine(RepositoryRoot, "Directory.Build.props")).Descendants("Version").First().Value.Trim();

    public static string Path_ => s_folder.Value;

    public static string Nupkg(string id) => Path.Combine(s_folder.Value, $"{id}.{Version}.nupkg");

    public static string Snupkg(string id) => Path.Combine(s_folder.Value, $"{id}.{Version}.snupkg");

    /// <summary>Where a package keeps its own assembly, without the extension (<c>lib/net10.0/Ollama.Net</c>).</summary>
    public static string AssemblyEntry(string id) =>
        id == ToolId ? $"tools/net10.0/any/{ToolCommand}" : $"lib/net10.0/{id}";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ollama.Net.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Ollama.Net.sln not found above {AppContext.BaseDirectory}.");
    }

    private static bool HasCurrentPackages(string folder)
        => PackageIds.All(id => File.Exists(Path.Combine(folder, $"{id}.{Version}.nupkg")) && File.Exists(Path.Combine(folder, $"{id}.{Version}.snupkg")));

    private static string Locate()
    {
        var artifacts = Path.Combine(RepositoryRoot, "artifacts", "packages");
        if (HasCurrentPackages(artifacts))
        {
            return artifacts;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"{artifacts} does not hold the {Version} packages of {string.Join(", ", PackageIds)}. In CI, .ci/run must run " +
                "'dotnet pack Ollama.Net.sln -c Release --no-build -o artifacts/packages' before the tests.");
        }

        var temp = Directory.CreateTempSubdirectory("ollama-net-packages-").FullName;
        foreach (var id in PackageIds)
        {
            Pack(Path.Combine(RepositoryRoot, "src", id, id + ".csproj"), temp);
        }

        return temp;
    }

    private static void Pack(string project, string output)
    {
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "pack", project, "-c", configuration, "-o", output, "--nologo" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet pack {project} did not finish in 10 minutes.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet pack {project} failed ({process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
        }
    }
}
