using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Ollama.Net.TestServer.Tool.Tests;

/// <summary>
/// <c>ollama-test-server</c> run as a separate process (<c>dotnet ollama-test-server.dll</c>, copied next to the tests by
/// the project reference): started, its <c>Listening on</c> line read for the address, stopped with a signal.
/// Also linked into Ollama.Net.Interop.Tests.
/// </summary>
internal sealed partial class ToolProcess : IAsyncDisposable
{
    /// <summary>A hang guard for the start and the stop of the process (a loaded machine starts .NET slowly); never a timing assertion.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource<string> _address = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ToolProcess(Process process) => _process = process;

    /// <summary>The tool's assembly next to the tests.</summary>
    public static string ToolPath { get; } = Path.Combine(AppContext.BaseDirectory, "ollama-test-server.dll");

    /// <summary>The dotnet host that runs the tests, to run the tool with.</summary>
    public static string DotnetHost { get; } = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    /// <summary>The address it printed (<c>http://127.0.0.1:PORT</c>).</summary>
    public Uri Endpoint { get; private set; } = null!;

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>A process of the tool with these arguments, started; use <see cref="StartAsync"/> to wait for its address.</summary>
    public static ToolProcess Run(params string[] args)
    {
        var start = new ProcessStartInfo(DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add(ToolPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var tool = new ToolProcess(process);
        process.OutputDataReceived += (_, e) => tool.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            lock (tool._stderr)
            {
                tool._stderr.AppendLine(e.Data);
            }
        };
        process.Exited += (_, _) => tool._address.TrySetException(new InvalidOperationException("exited before listening"));
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return tool;
    }

    /// <summary>Starts the tool (add <c>--port 0</c>) and waits for its <c>Listening on</c> line.</summary>
    public static async Task<ToolProcess> StartAsync(params string[] args)
    {
        var tool = Run(args);
        try
        {
            tool.Endpoint = new Uri(await tool._address.Task.WaitAsync(Bound));
            return tool;
        }
        catch (Exception ex)
        {
            await tool.DisposeAsync();
            throw new InvalidOperationException($"ollama-test-server did not start ({ex.Message}). stdout: {tool.Stdout} stderr: {tool.Stderr}", ex);
        }
    }

    /// <summary>Waits for the process to end by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(Bound);
        _process.WaitForExit(); // the redirected output is complete only after this
        return _process.ExitCode;
    }

    /// <summary>Sends a POSIX signal (SIGINT = 2, SIGTERM = 15) and returns the exit code.</summary>
    public Task<int> StopAsync(int signal)
    {
        if (Kill(_process.Id, signal) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }

        return WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void OnOutput(string? line)
    {
        lock (_stdout)
        {
            _stdout.AppendLine(line);
        }

        const string prefix = "Listening on ";
        if (line is not null && line.StartsWith(prefix, StringComparison.Ordinal))
        {
            _address.TrySetResult(line[prefix.Length..].Trim());
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
