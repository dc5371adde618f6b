using System.Text;
using System.Text.Json;

namespace Ollama.Net.TestServer.Tool.Tests;

/// <summary>The NDJSON request log (<c>--request-log</c>).</summary>
public class RequestLogTests
{
    [Fact]
    public async Task Every_request_is_one_json_line_with_its_status_once_its_response_ends()
    {
        var path = Path.Combine(Path.GetTempPath(), $"requests-{Guid.NewGuid():N}.ndjson");
        await using (var tool = await ControlApiTests.StartAsync(requestLog: path))
        {
            using var http = ControlApiTests.Client(tool);
            await ControlApiTests.ChatAsync(http, "m", "logged");
            await http.GetAsync("/api/tags");
            await http.PostAsync("/api/generate", new StringContent("""{"model":"m","prompt":"x"}"""));
            await http.GetAsync("/_test/state");
        }

        var lines = File.ReadAllLines(path, Encoding.UTF8).Select(l => JsonDocument.Parse(l).RootElement).OrderBy(l => l.GetProperty("index").GetInt32()).ToList();

        Assert.Equal(3, lines.Count);
        Assert.Equal(["/api/chat", "/api/tags", "/api/generate"], lines.Select(l => l.GetProperty("path").GetString()));
        Assert.Equal([200, 200, 503], lines.Select(l => l.GetProperty("status").GetInt32()));
        Assert.Equal("logged", lines[0].GetProperty("body").GetProperty("messages")[0].GetProperty("content").GetString());
        Assert.Equal("GET", lines[1].GetProperty("method").GetString());
        Assert.StartsWith("respond 503", lines[2].GetProperty("fault").GetString());
        Assert.All(lines, l => Assert.True(l.GetProperty("completed").GetBoolean()));
        Assert.All(lines, l => Assert.Contains("Host", l.GetProperty("headers").EnumerateObject().Select(h => h.Name)));
    }

    [Fact]
    public async Task A_line_is_written_and_flushed_while_the_server_runs()
    {
        var path = Path.Combine(Path.GetTempPath(), $"requests-{Guid.NewGuid():N}.ndjson");
        await using var tool = await ControlApiTests.StartAsync(requestLog: path);
        using var http = ControlApiTests.Client(tool);

        await http.GetAsync("/api/version");
        var line = await ReadFirstLineAsync(path);

        Assert.Equal("/api/version", JsonDocument.Parse(line).RootElement.GetProperty("path").GetString());
    }

    private static async Task<string> ReadFirstLineAsync(string path)
    {
        using var bound = new CancellationTokenSource(ToolProcess.Bound);
        while (true)
        {
            await using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
            using (var reader = new StreamReader(stream))
            {
                if (await reader.ReadLineAsync(bound.Token) is { Length: > 0 } line)
                {
                    return line;
                }
            }

            await Task.Delay(10, bound.Token);
        }
    }
}
