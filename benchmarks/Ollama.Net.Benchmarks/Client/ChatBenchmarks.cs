using BenchmarkDotNet.Attributes;
using OllamaSharp;
using Sharp = OllamaSharp.Models.Chat;

namespace Ollama.Net.Benchmarks.Client;

/// <summary>A non-streamed chat reply (~2 KB of content plus metrics) through each client's public API.</summary>
[Config(typeof(ClientBenchmarkConfig))]
public class ChatBenchmarks
{
    private OllamaClient _ours = null!;
    private OllamaApiClient _sharp = null!;
    private ChatRequest _oursRequest = null!;
    private Sharp.ChatRequest _sharpRequest = null!;

    [GlobalSetup]
    public void Setup()
    {
        var handler = new ReplayHandler(WireData.ChatReply());
        _ours = ClientFactory.Ours(handler);
        _sharp = ClientFactory.OllamaSharp(handler);
        _oursRequest = new ChatRequest(WireData.Model, Message.User("Tell me a story."));
        _sharpRequest = new Sharp.ChatRequest
        {
            Model = WireData.Model,
            Messages = [new Sharp.Message(Sharp.ChatRole.User, "Tell me a story.")],
            Stream = false,
        };
    }

    [Benchmark(Baseline = true, Description = "OllamaSharp ChatAsync (stream: false)")]
    public async Task<int> OllamaSharp()
    {
        var length = 0;
        await foreach (var reply in _sharp.ChatAsync(_sharpRequest))
        {
            length += reply?.Message.Content?.Length ?? 0;
        }

        return length;
    }

    [Benchmark(Description = "Ollama.Net ChatAsync")]
    public async Task<int> OllamaNet()
    {
        var reply = await _ours.ChatAsync(_oursRequest);
        return reply.Message.Content.Length;
    }
}
