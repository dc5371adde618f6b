namespace Ollama.Net.TestServer.Tool.Tests;

/// <summary>Files of the repository the tests read (the tool's README, schema and the Node test).</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string ToolProject => Path.Combine(Root, "src", "Ollama.Net.TestServer.Tool");

    public static string Read(params string[] parts) => File.ReadAllText(Path.Combine([Root, .. parts]));

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
}
