using System.Diagnostics;

namespace Ollama.Net.Packaging.Tests;

/// <summary>
/// The path a NuGet user takes: a new console project outside this repository, a local package source holding the
/// packed packages, package references by version, restore, build and run (a streaming chat, embeddings with cosine
/// similarity and the Microsoft.Extensions.AI adapter against <c>OllamaTestServer</c>). The restore uses a package
/// folder of its own, so a stale copy of the packages from an earlier run cannot stand in for the ones just packed.
/// </summary>
public sealed class ConsumerProjectTests
{
    [Fact]
    public void A_new_console_project_restores_builds_and_runs_from_the_packages()
    {
        var folder = Directory.CreateTempSubdirectory("ollama-net-consumer-").FullName;
        try
        {
            WriteProject(folder);

            var output = Dotnet(folder, "run", "--configuration", "Release");

            Assert.Contains("chat: Hello from a package!", output);
            Assert.Contains("cosine: ordered", output);
            Assert.Contains("meai: Hi through IChatClient.", output);
            Assert.Contains("consumer: ok", output);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void WriteProject(string folder)
    {
        var version = PackageFolder.Version;
        File.WriteAllText(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Path.Combine(folder, "packages")}" />
              </config>
              <packageSources>
                <clear />
                <add key="local" value="{PackageFolder.Path_}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
              </packageSources>
              <packageSourceMapping>
                <packageSource key="local">
                  <package pattern="Ollama.Net" />
                  <package pattern="Ollama.Net.*" />
                </packageSource>
                <packageSource key="nuget.org">
                  <package pattern="*" />
                </packageSource>
              </packageSourceMapping>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(folder, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Ollama.Net" Version="{version}" />
                <PackageReference Include="Ollama.Net.Extensions.AI" Version="{version}" />
                <PackageReference Include="Ollama.Net.Testing" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Consumer", "Program.cs.txt"), Path.Combine(folder, "Program.cs"));
    }

    private static string Dotnet(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host's own MSBuild settings must not leak into the child build.
        foreach (var name in new[] { "MSBuildSDKsPath", "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "DOTNET_HOST_PATH" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish in 10 minutes.");
        }

        var output = stdout.Result + stderr.Result;
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{output}");
        return output;
    }
}
