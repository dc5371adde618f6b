namespace Ollama.Net.Readme.Tests;

/// <summary>Finds the repository root (the folder of Ollama.Net.sln) above the test's output folder.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ollama.Net.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Ollama.Net.sln not found above " + AppContext.BaseDirectory);
    }
}
