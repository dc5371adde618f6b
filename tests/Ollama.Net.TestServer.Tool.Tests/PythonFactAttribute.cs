namespace Ollama.Net.TestServer.Tool.Tests;

/// <summary>A fact that needs Python (to compile the README's pytest fixture): skipped when python3 is not on the PATH.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PythonFactAttribute : FactAttribute
{
    public PythonFactAttribute()
    {
        if (Python is null)
        {
            Skip = "python3 is not on the PATH.";
        }
    }

    /// <summary>The full path of python3 (or python), or null.</summary>
    public static string? Python { get; } =
        new[] { "python3", "python" }.SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
}
