namespace Samples.Common;

/// <summary>What kind of model a sample needs: it picks the simulated model registered for an unknown offline --model.</summary>
public enum ModelKind
{
    /// <summary>A chat model (completion and tools), like qwen2.5:0.5b.</summary>
    Chat,

    /// <summary>A chat model that thinks, like qwen3:0.6b.</summary>
    Thinking,

    /// <summary>A chat model that sees images, like gemma3:4b.</summary>
    Vision,

    /// <summary>A code model that fills in the middle (generate with a suffix), like qwen2.5-coder:1.5b.</summary>
    Code,

    /// <summary>An embedding model, like all-minilm.</summary>
    Embedding,

    /// <summary>No model is needed up front (model management).</summary>
    None,
}
