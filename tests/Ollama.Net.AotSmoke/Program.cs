using Ollama.Net;
using Ollama.Net.AotSmoke;
using Ollama.Net.Numerics;

// The NativeAOT smoke test: the published native program talks to a loopback stand-in server and checks chat, a stream,
// structured output, a ChatSession with a tool, embeddings, error paths and the embedding math. Any mismatch exits non-zero.
var failures = new List<string>();
void Check(bool condition, string what)
{
    if (!condition)
    {
        failures.Add(what);
    }
}

using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(60));
var token = safety.Token;
try
{
    await using var server = new SmokeServer();
    using var client = new OllamaClient(new OllamaClientOptions { Endpoint = server.Endpoint, ApiKey = "aot-smoke-key", UseEnvironmentVariables = false });

    var version = await client.GetVersionAsync(token);
    Check(version.Version == "0.32.15", $"version: got '{version.Version}'");

    var chat = await client.ChatAsync(new ChatRequest("smoke", Message.User("hi")), token);
    Check(chat.Message.Content == "Hello from AOT", $"chat content: got '{chat.Message.Content}'");
    Check(chat.Message.Role == MessageRole.Assistant, $"chat role: got '{chat.Message.Role}'");
    Check(chat.Done && chat.DoneReason == DoneReason.Stop, "chat done/done_reason");
    Check(chat.TotalDuration == TimeSpan.FromSeconds(1.5), $"chat total_duration: got {chat.TotalDuration}");
    Check(chat.EvalCount == 3, "chat eval_count");

    // The router over the stand-in and an address where nothing listens: routing, the per-server Polly circuit breaker
    // and the failover path, all trimmed and compiled ahead of time.
    using (var router = new OllamaRouter(new OllamaRouterOptions
    {
        Servers = { new OllamaServerOptions("127.0.0.1:1"), new OllamaServerOptions(server.Endpoint) },
        ClientOptions = new OllamaClientOptions { ApiKey = "aot-smoke-key", UseEnvironmentVariables = false },
    }))
    {
        for (var i = 0; i < 2; i++)
        {
            var routed = await router.ChatAsync(new ChatRequest("smoke", Message.User("hi")), token);
            Check(routed.Message.Content == "Hello from AOT", $"routed chat: got '{routed.Message.Content}'");
        }
    }

    var streamed = new List<ChatUpdate>();
    await foreach (var update in client.ChatStreamingAsync(new ChatRequest("smoke", Message.User("stream please")), token))
    {
        streamed.Add(update);
    }

    var text = string.Concat(streamed.Select(u => u.Message.Content));
    Check(text == "Héllo wörld 😀", $"stream text: got '{text}'");
    Check(streamed.Count == 4 && streamed[^1].Done && streamed.Take(3).All(u => !u.Done), $"stream chunks: got {streamed.Count}");

    var city = await client.ChatAsync(new ChatRequest("smoke", Message.User("a city")), SmokeJsonContext.Default.CityFact, token);
    Check(city.Value == new CityFact("Paris", 2102650), $"structured output: got {city.Value}");

    var embed = await client.EmbedAsync("embed", ["cat", "kitten", "car"], token);
    Check(embed.Embeddings.Count == 3 && embed.Dimensions == 4, $"embed shape: {embed.Embeddings.Count} x {embed.Dimensions}");

    try
    {
        await client.ShowModelAsync("missing", token);
        Check(false, "show of a missing model did not throw");
    }
    catch (OllamaModelNotFoundException ex)
    {
        Check(ex.ModelName == "missing" && ex.StatusCode == System.Net.HttpStatusCode.NotFound, $"model not found: {ex.ModelName} {ex.StatusCode}");
    }

    var partial = new List<GenerateUpdate>();
    try
    {
        await foreach (var update in client.GenerateStreamingAsync(new GenerateRequest("smoke", "fail mid-way"), token))
        {
            partial.Add(update);
        }

        Check(false, "a stream with an error line did not throw");
    }
    catch (OllamaException ex)
    {
        Check(partial.Count == 1 && ex.ServerMessage == "an error was encountered while running the model", $"stream error line: {partial.Count} update(s), '{ex.ServerMessage}'");
    }

    try
    {
        await client.ChatAsync(new ChatRequest("smoke", Message.User("x")) { Messages = null! }, token);
        Check(false, "a request without messages was sent");
    }
    catch (ArgumentException)
    {
    }

    // A conversation with a C# tool: schema, argument parsing, the tool loop and the saved history, all source-generated.
    var session = new ChatSession(client, "tools", "Be brief.") { ContextLength = 4096 };
    session.Tools.Add(ChatTool.Create("get_weather", "The weather of a city.", SmokeJsonContext.Default.WeatherArgs,
        args => args.City == "Paris" ? "22" : "unknown"));
    var invocations = new List<ToolInvocation>();
    session.ToolInvoked += (_, invocation) => invocations.Add(invocation);
    var answer = await session.SendAsync("Weather in Paris?", token);
    Check(answer.Message.Content == "It is 22 degrees in Paris.", $"session answer: got '{answer.Message.Content}'");
    Check(invocations is [{ Succeeded: true, Result: "22" }], $"session tool calls: {string.Join(", ", invocations)}");
    var restored = new ChatSession(client, "tools");
    restored.RestoreHistory(session.SaveHistory());
    Check(restored.SystemPrompt == "Be brief." && restored.History.Count == 4 && restored.History[2].ToolCallId == "call_1",
        $"restored history: {string.Join(" | ", restored.History)}");

    // Retries on Polly and bulk embedding: the first "busy" batch is refused with 503 and sent again.
    using var retrying = new OllamaClient(new OllamaClientOptions
    {
        Endpoint = server.Endpoint,
        ApiKey = "aot-smoke-key",
        UseEnvironmentVariables = false,
        Retry = new OllamaRetryOptions { MaxRetryAttempts = 2, Delay = TimeSpan.Zero },
    });
    var progress = new List<EmbedProgress>();
    var bulk = await retrying.EmbedInBatchesAsync(
        new EmbedRequest("busy", "cat", "kitten", "car"), new EmbedBatchOptions { BatchSize = 2, MaxConcurrency = 1 }, new Progress(progress.Add), token);
    Check(bulk.Embeddings.Count == 3 && bulk.Embeddings[2].Span[2] == 0.95f, $"bulk embed: {bulk.Embeddings.Count} vectors");
    Check(progress.Count == 2 && progress[^1].Completed == 3, $"bulk embed progress: {string.Join(", ", progress)}");
    Check(server.Requests.Count(r => r.Path == "/api/embed" && r.Body.Contains("\"busy\"", StringComparison.Ordinal)) == 3, "the refused batch was sent again");

    var requests = server.Requests;
    Check(requests.Any(r => r.Path == "/api/chat" && r.Body.Contains("\"tool_call_id\":\"call_1\"", StringComparison.Ordinal)
        && r.Body.Contains("\"tools\":[{\"type\":\"function\"", StringComparison.Ordinal)), "the session sent the tool result with the call id, and the tools");
    Check(requests.All(r => r.Authorization == "Bearer aot-smoke-key"), "every request carries the bearer key");
    Check(requests.Any(r => r.Path == "/api/chat" && r.Body.Contains("\"stream\":false", StringComparison.Ordinal)), "chat sent stream:false");
    Check(requests.Any(r => r.Path == "/api/chat" && r.Body.Contains("\"stream\":true", StringComparison.Ordinal)), "stream sent stream:true");
    Check(requests.Any(r => r.Path == "/api/chat" && r.Body.Contains("\"format\":{", StringComparison.Ordinal) && r.Body.Contains("population", StringComparison.Ordinal)), "structured output sent a JSON schema");

    // Numerics: cosine and an index search over the embeddings.
    var cat = embed.Embeddings[0].Span;
    var kitten = embed.Embeddings[1].Span;
    var car = embed.Embeddings[2].Span;
    Check(Math.Abs(EmbeddingMath.CosineSimilarity(cat, cat) - 1f) < 1e-5f, "cosine(cat, cat) = 1");
    Check(EmbeddingMath.CosineSimilarity(cat, kitten) > EmbeddingMath.CosineSimilarity(cat, car), "cat is closer to kitten than to car");
    Check(Math.Abs(EmbeddingMath.CosineSimilarity([1f, 0f], [0f, 1f])) < 1e-6f, "orthogonal cosine = 0");

    using var index = new EmbeddingIndex<string>(4);
    index.Add("cat", embed.Embeddings[0]);
    index.Add("kitten", embed.Embeddings[1]);
    index.Add("car", embed.Embeddings[2]);
    var hits = index.Search(cat, 2);
    Check(hits.Length == 2 && hits[0].Key == "cat" && hits[1].Key == "kitten", $"index search: {string.Join(", ", hits.Select(h => h.Key))}");
    Check(hits.Length > 0 && Math.Abs(hits[0].Score - 1f) < 1e-4f, "index top score = 1");

    // Row blocks of 4 MB and more are advised to use huge pages on Linux (a P/Invoke of madvise): 6 MB here.
    using var large = new EmbeddingIndex<int>(768, new EmbeddingIndexOptions { InitialCapacity = 2_000 });
    float[] row = Enumerable.Range(0, 768).Select(i => MathF.Sin(i)).ToArray();
    large.Add(7, row);
    Check(large.Search(row, 1) is [{ Key: 7 }], "a large index searches");
}
catch (Exception ex)
{
    failures.Add("unexpected exception: " + ex);
}

if (failures.Count > 0)
{
    foreach (var failure in failures)
    {
        Console.Error.WriteLine("AOT smoke FAILED: " + failure);
    }

    return 1;
}

Console.WriteLine("AOT smoke: ok");
return 0;

/// <summary>Collects progress reports synchronously.</summary>
internal sealed class Progress(Action<EmbedProgress> report) : IProgress<EmbedProgress>
{
    public void Report(EmbedProgress value) => report(value);
}
