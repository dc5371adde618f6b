using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Ollama.Net.Testing;
using Xunit;

namespace Ollama.Net.Readme.Tests.Packages;

// The C# blocks of src/Ollama.Net.Testing/README.md, checked and run by PackageReadmeTests. The README's xunit class
// is a region at namespace level, so its tests run with the others (against WeatherBot, the "code under test").
internal static class TestingPackageSnippets
{
    public static async Task<HttpResponseMessage> RawJson(OllamaTestServer server)
    {
        #region snippet:testing-raw
        using var http = new HttpClient { BaseAddress = server.Endpoint };
        var response = await http.PostAsJsonAsync("/api/chat", new
        {
            model = "qwen2.5:0.5b",
            stream = false,
            messages = new[] { new { role = "user", content = "hi" } },
        });
        #endregion
        return response;
    }

    public static async Task Offline()
    {
        #region snippet:testing-offline
        await using var server = await OllamaTestServer.StartAsync(OllamaTestServerOptions.Offline());
        Console.WriteLine($"No Ollama found; using a simulated server at {server.Endpoint} (answers are not real).");
        #endregion
    }

    public static async Task<ChatResult> Scheduler()
    {
        #region snippet:testing-scheduler
        var time = new FakeTimeProvider();                       // Microsoft.Extensions.TimeProvider.Testing
        await using var server = await OllamaTestServer.StartAsync(new OllamaTestServerOptions
        {
            TimeProvider = time,
            ModelLoadTime = TimeSpan.FromSeconds(5),             // each cold start, reload or load after an eviction
            MaxLoadedModels = 2,                                 // OLLAMA_MAX_LOADED_MODELS
            NumParallel = 1,                                     // OLLAMA_NUM_PARALLEL
            MaxQueue = 8,                                        // OLLAMA_MAX_QUEUE: more pending requests get 503
        });
        server.Models.Add(new TestModel("qwen2.5:0.5b"));
        using var client = new OllamaClient(server.Endpoint);

        Task<ChatResult> answer = client.ChatAsync(new ChatRequest("qwen2.5:0.5b", Message.User("Hi")));
        await server.WaitForStatisticsAsync(s => s.LoadingModel is not null);  // no sleeping: wait for state
        time.Advance(TimeSpan.FromSeconds(5));                   // the load completes
        ChatResult reply = await answer;                         // reply.LoadDuration is the 5 s the load took
        Console.WriteLine(server.Statistics.ModelLoads);         // 1: what a benchmark counts
        #endregion
        return reply;
    }
}

#region snippet:testing-xunit
public class WeatherBotTests
{
    [Fact]
    public async Task Bot_calls_the_weather_tool_and_reports_the_answer()
    {
        await using var server = await OllamaTestServer.StartAsync();
        server.Models.Add(new TestModel("qwen2.5:0.5b")
        {
            Capabilities = TestModelCapabilities.Completion | TestModelCapabilities.Tools,
        });

        // First the model asks for a tool, then it answers with the tool's result.
        server.Replies
            .Enqueue("qwen2.5:0.5b", new ScriptedReply
            {
                ToolCalls = [new ScriptedToolCall("get_weather", new JsonObject { ["city"] = "Tokyo" })],
            })
            .Enqueue("qwen2.5:0.5b", new ScriptedReply { Content = "It is 22 °C and sunny in Tokyo.", ChunkSize = 3 });

        var bot = new WeatherBot(server.Endpoint);                 // your code under test
        var answer = await bot.AskAsync("What's the weather in Tokyo?");

        Assert.Equal("It is 22 °C and sunny in Tokyo.", answer);

        // What did the bot send?
        Assert.Equal(2, server.Requests.Count(r => r.Path == "/api/chat"));
        var second = server.Requests.Last(r => r.Path == "/api/chat").Json!.Value;
        Assert.Equal("tool", second.GetProperty("messages")[2].GetProperty("role").GetString());
    }

    [Fact]
    public async Task Bot_reports_a_broken_stream()
    {
        await using var server = await OllamaTestServer.StartAsync();
        server.Models.Add(new TestModel("qwen2.5:0.5b"));
        server.Replies.Enqueue("qwen2.5:0.5b", new ScriptedReply { Content = "This answer will be cut.", ChunkSize = 2 });
        server.Faults.Next("/api/chat", Fault.CutAfterChunks(3));

        var bot = new WeatherBot(server.Endpoint);
        await Assert.ThrowsAnyAsync<Exception>(() => bot.AskAsync("Hi"));
    }
}
#endregion
