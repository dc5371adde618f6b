using System.Diagnostics;
using System.Text;
using Ollama.Net.TestServer.Tool.Tests;
using OllamaSharp;
using OllamaSharp.Models.Chat;

namespace Ollama.Net.Interop.Tests;

/// <summary>
/// <c>ollama-test-server</c> as a separate process, driven by foreign clients: the official JavaScript client through
/// js/tool.test.mjs (a node:test file that starts the tool itself, shown in the tool's README), and OllamaSharp, scripted
/// through the control API, a scenario file and the command line.
/// </summary>
public class ToolProcessTests
{
    private const string Model = "qwen2.5:0.5b";

    private static OllamaApiClient Client(ToolProcess tool) =>
        new(new HttpClient { BaseAddress = tool.Endpoint, Timeout = Script.Bound }, Model);

    private static async Task<(List<ChatResponseStream?> Chunks, Exception? Error)> ChatAsync(OllamaApiClient client, bool tools = false)
    {
        var chunks = new List<ChatResponseStream?>();
        var request = new ChatRequest
        {
            Model = Model,
            Messages = [new Message(ChatRole.User, "Weather in Tokyo?")],
            Tools = tools ? [new Tool { Function = new Function { Name = "get_weather", Description = "Gets the weather." } }] : null,
        };
        try
        {
            await using var e = client.ChatAsync(request).GetAsyncEnumerator();
            while (await e.MoveNextAsync().AsTask().WaitAsync(Script.Bound))
            {
                chunks.Add(e.Current);
            }
        }
        catch (Exception ex) when (ex is not TimeoutException)
        {
            return (chunks, ex);
        }

        return (chunks, null);
    }

    [NodeFact]
    public async Task The_node_test_starts_the_tool_and_passes_with_the_official_javascript_client()
    {
        var start = new ProcessStartInfo(JsClient.FindNode()!)
        {
            WorkingDirectory = JsClient.ScriptsDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        start.ArgumentList.Add("--test");
        start.ArgumentList.Add("tool.test.mjs");
        start.Environment["OLLAMA_TEST_SERVER"] = ToolProcess.ToolPath;
        start.Environment["NO_COLOR"] = "1";

        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        try
        {
            await node.WaitForExitAsync().WaitAsync(ToolProcess.Bound * 2);
        }
        finally
        {
            if (!node.HasExited)
            {
                node.Kill(entireProcessTree: true);
            }
        }

        var output = await stdout;
        Assert.True(node.ExitCode == 0, $"node --test tool.test.mjs exited with {node.ExitCode}.\n{output}\n{await stderr}");
        Assert.Contains("# pass 3", output);
        Assert.Contains("# fail 0", output);
        Assert.Contains("ok 2 - makes a tool call", output);
    }

    [Fact]
    public async Task OllamaSharp_streams_a_reply_scripted_through_the_control_api()
    {
        await using var tool = await ToolProcess.StartAsync("--port", "0");
        using var http = new HttpClient { BaseAddress = tool.Endpoint, Timeout = Script.Bound };
        using var scripted = await http.PostAsync("/_test/replies", new StringContent(
            $$"""{"model":"{{Model}}","content":"{{Script.Content}}","chunk_size":3,"prompt_eval_count":{{Script.PromptEvalCount}},"eval_count":{{Script.EvalCount}}}"""));
        using var client = Client(tool);

        var (chunks, error) = await ChatAsync(client);

        Assert.Equal(System.Net.HttpStatusCode.OK, scripted.StatusCode);
        Assert.Null(error);
        Assert.Equal([.. Script.ContentChunks, ""], chunks.Select(c => c!.Message.Content));
        var done = Assert.IsType<ChatDoneResponseStream>(chunks[^1]);
        Assert.Equal((Script.PromptEvalCount, Script.EvalCount, "stop"), (done.PromptEvalCount, done.EvalCount, done.DoneReason));
    }

    [Fact]
    public async Task OllamaSharp_sees_a_tool_call_scripted_in_a_scenario_file()
    {
        var scenario = Path.Combine(Path.GetTempPath(), $"scenario-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(scenario, $$"""
            {
              "preset": "empty",
              "models": [{ "name": "{{Model}}", "capabilities": ["completion", "tools"] }],
              "replies": [{ "model": "{{Model}}", "tool_calls": [{ "name": "get_weather", "arguments": { "city": "Tokyo", "days": 2 }, "id": "call_tokyo" }] }]
            }
            """);
        await using var tool = await ToolProcess.StartAsync("--port", "0", "--scenario", scenario);
        using var client = Client(tool);

        var (chunks, error) = await ChatAsync(client, tools: true);

        Assert.Null(error);
        var call = Assert.Single(chunks.SelectMany(c => c?.Message.ToolCalls ?? []));
        Assert.Equal("call_tokyo", call.Id);
        Assert.Equal("get_weather", call.Function!.Name);
        Assert.Equal("Tokyo", call.Function.Arguments!["city"]?.ToString());
        Assert.Equal("2", call.Function.Arguments["days"]?.ToString());
    }

    [Fact]
    public async Task OllamaSharp_sees_a_fault_given_on_the_command_line()
    {
        await using var tool = await ToolProcess.StartAsync(
            "--port", "0", "--preset", "empty", "--model", Model, "--fault", "path=/api/chat,cut_after_chunks=2,once=true");
        using var client = Client(tool);

        var (cut, cutError) = await ChatAsync(client);
        var (whole, wholeError) = await ChatAsync(client);

        Assert.Equal(2, cut.Count);
        Assert.IsType<HttpIOException>(cutError);
        Assert.Null(wholeError);
        Assert.True(whole[^1]!.Done);
        Assert.Equal("Weather in Tokyo?", string.Concat(whole.Select(c => c!.Message.Content)));
    }
}
