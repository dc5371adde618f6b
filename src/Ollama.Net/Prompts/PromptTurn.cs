namespace Ollama.Net.Prompts;

/// <summary>One message of a built <see cref="Prompt"/>: a role and its text.</summary>
/// <param name="Role">The role (<see cref="MessageRole.System"/>, <see cref="MessageRole.User"/> or <see cref="MessageRole.Assistant"/>).</param>
/// <param name="Text">The message text.</param>
public readonly record struct PromptTurn(MessageRole Role, string Text)
{
    /// <summary>Converts the turn into a wire <see cref="Message"/>.</summary>
    /// <returns>A new message.</returns>
    public Message ToMessage() => new(Role, Text);
}
