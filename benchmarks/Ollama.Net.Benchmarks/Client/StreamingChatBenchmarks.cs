using BenchmarkDotNet.Attributes;
using OllamaSharp;
using Sharp = OllamaSharp.Models.Chat;

namespace Ollama.Net.Benchmarks.Client;

/// <summary>
/// A streamed chat of 10,000 chunks (~130-byte NDJSON lines plus the final chunk), read through each client's public
/// streaming API. Times and allocations are per chunk (OperationsPerInvoke).
/// </summary>
[Config(typeof(ClientBenchmarkConfig))]
public class StreamingChatBenchmarks
{
    public const int Chunks = 10_000;

    private OllamaClient _ours = null!;
    private OllamaApiClient _sharp = null!;
    private ChatRequest _oursRequest = null!;
    private Sharp.ChatRequest _sharpRequest = null!;

    [GlobalSetup]
    public void Setup()
    {
        var handler = new ReplayHandler(WireData.ChatStream(Chunks), "application/x-ndjson");
        _ours = ClientFactory.Ours(handler);
        _sharp = ClientFactory.OllamaSharp(handler);
        _oursRequest = new ChatRequest(WireData.Model, Message.User("Tell me a story."));
        _sharpRequest = new Sharp.ChatRequest
        {
            Model = WireData.Model,
            Messages = [new Sharp.Message(Sharp.ChatRole.User, "Tell me a story.")],
            Stream = true,
        };
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Chunks + 1, Description = "OllamaSharp ChatAsync (stream)")]
    public async Task<int> OllamaSharp()
    {
        var length = 0;
        await foreach (var chunk in _sharp.ChatAsync(_sharpRequest))
        {
            length += chunk?.Message.Content?.Length ?? 0;
        }

        return length;
    }

    [Benchmark(OperationsPerInvoke = Chunks + 1, Description = "Ollama.Net ChatStreamingAsync")]
    public async Task<int> OllamaNet()
    {
        var length = 0;
        await foreach (var chunk in _ours.ChatStreamingAsync(_oursRequest))
        {
            length += chunk.Message.Content.Length;
        }

        return length;
    }
}
