using System.Text.Json.Nodes;
using Ollama.Net.Testing;

namespace Ollama.Net.Interop.Tests;

/// <summary>
/// The scripted world both foreign clients talk to, and exactly what the server sends for it. Each interop test checks
/// that the client saw these values, no more and no less.
/// </summary>
internal static class Script
{
    public const string Chat = "qwen2.5:0.5b";
    public const string Thinker = "qwen3:0.6b";
    public const string Embedder = "all-minilm";
    public const string Pullable = "tiny:1b";

    /// <summary>Go escapes &lt; &gt; &amp; as \u003c...; the cat emoji is a surrogate pair (4 UTF-8 bytes).</summary>
    public const string Content = "Hi <b>&</b> 猫🐈!";

    /// <summary><see cref="Content"/> in chunks of 3 text elements, as the server streams it.</summary>
    public static readonly string[] ContentChunks = ["Hi ", "<b>", "&</", "b> ", "猫🐈!"];

    public const string Thinking = "User wants chat.";

    /// <summary><see cref="Thinking"/> in chunks of 3.</summary>
    public static readonly string[] ThinkingChunks = ["Use", "r w", "ant", "s c", "hat", "."];

    public const int PromptEvalCount = 11;
    public const int EvalCount = 5;

    public static readonly long[] PullLayers = [1000, 300];

    public static ScriptedReply Reply(bool thinking = false) => new()
    {
        Content = Content,
        Thinking = thinking ? Thinking : null,
        ChunkSize = 3,
        PromptEvalCount = PromptEvalCount,
        EvalCount = EvalCount,
    };

    public static ScriptedReply ToolReply() => new()
    {
        ToolCalls = [new ScriptedToolCall("get_weather", new JsonObject { ["city"] = "Tokyo", ["days"] = 2 }) { Id = "call_tokyo" }],
    };

    /// <summary>A server with the offline preset's installed models, and <see cref="Pullable"/> in its registry.</summary>
    public static async Task<OllamaTestServer> StartAsync(string version = "0.32.15")
    {
        var options = new OllamaTestServerOptions { Version = version };
        foreach (var model in PresetModels.Installed)
        {
            options.Models.Add(model);
        }

        options.Registry.Add(new TestModel(Pullable) { LayerSizes = PullLayers, Family = "tiny" });
        return await OllamaTestServer.StartAsync(options).WaitAsync(Bound);
    }

    /// <summary>A hang guard for one await; never a timing assertion.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(8);

    /// <summary>The pull progress lines the server sends for <see cref="Pullable"/> (3 steps per layer).</summary>
    public static IReadOnlyList<(string Status, string? Digest, long? Total, long? Completed)> PullLines(IReadOnlyList<string> layerDigests)
    {
        var lines = new List<(string, string?, long?, long?)> { ("pulling manifest", null, null, null) };
        for (var i = 0; i < PullLayers.Length; i++)
        {
            var digest = layerDigests[i];
            for (var step = 0; step <= 3; step++)
            {
                var completed = PullLayers[i] * step / 3;
                lines.Add(($"pulling {digest[7..19]}", digest, PullLayers[i], completed == 0 ? null : completed));
            }
        }

        lines.Add(("verifying sha256 digest", null, null, null));
        lines.Add(("writing manifest", null, null, null));
        lines.Add(("success", null, null, null));
        return lines;
    }
}
