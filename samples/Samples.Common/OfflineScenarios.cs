using Samples.Common.Offline;

namespace Samples.Common;

/// <summary>The offline scenario of each sample, in one place.</summary>
public static class OfflineScenarios
{
    /// <summary>HelloOllama: simulated answers, and reasoning that grows with the thinking level (see <see cref="HelloOllamaScenario"/>).</summary>
    public static OfflineScenario HelloOllama { get; } = new HelloOllamaScenario();

    /// <summary>Embeddings: the preset's deterministic hashing embedder (Chinese n-grams), nothing to script.</summary>
    public static OfflineScenario Embeddings => OfflineScenario.Default;

    /// <summary>PromptEngineering: one scripted reply per technique (see <see cref="PromptEngineeringScenario"/>).</summary>
    public static OfflineScenario PromptEngineering { get; } = new PromptEngineeringScenario();

    /// <summary>Chat: simulated answers with thinking that reports the history and system message (see <see cref="ChatScenario"/>).</summary>
    public static OfflineScenario Chat { get; } = new ChatScenario();

    /// <summary>ModelManagement: pulls with many progress steps per layer (see <see cref="ModelManagementScenario"/>).</summary>
    public static OfflineScenario ModelManagement { get; } = new ModelManagementScenario();

    /// <summary>Tools: calculator tool calls and a structured answer (see <see cref="ToolsScenario"/>).</summary>
    public static OfflineScenario Tools { get; } = new ToolsScenario();

    /// <summary>Batch: scores, a busy server once, a reply in words, a company that always fails (see <see cref="BatchScenario"/>).</summary>
    public static OfflineScenario Batch { get; } = new BatchScenario();

    /// <summary>Vision: a scripted description of the shipped picture, an honest one of any other (see <see cref="VisionScenario"/>).</summary>
    public static OfflineScenario Vision { get; } = new VisionScenario();

    /// <summary>Logprobs: answers scripted token by token with probabilities and alternatives (see <see cref="LogprobsScenario"/>).</summary>
    public static OfflineScenario Logprobs { get; } = new LogprobsScenario();

    /// <summary>FillInMiddle: the middle of the sample's function (see <see cref="FillInMiddleScenario"/>).</summary>
    public static OfflineScenario FillInMiddle { get; } = new FillInMiddleScenario();

    /// <summary>ImportAdapter: answers as a created model's system prompt asks (see <see cref="ImportAdapterScenario"/>).</summary>
    public static OfflineScenario ImportAdapter { get; } = new ImportAdapterScenario();

    /// <summary>WebSearch: a model that searches, reads the pages it found, and answers from them (see <see cref="WebSearchScenario"/>).</summary>
    public static OfflineScenario WebSearch { get; } = new WebSearchScenario();

    /// <summary>ExtensionsAI: the same calculator script as <see cref="Tools"/> (the pipeline offers the same tool).</summary>
    public static OfflineScenario ExtensionsAI => Tools;
}
