namespace Ollama.Net.Prompts;

/// <summary>How <see cref="PromptBuilder"/> presents few-shot and one-shot examples.</summary>
public enum ExampleStyle
{
    /// <summary>
    /// Inside the user message, under "Examples:" / "示例：", as "Input: …" / "Output: …" pairs, followed by the input.
    /// Everything is one user message (the tutorial's single-prompt form).
    /// </summary>
    Inline = 0,

    /// <summary>
    /// As alternating user/assistant turns before the final user turn. The instructions (context, task, steps, format, negative
    /// instructions) then go into the system message so the model knows the task before it sees the examples, and the final
    /// user turn carries the input. <see cref="Prompt.ToGenerateRequest"/> has no turns and falls back to <see cref="Inline"/>.
    /// </summary>
    Turns = 1,
}
