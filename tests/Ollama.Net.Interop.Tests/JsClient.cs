using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Ollama.Net.Interop.Tests;

/// <summary>
/// Runs one scenario of the official JavaScript client (npm package <c>ollama</c>, pinned in js/package-lock.json):
/// <c>node js/&lt;scenario&gt;.mjs &lt;endpoint&gt; [args]</c>, which prints one JSON line.
/// </summary>
internal static class JsClient
{
    /// <summary>A hang guard for one node process (start-up included); not a timing assertion.</summary>
    private static readonly TimeSpan ProcessBound = TimeSpan.FromSeconds(9);

    public static string ScriptsDirectory { get; } =
        typeof(JsClient).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "JsScriptsDirectory").Value!;

    /// <summary>The full path of <c>node</c> on the PATH, or null.</summary>
    public static string? FindNode()
    {
        var names = OperatingSystem.IsWindows() ? new[] { "node.exe", "node.cmd" } : ["node"];
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var name in names)
            {
                var candidate = Path.Combine(dir, name);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>Runs the scenario and returns its result object (<c>{"ok":true,"result":...}</c> or <c>{"ok":false,"error":...}</c>).</summary>
    public static async Task<JsonElement> RunAsync(string scenario, Uri endpoint, params string[] args) =>
        (await RunWithStderrAsync(scenario, endpoint, args)).Output;

    /// <summary>Runs the scenario; also returns what the client wrote on stderr (its warnings).</summary>
    public static async Task<(JsonElement Output, string Stderr)> RunWithStderrAsync(string scenario, Uri endpoint, params string[] args)
    {
        var node = FindNode() ?? throw new InvalidOperationException("node is not on the PATH (the test should have been skipped).");
        var package = Path.Combine(ScriptsDirectory, "node_modules", "ollama", "package.json");
        if (!File.Exists(package))
        {
            Assert.Fail(
                $"The JavaScript client is not installed: {package} is missing. Run `npm ci --prefix tests/Ollama.Net.Interop.Tests/js` " +
                "from the repository root (.ci/run does this before the tests).");
        }

        var start = new ProcessStartInfo(node)
        {
            WorkingDirectory = ScriptsDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(Path.Combine(ScriptsDirectory, scenario + ".mjs"));
        start.ArgumentList.Add(endpoint.ToString());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Remove("OLLAMA_HOST");
        start.Environment.Remove("OLLAMA_API_KEY");
        start.Environment["NO_COLOR"] = "1";

        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(ProcessBound);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"node {scenario}.mjs hung (killed after the {ProcessBound} hang guard). stderr: {await stderr}");
        }

        var output = await stdout;
        var errors = await stderr;
        if (process.ExitCode != 0)
        {
            Assert.Fail($"node {scenario}.mjs exited with {process.ExitCode}. stderr: {errors} stdout: {output}");
        }

        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        if (line is null)
        {
            Assert.Fail($"node {scenario}.mjs printed nothing. stderr: {errors}");
        }

        using var doc = JsonDocument.Parse(line);
        return (doc.RootElement.Clone(), errors);
    }

    /// <summary>The <c>result</c> of a run that must have succeeded.</summary>
    public static JsonElement Result(this JsonElement run)
    {
        Assert.True(run.GetProperty("ok").GetBoolean(), $"the JavaScript client failed: {run}");
        return run.GetProperty("result");
    }

    /// <summary>The <c>error</c> of a run that must have failed.</summary>
    public static JsonElement Error(this JsonElement run)
    {
        Assert.False(run.GetProperty("ok").GetBoolean(), $"the JavaScript client should have failed: {run}");
        return run.GetProperty("error");
    }

    public static string? Str(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static long? Long(this JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : null;
}
