using System.Reflection;
using System.Runtime.InteropServices;

namespace Ollama.Net.Internal;

/// <summary>The default <c>User-Agent</c>: <c>Ollama.Net/&lt;version&gt; (.NET &lt;version&gt;; &lt;os&gt; &lt;arch&gt;)</c>.</summary>
internal static class UserAgent
{
    // Order matters: Build() reads LibraryVersion.
    public static string LibraryVersion { get; } = GetLibraryVersion();

    public static string Default { get; } = Build();

    private static string Build()
    {
        var os = OperatingSystem.IsWindows() ? "Windows"
            : OperatingSystem.IsMacOS() ? "macOS"
            : OperatingSystem.IsLinux() ? "Linux"
            : OperatingSystem.IsFreeBSD() ? "FreeBSD"
            : OperatingSystem.IsAndroid() ? "Android"
            : OperatingSystem.IsIOS() ? "iOS"
            : "Unknown";
        var arch = RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant();
        return $"Ollama.Net/{LibraryVersion} (.NET {Environment.Version}; {os} {arch})";
    }

    private static string GetLibraryVersion()
    {
        var assembly = typeof(UserAgent).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (!string.IsNullOrEmpty(informational))
        {
            var plus = informational.IndexOf('+', StringComparison.Ordinal);
            return plus >= 0 ? informational[..plus] : informational;
        }

        return assembly.GetName().Version?.ToString(3) ?? "0.0.0";
    }
}
