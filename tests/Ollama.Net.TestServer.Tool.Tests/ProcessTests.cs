using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace Ollama.Net.TestServer.Tool.Tests;

/// <summary>The tool as users run it: a separate process that prints its address and stops cleanly on a signal.</summary>
public class ProcessTests
{
    private const int SigInt = 2;
    private const int SigTerm = 15;

    [UnixFact]
    public async Task It_prints_its_address_serves_and_stops_on_SIGTERM_with_exit_code_0_and_a_complete_request_log()
    {
        var log = Path.Combine(Path.GetTempPath(), $"requests-{Guid.NewGuid():N}.ndjson");
        await using var tool = await ToolProcess.StartAsync("--port", "0", "--request-log", log);
        using var http = new HttpClient { BaseAddress = tool.Endpoint, Timeout = ToolProcess.Bound };

        using var reply = await http.PostAsync("/_test/replies", new StringContent("""{"model":"qwen2.5:0.5b","content":"Scripted."}"""));
        using var chat = await http.PostAsync("/api/chat", new StringContent("""{"model":"qwen2.5:0.5b","stream":false,"messages":[{"role":"user","content":"hi"}]}"""));
        var answer = JsonDocument.Parse(await chat.Content.ReadAsStringAsync()).RootElement;
        var code = await tool.StopAsync(SigTerm);

        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal("Scripted.", answer.GetProperty("message").GetProperty("content").GetString());
        Assert.Equal(0, code);
        Assert.Matches(@"^http://127\.0\.0\.1:\d+/$", tool.Endpoint.ToString());
        Assert.Contains("3 model(s) (qwen2.5:0.5b, qwen3:0.6b, all-minilm:latest)", tool.Stdout);
        Assert.EndsWith("Stopping.", tool.Stdout.TrimEnd());
        Assert.Equal(string.Empty, tool.Stderr.Trim());
        var line = Assert.Single(File.ReadAllLines(log, Encoding.UTF8));
        Assert.Equal("/api/chat", JsonDocument.Parse(line).RootElement.GetProperty("path").GetString());
    }

    [UnixFact]
    public async Task Ctrl_C_stops_it_with_exit_code_0()
    {
        await using var tool = await ToolProcess.StartAsync("--port", "0", "--preset", "empty");

        Assert.Equal(0, await tool.StopAsync(SigInt));
        Assert.EndsWith("Stopping.", tool.Stdout.TrimEnd());
    }

    [Fact]
    public async Task A_port_in_use_is_exit_code_1_with_the_reason_on_stderr()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        await using var tool = ToolProcess.Run("--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(1, await tool.WaitForExitAsync());
        Assert.StartsWith($"ollama-test-server: cannot serve on 127.0.0.1:{port}: ", tool.Stderr);
        Assert.DoesNotContain("Listening on", tool.Stdout);
    }

    [Fact]
    public async Task A_bad_scenario_file_is_exit_code_1_naming_its_line_and_field()
    {
        var path = Path.Combine(Path.GetTempPath(), $"scenario-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, "{\n  \"faults\": [{ \"path\": \"/api/chat\", \"cut_after_chunks\": \"3\" }]\n}\n");
        await using var tool = ToolProcess.Run("--scenario", path, "--port", "0");

        Assert.Equal(1, await tool.WaitForExitAsync());
        Assert.Equal($"ollama-test-server: {path}:2:57: faults[0].cut_after_chunks: expected an integer (32-bit), not \"3\"", tool.Stderr.Trim());
    }
}
