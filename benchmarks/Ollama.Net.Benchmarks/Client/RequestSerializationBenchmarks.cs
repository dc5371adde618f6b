using BenchmarkDotNet.Attributes;
using OllamaSharp;
using Sharp = OllamaSharp.Models.Chat;

namespace Ollama.Net.Benchmarks.Client;

/// <summary>
/// A chat request of 50 messages and 5 tools sent through each client's public ChatAsync; the handler drains the
/// request body (so its serialization is measured) and answers with the same tiny reply.
/// </summary>
[Config(typeof(ClientBenchmarkConfig))]
public class RequestSerializationBenchmarks
{
    public const int Messages = 50;
    public const int Tools = 5;

    private OllamaClient _ours = null!;
    private OllamaApiClient _sharp = null!;
    private ChatRequest _oursRequest = null!;
    private Sharp.ChatRequest _sharpRequest = null!;

    [GlobalSetup]
    public void Setup()
    {
        var handler = new ReplayHandler(WireData.TinyChatReply());
        _ours = ClientFactory.Ours(handler);
        _sharp = ClientFactory.OllamaSharp(handler);

        var ourMessages = new List<Message>();
        var sharpMessages = new List<Sharp.Message>();
        for (var i = 0; i < Messages; i++)
        {
            var text = WireData.LongText(i);
            var (ourRole, sharpRole) = i == 0 ? (MessageRole.System, Sharp.ChatRole.System)
                : i % 2 == 1 ? (MessageRole.User, Sharp.ChatRole.User)
                : (MessageRole.Assistant, Sharp.ChatRole.Assistant);
            ourMessages.Add(new Message(ourRole, text));
            sharpMessages.Add(new Sharp.Message(sharpRole, text));
        }

        var ourTools = new List<Tool>();
        var sharpTools = new List<Sharp.Tool>();
        for (var t = 0; t < Tools; t++)
        {
            ourTools.Add(new Tool
            {
                Function = new ToolFunction
                {
                    Name = $"get_weather_{t}",
                    Description = "Get the current weather for a city, in the unit asked for.",
                    Parameters = new ToolFunctionParameters
                    {
                        Properties = new OrderedDictionary<string, ToolProperty>
                        {
                            ["city"] = new ToolProperty { Type = "string", Description = "The city, for example Paris." },
                            ["unit"] = new ToolProperty
                            {
                                Type = "string",
                                Description = "The temperature unit.",
                                Enum = [System.Text.Json.JsonDocument.Parse("\"celsius\"").RootElement, System.Text.Json.JsonDocument.Parse("\"fahrenheit\"").RootElement],
                            },
                            ["days"] = new ToolProperty { Type = "integer", Description = "How many days of forecast." },
                        },
                        Required = ["city", "unit"],
                    },
                },
            });
            sharpTools.Add(new Sharp.Tool
            {
                Function = new Sharp.Function
                {
                    Name = $"get_weather_{t}",
                    Description = "Get the current weather for a city, in the unit asked for.",
                    Parameters = new Sharp.Parameters
                    {
                        Properties = new Dictionary<string, Sharp.Property>
                        {
                            ["city"] = new Sharp.Property { Type = "string", Description = "The city, for example Paris." },
                            ["unit"] = new Sharp.Property { Type = "string", Description = "The temperature unit.", Enum = ["celsius", "fahrenheit"] },
                            ["days"] = new Sharp.Property { Type = "integer", Description = "How many days of forecast." },
                        },
                        Required = ["city", "unit"],
                    },
                },
            });
        }

        _oursRequest = new ChatRequest { Model = WireData.Model, Messages = ourMessages, Tools = ourTools };
        _sharpRequest = new Sharp.ChatRequest { Model = WireData.Model, Messages = sharpMessages, Tools = sharpTools, Stream = false };
    }

    [Benchmark(Baseline = true, Description = "OllamaSharp ChatAsync (50 msgs, 5 tools)")]
    public async Task<int> OllamaSharp()
    {
        var length = 0;
        await foreach (var reply in _sharp.ChatAsync(_sharpRequest))
        {
            length += reply?.Message.Content?.Length ?? 0;
        }

        return length;
    }

    [Benchmark(Description = "Ollama.Net ChatAsync (50 msgs, 5 tools)")]
    public async Task<int> OllamaNet()
    {
        var reply = await _ours.ChatAsync(_oursRequest);
        return reply.Message.Content.Length;
    }
}
