namespace Ollama.Net.TestServer.Tool.Tests;

/// <summary>A fact that sends POSIX signals: skipped on Windows, which has none.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "Sends SIGINT/SIGTERM, which Windows does not have.";
        }
    }
}
