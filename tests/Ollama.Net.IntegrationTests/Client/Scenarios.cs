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

    /// <summary>POST /api/embed with <c>truncate</c> and <c>dimensions</c>: vectors cut to the asked length and re-normalized.</summary>
    public static async Task<EmbedResult> EmbedWithOptionsAsync(OllamaTarget target, int dimensions = 64)
    {
        using var client = target.CreateClient();

        // Short inputs on purpose: some servers reject over-long input even with truncate:true (ollama/ollama#14186).
        var request = new EmbedRequest(target.EmbedModel, "The sky is blue.", "Das Gras ist grün.") { Truncate = true, Dimensions = dimensions };
        var result = await client.EmbedAsync(request).Within(target.Bound);

        Assert.True(SameModel(result.Model, target.EmbedModel));
        Assert.Equal(2, result.Embeddings.Count);
        Assert.Equal(dimensions, result.Dimensions);
        foreach (var vector in result.Embeddings)
        {
            Assert.Equal(dimensions, vector.Length);
            Assert.InRange(Norm(vector.Span), 0.99, 1.01);
        }

        Assert.NotEqual(result.Embeddings[0].ToArray(), result.Embeddings[1].ToArray());
        return result;
    }

    /// <summary>
    /// The legacy POST /api/embeddings: one vector (not normalized) as long as the /api/embed vector of the same model.
    /// </summary>
    public static async Task<(LegacyEmbeddingResult Legacy, EmbedResult Current)> LegacyEmbeddingsAsync(OllamaTarget target, string prompt = "The sky is blue.")
    {
        using var client = target.CreateClient();

#pragma warning disable CS0618 // EmbeddingsAsync is [Obsolete] (the server keeps the route for old callers); covering it is the point here.
        var legacy = await client.EmbeddingsAsync(target.EmbedModel, prompt).Within(target.Bound);
#pragma warning restore CS0618
        var current = await client.EmbedAsync(target.EmbedModel, prompt).Within(target.Bound);

        Assert.Equal(current.Dimensions, legacy.Embedding.Length);
        Assert.All(legacy.Embedding.ToArray(), x => Assert.True(double.IsFinite(x)));
        Assert.Contains(legacy.Embedding.ToArray(), x => x != 0);
        return (legacy, current);
    }

    /// <summary>GET /api/ps after a generate call (which loads the chat model): the chat model is listed.</summary>
    public static async Task<RunningModel> RunningModelsAsync(OllamaTarget target)
    {
        using var client = target.CreateClient();
        await client.GenerateAsync(new GenerateRequest(target.ChatModel, "Say OK.")
        {
            Options = SmallOptions(4),
            Think = ThinkValue.Disabled,
            KeepAlive = KeepAlive.FromTimeSpan(TimeSpan.FromMinutes(10)),
        }).Within(target.Bound);

        var ps = await client.ListRunningModelsAsync().Within(target.Bound);

        Assert.All(ps.Models, m =>
        {
            Assert.False(string.IsNullOrEmpty(m.Name));
            Assert.Equal(m.Name, m.Model);
            Assert.Matches("^[0-9a-f]{64}$", m.Digest);
            Assert.True(m.Size > 0);
            Assert.InRange(m.SizeVram, 0, m.Size);
            Assert.InRange(m.GpuFraction, 0, 1);
            Assert.NotEqual(default, m.ExpiresAt);
            Assert.True(m.ContextLength > 0);
            Assert.NotNull(m.Details);
        });
        return Assert.Single(ps.Models, m => SameModel(m.Name, target.ChatModel));
    }

    /// <summary>POST /api/copy then DELETE /api/delete of a uniquely named copy of the chat model; the list shows it in between.</summary>
    public static async Task<(string Name, LocalModel Copy, ListModelsResult AfterDelete)> CopyThenDeleteAsync(OllamaTarget target)
    {
        using var client = target.CreateClient();
        var name = UniqueName("copy");
        var deleted = false;
        try
        {
            await client.CopyModelAsync(target.ChatModel, name).Within(target.Bound);
            var afterCopy = await client.ListModelsAsync().Within(target.Bound);

            var original = Assert.Single(afterCopy.Models, m => SameModel(m.Name, target.ChatModel));
            var copy = Assert.Single(afterCopy.Models, m => SameModel(m.Name, name));
            Assert.Equal(original.Digest, copy.Digest); // the same manifest under a second name
            Assert.Equal(original.Size, copy.Size);

            await client.DeleteModelAsync(name).Within(target.Bound);
            deleted = true;
            var afterDelete = await client.ListModelsAsync().Within(target.Bound);

            Assert.DoesNotContain(afterDelete.Models, m => SameModel(m.Name, name));
            Assert.Contains(afterDelete.Models, m => SameModel(m.Name, target.ChatModel));
            return (name, copy, afterDelete);
        }
        finally
        {
            if (!deleted)
            {
                await DeleteIfPresentAsync(client, name, target.Bound);
            }
        }
    }

    /// <summary>POST /api/pull of the installed chat model: every layer is already there, the stream ends with success.</summary>
    public static async Task<(ModelTransferProgress Final, IReadOnlyList<ModelTransferProgress> Reports)> PullInstalledAsync(OllamaTarget target)
    {
        using var client = target.CreateClient();
        var progress = new SyncProgress<ModelTransferProgress>();

        var final = await client.PullModelAsync(target.ChatModel, progress).Within(target.Bound);

        var reports = progress.Reports;
        Assert.NotEmpty(reports);
        Assert.Equal("pulling manifest", reports[0].Status);
        Assert.Equal(ProgressUpdate.SuccessStatus, reports[^1].Status);
        Assert.True(final.IsSuccess);
        Assert.Same(reports[^1], final);
        Assert.NotEmpty(final.Layers);
        Assert.All(final.Layers, l =>
        {
            Assert.Matches("^sha256:[0-9a-f]{64}$", l.Digest);
            Assert.True(l.Total > 0);
            Assert.True(l.IsComplete, $"layer {l.Digest}: {l.Completed}/{l.Total}");
        });
        Assert.Equal(final.TotalBytes, final.CompletedBytes);
        Assert.Equal(1.0, final.Fraction);
        for (var i = 1; i < reports.Count; i++)
        {
            Assert.True(reports[i].CompletedBytes >= reports[i - 1].CompletedBytes, "progress never goes backwards");
        }

        var list = await client.ListModelsAsync().Within(target.Bound);
        Assert.Contains(list.Models, m => SameModel(m.Name, target.ChatModel));
        return (final, reports);
    }

    /// <summary>POST /api/create of a model derived from the chat model with a system prompt; show it; delete it.</summary>
    public static async Task<(string Name, ModelTransferProgress Final, IReadOnlyList<ModelTransferProgress> Reports, ShowModelResult Show)> CreateDerivedAsync(
        OllamaTarget target, string system = "You are a terse test assistant.")
    {
        using var client = target.CreateClient();
        var name = UniqueName("create");
        var progress = new SyncProgress<ModelTransferProgress>();
        var deleted = false;
        try
        {
            var final = await client.CreateModelAsync(new CreateModelRequest(name) { From = target.ChatModel, System = system }, progress).Within(target.Bound);

            Assert.True(final.IsSuccess);
            Assert.NotEmpty(progress.Reports);
            Assert.Equal(ProgressUpdate.SuccessStatus, progress.Reports[^1].Status);

            var show = await client.ShowModelAsync(name).Within(target.Bound);
            var parent = await client.ShowModelAsync(target.ChatModel).Within(target.Bound);
            Assert.Equal(system, show.System);
            Assert.Equal(parent.Details.Family, show.Details.Family);
            Assert.Equal(parent.Template, show.Template);
            Assert.True(show.HasCapability(ModelCapability.Completion));
            Assert.NotEqual(default, show.ModifiedAt);

            var list = await client.ListModelsAsync().Within(target.Bound);
            Assert.Contains(list.Models, m => SameModel(m.Name, name));

            await client.DeleteModelAsync(name).Within(target.Bound);
            deleted = true;
            await Guard.Throws<OllamaModelNotFoundException>(() => client.ShowModelAsync(name), target.Bound);
            return (name, final, progress.Reports, show);
        }
        finally
        {
            if (!deleted)
            {
                await DeleteIfPresentAsync(client, name, target.Bound);
            }
        }
    }

    /// <summary>Chat with a model that is not installed: 404, <see cref="OllamaModelNotFoundException"/>, streaming or not.</summary>
    public static async Task<(string Name, OllamaModelNotFoundException Unary, OllamaModelNotFoundException Streaming)> ModelNotFoundAsync(OllamaTarget target)
    {
        using var client = target.CreateClient();
        var name = UniqueName("missing");
        var request = new ChatRequest(name, Message.User("hi"));

        var unary = await Guard.Throws<OllamaModelNotFoundException>(() => client.ChatAsync(request), target.Bound);
        var streaming = await Guard.Throws<OllamaModelNotFoundException>(
            () => Guard.ToListAsync(client.ChatStreamingAsync(request), target.Bound), target.Bound);

        foreach (var error in (OllamaModelNotFoundException[])[unary, streaming])
        {
            Assert.Equal(System.Net.HttpStatusCode.NotFound, error.StatusCode);
            Assert.Contains(name, error.ServerMessage!, StringComparison.Ordinal);
            Assert.Contains("not found", error.ServerMessage!, StringComparison.Ordinal);
            Assert.True(error.ModelName is not null && SameModel(error.ModelName, name), $"model name {error.ModelName}");
        }

        return (name, unary, streaming);
    }

    /// <summary>GET / (is it running), GET /api/status, and HEAD /api/blobs/:digest for a blob nobody uploaded.</summary>
    public static async Task<(bool Running, ServerStatus Status, bool BlobExists)> ServerAsync(OllamaTarget target)
    {
        using var client = target.CreateClient();

        var running = await client.IsRunningAsync().Within(target.Bound);
        var status = await client.GetStatusAsync().Within(target.Bound);
        var digest = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Guid.NewGuid().ToByteArray()));
        var blobExists = await client.BlobExistsAsync(digest).Within(target.Bound);

        Assert.True(running);
        Assert.NotNull(status.Cloud);
        Assert.Contains(status.Cloud.Source, (string[])["none", "env", "config", "both"]);
        Assert.False(blobExists);
        return (running, status, blobExists);
    }

    /// <summary>GET /api/experimental/model-recommendations: a non-empty list (the server has a built-in fallback).</summary>
    public static async Task<ModelRecommendationsResult> RecommendationsAsync(OllamaTarget target)
    {
        using var client = target.CreateClient();
        var result = await client.GetModelRecommendationsAsync().Within(target.Bound);

        Assert.NotEmpty(result.Recommendations);
        Assert.All(result.Recommendations, r =>
        {
            Assert.False(string.IsNullOrWhiteSpace(r.Model));
            Assert.True(r.ContextLength is null or > 0);
            Assert.True(r.VramBytes is null or > 0);
        });
        return result;
    }

    /// <summary>A model name no other run uses: <c>ollama-net-test-{kind}-{8 hex}</c>.</summary>
    public static string UniqueName(string kind) => $"ollama-net-test-{kind}-{Guid.NewGuid().ToString("N")[..8]}";

    private static async Task DeleteIfPresentAsync(OllamaClient client, string name, TimeSpan bound)
    {
        try
        {
            await client.DeleteModelAsync(name).Within(bound);
        }
        catch (OllamaModelNotFoundException)
        {
            // Never created: nothing to clean up.
        }
    }

    private static double Norm(ReadOnlySpan<float> vector)
    {
        var sumSquares = 0.0;
        foreach (var x in vector)
        {
            Assert.True(float.IsFinite(x));
            sumSquares += (double)x * x;
        }

        return Math.Sqrt(sumSquares);
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
