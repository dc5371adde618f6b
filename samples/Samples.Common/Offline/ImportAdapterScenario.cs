using Ollama.Net.Testing;

namespace Samples.Common.Offline;

/// <summary>
/// Offline server for the ImportAdapter sample: the server checks the uploaded files (digest, GGUF magic, one adapter)
/// as Ollama does; a chat with a created model answers as its system prompt (a classical-poetry teacher) asks.
/// </summary>
public sealed class ImportAdapterScenario : OfflineScenario
{
    /// <inheritdoc />
    public override void Configure(OllamaTestServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ProgressSteps = 8;
        options.ReplyGenerator = new ReplyRules()
            .When(c => (c.Model.System ?? string.Empty).Contains("古诗词老师", StringComparison.Ordinal) && ReplyRules.ConversationText(c).Contains("明月几时有", StringComparison.Ordinal),
                _ => new ScriptedReply { Content = "出自北宋苏轼的《水调歌头·明月几时有》，是他在丙辰年（1076年）中秋写给弟弟苏辙的词。", ChunkSize = 3 })
            .Reply;
    }
}
