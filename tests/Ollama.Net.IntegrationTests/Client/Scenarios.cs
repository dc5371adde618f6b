namespace Ollama.Net.IntegrationTests.Client;

/// <summary>
/// Test bodies shared by the scripted server and a real Ollama. They assert on shape (what every Ollama returns) and
/// hand the result back, so the scripted tests can then check the exact scripted content.
/// </summary>
internal static class Scenarios
{
    public static async Task<ServerVersion> VersionAsync(OllamaTarget target)
    {
        using var client = target.CreateClient();
        var version = await client.GetVersionAsync().Within(target.Bound);

        Assert.False(string.IsNullOrWhiteSpace(version.Version));
        Assert.NotNull(version.ParsedVersion);
        return version;
    }

    public static async Task<ListModelsResult> ListAsync(OllamaTarget target)
    {
        using var client = target.CreateClient();
        var list = await client.ListModelsAsync().Within(target.Bound);

        Assert.NotEmpty(list.Models);
        Assert.Contains(list.Models, m => SameModel(m.Name, target.ChatModel));
        foreach (var model in list.Models)
        {
            Assert.False(string.IsNullOrEmpty(model.Name));
            Assert.Equal(model.Name, model.Model);
            Assert.Matches("^[0-9a-f]{64}$", model.Digest);
            Assert.True(model.Size >= 0);
            Assert.NotEqual(default, model.ModifiedAt);
            Assert.NotNull(model.Details);
        }

        return list;
    }

    public static async Task<(List<ChatUpdate> Updates, string Content)> ChatStreamAsync(OllamaTarget target, string prompt = "Say hello in five words.")
    {
        using var client = target.CreateClient();
        var request = new ChatRequest(target.ChatModel, Message.User(prompt))
        {
            Options = new ModelOptions { NumPredict = 24, Temperature = 0, Seed = 7 },
            Think = target.IsLive ? null : ThinkValue.Disabled,
        };

        var updates = await Guard.ToListAsync(client.ChatStreamingAsync(request), target.Bound);

        Assert.NotEmpty(updates);
        Assert.True(updates[^1].Done, "the last update is the done chunk");
        Assert.All(updates.SkipLast(1), u => Assert.False(u.Done));
        Assert.All(updates, u =>
        {
            Assert.True(SameModel(u.Model, target.ChatModel), $"model {u.Model}");
            Assert.Equal(MessageRole.Assistant, u.Message.Role);
            Assert.NotEqual(default, u.CreatedAt);
        });

        var final = updates[^1];
        Assert.NotNull(final.DoneReason);
        Assert.True(final.EvalCount > 0);
        Assert.True(final.PromptEvalCount > 0);
        Assert.True(final.TotalDuration > TimeSpan.Zero);
        Assert.True(final.EvalDuration > TimeSpan.Zero);
        Assert.NotNull(final.TokensPerSecond);

        var content = string.Concat(updates.Select(u => u.Message.Content));
        Assert.False(string.IsNullOrWhiteSpace(content));
        return (updates, content);
    }

    public static async Task<EmbedResult> EmbedAsync(OllamaTarget target)
    {
        using var client = target.CreateClient();
        var result = await client.EmbedAsync(target.EmbedModel, ["The sky is blue.", "Das Gras ist grün."]).Within(target.Bound);

        Assert.True(SameModel(result.Model, target.EmbedModel));
        Assert.Equal(2, result.Embeddings.Count);
        Assert.True(result.Dimensions > 0);
        Assert.Equal(2 * result.Dimensions, result.Buffer.Length);
        foreach (var vector in result.Embeddings)
        {
            Assert.Equal(result.Dimensions, vector.Length);
            var sumSquares = 0.0;
            foreach (var x in vector.Span)
            {
                Assert.True(float.IsFinite(x));
                sumSquares += (double)x * x;
            }

            // /api/embed returns L2-normalized vectors.
            Assert.InRange(Math.Sqrt(sumSquares), 0.99, 1.01);
        }

        Assert.NotEqual(result.Embeddings[0].ToArray(), result.Embeddings[1].ToArray());
        Assert.True(result.PromptEvalCount > 0);
        return result;
    }

    public static async Task<ShowModelResult> ShowAsync(OllamaTarget target)
    {
        using var client = target.CreateClient();
        var show = await client.ShowModelAsync(target.ChatModel).Within(target.Bound);

        Assert.False(string.IsNullOrEmpty(show.Details.Family));
        Assert.False(string.IsNullOrEmpty(show.Details.Format));
        Assert.False(string.IsNullOrEmpty(show.Architecture));
        Assert.True(show.ContextLength > 0);
        Assert.True(show.HasCapability(ModelCapability.Completion));
        Assert.False(string.IsNullOrEmpty(show.Template));
        Assert.False(string.IsNullOrEmpty(show.Modelfile));
        Assert.NotEqual(default, show.ModifiedAt);
        return show;
    }

    /// <summary>POST /api/chat with <c>stream:false</c>: one aggregated reply carrying the final metrics.</summary>
    public static async Task<ChatResult> ChatAsync(OllamaTarget target, string prompt = "Name one primary colour.")
    {
        using var client = target.CreateClient();
        var result = await client.ChatAsync(new ChatRequest(target.ChatModel, Message.User(prompt))
        {
            Options = SmallOptions(24),
            Think = ThinkValue.Disabled,
        }).Within(target.Bound);

        Assert.True(SameModel(result.Model, target.ChatModel), $"model {result.Model}");
        Assert.True(result.Done);
        Assert.NotNull(result.DoneReason);
        Assert.NotEqual(default, result.CreatedAt);
        Assert.Equal(MessageRole.Assistant, result.Message.Role);
        Assert.False(string.IsNullOrWhiteSpace(result.Message.Content));
        AssertFinalMetrics(result);
        return result;
    }

    /// <summary>POST /api/chat with <c>format</c> set to the JSON Schema of a small record; the answer parses into it.</summary>
    public static async Task<ChatResult<CountryCapital>> StructuredChatAsync(OllamaTarget target)
    {
        using var client = target.CreateClient();
        var request = new ChatRequest(
            target.ChatModel,
            Message.User("What is the capital of France? Answer as JSON with the fields country and capital."))
        {
            Options = SmallOptions(96),
            Think = ThinkValue.Disabled,
        };

        var result = await client.ChatAsync(request, ClientTestJson.Default.CountryCapital).Within(target.Bound);

        Assert.NotNull(result.Value);
        Assert.False(string.IsNullOrWhiteSpace(result.Value.Country));
        Assert.False(string.IsNullOrWhiteSpace(result.Value.Capital));
        Assert.True(result.Raw.Done);
        Assert.StartsWith("{", result.Raw.Message.Content.TrimStart(), StringComparison.Ordinal);
        Assert.Null(request.Format); // the caller's request is not changed
        return result;
    }

    /// <summary>
    /// POST /api/chat with one tool. The model may call it (then the call names the tool and its arguments are an
    /// object) or answer in text; both are valid shapes.
    /// </summary>
    public static async Task<ChatResult> ToolChatAsync(OllamaTarget target)
    {
        using var client = target.CreateClient();
        var tool = Tool.FromType("get_weather", "Gets the current weather for a city.", ClientTestJson.Default.WeatherArgs);
        var request = new ChatRequest(target.ChatModel, Message.User("What is the weather in Paris right now? Use the get_weather tool."))
        {
            Tools = [tool],
            Options = SmallOptions(64),
            Think = ThinkValue.Disabled,
        };

        var result = await client.ChatAsync(request).Within(target.Bound);

        Assert.True(result.Done);
        Assert.Equal(MessageRole.Assistant, result.Message.Role);
        if (result.Message.ToolCalls is { Count: > 0 } calls)
        {
            Assert.All(calls, call =>
            {
                Assert.Equal("get_weather", call.Function.Name);
                Assert.Equal(System.Text.Json.JsonValueKind.Object, call.Function.Arguments.ValueKind);
                Assert.True(call.Function.Index >= 0);
            });
        }
        else
        {
            Assert.False(string.IsNullOrWhiteSpace(result.Message.Content), "neither a tool call nor text came back");
        }

        return result;
    }

    /// <summary>POST /api/generate streaming: deltas, then a done chunk with done_reason, context and metrics.</summary>
    public static async Task<(List<GenerateUpdate> Updates, string Text)> GenerateStreamAsync(OllamaTarget target, string prompt = "Write one short sentence about the sea.")
    {
        using var client = target.CreateClient();
        var request = new GenerateRequest(target.ChatModel, prompt) { Options = SmallOptions(24), Think = ThinkValue.Disabled };

        var updates = await Guard.ToListAsync(client.GenerateStreamingAsync(request), target.Bound);

        Assert.NotEmpty(updates);
        Assert.True(updates[^1].Done, "the last update is the done chunk");
        Assert.All(updates.SkipLast(1), u =>
        {
            Assert.False(u.Done);
            Assert.Null(u.Context);
            Assert.Null(u.DoneReason);
        });
        Assert.All(updates, u =>
        {
            Assert.True(SameModel(u.Model, target.ChatModel), $"model {u.Model}");
            Assert.NotEqual(default, u.CreatedAt);
        });

        var final = updates[^1];
        Assert.NotNull(final.DoneReason);
        Assert.NotEmpty(final.Context!);
        AssertFinalMetrics(final);

        var text = string.Concat(updates.Select(u => u.Response));
        Assert.False(string.IsNullOrWhiteSpace(text));
        return (updates, text);
    }

    /// <summary>POST /api/generate with <c>stream:false</c>: the whole response, context and metrics in one object.</summary>
    public static async Task<GenerateResult> GenerateAsync(OllamaTarget target, string prompt = "Write one short sentence about the sea.")
    {
        using var client = target.CreateClient();
        var result = await client.GenerateAsync(new GenerateRequest(target.ChatModel, prompt)
        {
            Options = SmallOptions(24),
            Think = ThinkValue.Disabled,
        }).Within(target.Bound);

        Assert.True(SameModel(result.Model, target.ChatModel), $"model {result.Model}");
        Assert.True(result.Done);
        Assert.NotNull(result.DoneReason);
        Assert.False(string.IsNullOrWhiteSpace(result.Response));
        Assert.NotEmpty(result.Context!);
        AssertFinalMetrics(result);
        return result;
    }

    /// <summary>Deterministic, short generation settings.</summary>
    private static ModelOptions SmallOptions(int numPredict) => new() { NumPredict = numPredict, Temperature = 0, Seed = 7 };

    /// <summary>The metrics every final (done) generate/chat object carries.</summary>
    private static void AssertFinalMetrics(GenerationResponse final)
    {
        Assert.True(final.Done);
        Assert.True(final.EvalCount > 0, $"eval_count {final.EvalCount}");
        Assert.True(final.PromptEvalCount > 0, $"prompt_eval_count {final.PromptEvalCount}");
        Assert.True(final.TotalDuration > TimeSpan.Zero);
        Assert.True(final.EvalDuration > TimeSpan.Zero);
        Assert.NotNull(final.TokensPerSecond);
    }

    /// <summary>Ollama adds ":latest" to a name without a tag.</summary>
    public static bool SameModel(string actual, string expected) =>
        string.Equals(Normalize(actual), Normalize(expected), StringComparison.OrdinalIgnoreCase);

    private static string Normalize(string name) => name.Contains(':', StringComparison.Ordinal) ? name : name + ":latest";
}
