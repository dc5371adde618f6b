namespace Ollama.Net.Tests.Infrastructure;

/// <summary>Creates clients over a <see cref="FakeHttpHandler"/>, independent of the machine's environment variables.</summary>
public static class TestClient
{
    public static readonly Uri Endpoint = new("http://127.0.0.1:11434");

    public static OllamaClient Create(FakeHttpHandler handler, Action<OllamaClientOptions>? configure = null)
    {
        var options = new OllamaClientOptions { Endpoint = Endpoint, UseEnvironmentVariables = false };
        configure?.Invoke(options);
        return new OllamaClient(new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan }, options);
    }
}
