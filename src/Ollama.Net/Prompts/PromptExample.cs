namespace Ollama.Net.Prompts;

/// <summary>One worked example for few-shot or one-shot prompting: an input and the answer the model should give.</summary>
/// <param name="Input">The example input, such as "1025".</param>
/// <param name="Output">The expected answer, such as "1".</param>
public sealed record PromptExample(string Input, string Output);
