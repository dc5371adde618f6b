using OllamaSharp;

namespace Ollama.Net.Benchmarks.Client;

/// <summary>Builds both clients over one in-memory handler, each through its public constructor.</summary>
public static class ClientFactory
{
    public static OllamaClient Ours(HttpMessageHandler handler)
        => new(
            new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan },
            new OllamaClientOptions { Endpoint = WireData.Endpoint, UseEnvironmentVariables = false });

    public static OllamaApiClient OllamaSharp(HttpMessageHandler handler)
        => new(new HttpClient(handler, disposeHandler: false) { BaseAddress = WireData.Endpoint, Timeout = Timeout.InfiniteTimeSpan }, WireData.Model);
}
