namespace Ollama.Net.Prompts;

/// <summary>
/// The language of the instruction text that <see cref="PromptBuilder"/> and the <see cref="FormatConstraint"/> types write
/// into a prompt (headings such as "Task:" or "任务：", format rules, reminders and the corrective messages of a re-ask).
/// Your own text (the task, the context, the examples) is never translated.
/// </summary>
public enum PromptLanguage
{
    /// <summary>English instruction text ("Task: …", "Answer with a whole number from 1 to 10 and nothing else.").</summary>
    English = 0,

    /// <summary>Simplified Chinese instruction text ("任务：…", "只回答1到10之间的一个整数，不要输出其他内容。").</summary>
    Chinese = 1,
}
