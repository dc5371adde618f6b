using System.Text.Json;

namespace Ollama.Net.Extensions.AI.Tests.Infrastructure;

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

    /// <summary>A final (non-streamed) /api/chat reply with the given message JSON.</summary>
    public static string ChatReply(string messageJson, string doneReason = "stop", string model = "m")
        => $$"""{"model":"{{model}}","created_at":"2025-06-01T10:00:00.5Z","message":{{messageJson}},"done":true,"done_reason":"{{doneReason}}","total_duration":2500000000,"load_duration":500000000,"prompt_eval_count":12,"prompt_eval_duration":100000000,"eval_count":20,"eval_duration":1000000000}""";

    public static string TextReply(string text, string doneReason = "stop", string model = "m")
        => ChatReply($$"""{"role":"assistant","content":{{JsonSerializer.Serialize(text)}}}""", doneReason, model);

    /// <summary>The JSON body of the last request.</summary>
    public static JsonElement Body(this FakeHttpHandler handler, int index = -1)
    {
        var request = index < 0 ? handler.LastRequest : handler.Requests[index];
        return JsonDocument.Parse(request.Body!).RootElement;
    }
}
