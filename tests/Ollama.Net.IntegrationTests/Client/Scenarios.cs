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

    /// <summary>Ollama adds ":latest" to a name without a tag.</summary>
    public static bool SameModel(string actual, string expected) =>
        string.Equals(Normalize(actual), Normalize(expected), StringComparison.OrdinalIgnoreCase);

    private static string Normalize(string name) => name.Contains(':', StringComparison.Ordinal) ? name : name + ":latest";
}
