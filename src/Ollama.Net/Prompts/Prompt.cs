using System.Text;

namespace Ollama.Net.Prompts;

/// <summary>
/// An immutable prompt built by <see cref="PromptBuilder.Build"/>: the chat turns, the same prompt in single-message form
/// (for <c>/api/generate</c>), and the output-format constraint used to parse the answer. Convert it with
/// <see cref="ToChatRequest"/> or <see cref="ToGenerateRequest"/>.
/// </summary>
/// <example>
/// <code>
/// Prompt prompt = new PromptBuilder().WithTask("Rate the company from 1 to 10.").WithInput("Acme").Build();
/// ChatResult reply = await client.ChatAsync(prompt.ToChatRequest("qwen3"));
/// </code>
/// </example>
public sealed class Prompt
{
    internal Prompt(
        PromptLanguage language,
        IReadOnlyList<PromptTurn> turns,
        string? systemText,
        string userText,
        FormatConstraint? formatConstraint,
        bool asksForReasoning)
    {
        Language = language;
        Turns = turns;
        SystemText = systemText;
        UserText = userText;
        FormatConstraint = formatConstraint;
        AsksForReasoning = asksForReasoning;
    }

    /// <summary>Gets the language of the generated instruction text.</summary>
    public PromptLanguage Language { get; }

    /// <summary>Gets the chat messages, in order: an optional system turn, example turns (for <see cref="ExampleStyle.Turns"/>), and the final user turn.</summary>
    public IReadOnlyList<PromptTurn> Turns { get; }

    /// <summary>Gets the system text of the single-message form (the role), or <see langword="null"/> when no role was set.</summary>
    public string? SystemText { get; }

    /// <summary>Gets the user text of the single-message form: everything but the role, with examples inline.</summary>
    public string UserText { get; }

    /// <summary>Gets the output-format constraint, or <see langword="null"/> when none was set.</summary>
    public FormatConstraint? FormatConstraint { get; }

    /// <summary>Gets a value indicating whether the prompt asks the model to reason before answering (chain of thought, steps, tree of thought).</summary>
    public bool AsksForReasoning { get; }

    /// <summary>
    /// Gets the <c>format</c> sent with the request: the constraint's JSON schema, unless the prompt asks for reasoning
    /// (constrained decoding would leave no room for the reasoning text); otherwise <see langword="null"/>.
    /// </summary>
    public OutputFormat? RequestFormat => AsksForReasoning ? null : FormatConstraint?.RequestFormat;

    /// <summary>Creates a chat request with these turns and, for JSON constraints, the schema as <c>format</c>.</summary>
    /// <param name="model">The model name, such as "qwen3".</param>
    /// <returns>A new request; set streaming, options or think on it as needed.</returns>
    public ChatRequest ToChatRequest(string model)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        return new ChatRequest(model, ToMessages()) { Format = RequestFormat };
    }

    /// <summary>Creates a generate request from the single-message form (<see cref="SystemText"/> and <see cref="UserText"/>).</summary>
    /// <param name="model">The model name.</param>
    /// <returns>A new request.</returns>
    public GenerateRequest ToGenerateRequest(string model)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        return new GenerateRequest(model, UserText) { System = SystemText, Format = RequestFormat };
    }

    /// <summary>Creates new wire messages for <see cref="Turns"/>.</summary>
    /// <returns>A new list.</returns>
    public IList<Message> ToMessages() => Turns.Select(t => t.ToMessage()).ToList();

    /// <summary>Returns the turns as readable text ("[system]", "[user]", "[assistant]" headers).</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var turn in Turns)
        {
            if (sb.Length > 0)
            {
                sb.Append("\n\n");
            }

            sb.Append('[').Append(turn.Role.Value).Append("]\n").Append(turn.Text);
        }

        return sb.ToString();
    }
}
