using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.AI;

namespace Ollama.Net.Benchmarks.Client;

/// <summary>
/// The same 10,000-chunk streamed chat as <see cref="StreamingChatBenchmarks"/>, read through each library's
/// Microsoft.Extensions.AI <see cref="IChatClient"/> (OllamaSharp's OllamaApiClient; our AsIChatClient()). Times and
/// allocations are per update.
/// </summary>
[Config(typeof(ClientBenchmarkConfig))]
public class ChatClientStreamingBenchmarks
{
    private IChatClient _ours = null!;
    private IChatClient _sharp = null!;
    private List<ChatMessage> _messages = null!;

    [GlobalSetup]
    public void Setup()
    {
        var handler = new ReplayHandler(WireData.ChatStream(StreamingChatBenchmarks.Chunks), "application/x-ndjson");
        _ours = ClientFactory.Ours(handler).AsIChatClient(WireData.Model);
        _sharp = ClientFactory.OllamaSharp(handler);
        _messages = [new ChatMessage(ChatRole.User, "Tell me a story.")];
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = StreamingChatBenchmarks.Chunks + 1, Description = "OllamaSharp IChatClient streaming")]
    public Task<int> OllamaSharp() => ReadAsync(_sharp);

    [Benchmark(OperationsPerInvoke = StreamingChatBenchmarks.Chunks + 1, Description = "Ollama.Net IChatClient streaming")]
    public Task<int> OllamaNet() => ReadAsync(_ours);

    private async Task<int> ReadAsync(IChatClient client)
    {
        var length = 0;
        await foreach (var update in client.GetStreamingResponseAsync(_messages))
        {
            foreach (var content in update.Contents)
            {
                if (content is TextContent text)
                {
                    length += text.Text.Length;
                }
            }
        }

        return length;
    }
}
