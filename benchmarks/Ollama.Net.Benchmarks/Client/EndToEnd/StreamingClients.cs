using OllamaSharp;
using Sharp = OllamaSharp.Models.Chat;

namespace Ollama.Net.Benchmarks.Client.EndToEnd;

/// <summary>One library's way to run a streaming chat to its end, counting chunks; each client made with its defaults.</summary>
public abstract class StreamingClient : IDisposable
{
    public abstract string Name { get; }

    public abstract Task<int> StreamAsync(CancellationToken cancellationToken);

    public abstract void Dispose();

    public static StreamingClient Create(string library, Uri address) => library switch
    {
        "ollamanet" => new OursClient(address),
        "ollamasharp" => new SharpClient(address),
        _ => throw new ArgumentException($"Unknown library '{library}': use ollamanet or ollamasharp."),
    };

    private sealed class OursClient(Uri address) : StreamingClient
    {
        private readonly OllamaClient _client = new(new OllamaClientOptions { Endpoint = address, UseEnvironmentVariables = false });
        private readonly ChatRequest _request = new(WireData.Model, Message.User("Tell me a story."));

        public override string Name => "Ollama.Net";

        public override async Task<int> StreamAsync(CancellationToken cancellationToken)
        {
            var chunks = 0;
            await foreach (var update in _client.ChatStreamingAsync(_request, cancellationToken))
            {
                chunks += update.Message is null ? 0 : 1;
            }

            return chunks;
        }

        public override void Dispose() => _client.Dispose();
    }

    private sealed class SharpClient(Uri address) : StreamingClient
    {
        private readonly OllamaApiClient _client = new(address, WireData.Model);

        public override string Name => "OllamaSharp";

        public override async Task<int> StreamAsync(CancellationToken cancellationToken)
        {
            var request = new Sharp.ChatRequest
            {
                Model = WireData.Model,
                Messages = [new Sharp.Message(Sharp.ChatRole.User, "Tell me a story.")],
                Stream = true,
            };
            var chunks = 0;
            await foreach (var update in _client.ChatAsync(request, cancellationToken))
            {
                chunks += update is null ? 0 : 1;
            }

            return chunks;
        }

        public override void Dispose() => _client.Dispose();
    }
}
