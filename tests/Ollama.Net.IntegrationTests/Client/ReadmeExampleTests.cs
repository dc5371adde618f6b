// The usage example of src/Ollama.Net.Testing/README.md ("A test with xunit"), copied as written, so a change that
// breaks the example breaks the build. WeatherBot ("your code under test") is below, written on OllamaClient.
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ollama.Net.Testing;
using Xunit;

namespace Ollama.Net.IntegrationTests.Client.Readme;

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

    // "Without an Ollama client, talk to it with raw JSON".
    [Fact]
    public async Task Raw_json_snippet()
    {
        await using var server = await OllamaTestServer.StartAsync();
        server.Models.Add(new TestModel("qwen2.5:0.5b"));
        server.Replies.Enqueue("qwen2.5:0.5b", "Hello!");

        using var http = new HttpClient { BaseAddress = server.Endpoint };
        var response = await http.PostAsJsonAsync("/api/chat", new
        {
            model = "qwen2.5:0.5b",
            stream = false,
            messages = new[] { new { role = "user", content = "hi" } },
        });

        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("Hello!", body!["message"]!["content"]!.GetValue<string>());
    }

    // The offline-demo snippet.
    [Fact]
    public async Task Offline_snippet()
    {
        await using var server = await OllamaTestServer.StartAsync(OllamaTestServerOptions.Offline());
        Console.WriteLine($"No Ollama found; using a simulated server at {server.Endpoint} (answers are not real).");

        using var client = new OllamaClient(server.Endpoint);
        var names = (await client.ListModelsAsync().Within()).Models.Select(m => m.Name).Order();
        Assert.Equal(["all-minilm:latest", "qwen2.5:0.5b", "qwen3:0.6b"], names);
    }
}

/// <summary>The README's "code under test": a bot that answers weather questions with one tool.</summary>
public sealed class WeatherBot(Uri endpoint)
{
    private const string Model = "qwen2.5:0.5b";

    public async Task<string> AskAsync(string question)
    {
        using var client = new OllamaClient(new OllamaClientOptions { Endpoint = endpoint, UseEnvironmentVariables = false });
        var tool = Tool.FromType("get_weather", "Gets the current weather of a city.", ClientTestJson.Default.WeatherArgs);
        var request = new ChatRequest(Model, Message.User(question)) { Tools = [tool] };

        while (true)
        {
            var reply = await ReadAsync(client, request);
            if (reply.ToolCalls is not { Count: > 0 } calls)
            {
                return reply.Content;
            }

            request.Messages.Add(reply);
            foreach (var call in calls)
            {
                var city = call.GetArguments(ClientTestJson.Default.WeatherArgs).City;
                request.Messages.Add(Message.Tool($"22 °C and sunny in {city}", call.Function.Name, call.Id));
            }
        }
    }

    private static async Task<Message> ReadAsync(OllamaClient client, ChatRequest request)
    {
        var message = Message.Assistant(string.Empty);
        var text = new System.Text.StringBuilder();
        await foreach (var update in client.ChatStreamingAsync(request, Guard.Token()))
        {
            text.Append(update.Message.Content);
            if (update.Message.ToolCalls is { Count: > 0 } calls)
            {
                message.ToolCalls ??= [];
                foreach (var call in calls)
                {
                    message.ToolCalls.Add(call);
                }
            }
        }

        message.Content = text.ToString();
        return message;
    }
}
