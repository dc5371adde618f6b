namespace Ollama.Net.Prompts;

/// <summary>Settings for <see cref="Reasker"/> and <see cref="OllamaClientPromptExtensions"/>.</summary>
public sealed class ReaskOptions
{
    private int _maxAttempts = 3;

    /// <summary>Gets or sets the most requests to make, the first one included (1 to 20; 3 by default).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1 or greater than 20.</exception>
    public int MaxAttempts
    {
        get => _maxAttempts;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 20);
            _maxAttempts = value;
        }
    }

    /// <summary>
    /// Gets or sets the language of the corrective messages; <see langword="null"/> (the default) uses the prompt's language,
    /// or English for a plain <see cref="ChatRequest"/>.
    /// </summary>
    public PromptLanguage? Language { get; set; }

    /// <summary>
    /// Gets or sets whether the corrective message asks for the answer after reasoning (on an "Answer:" line);
    /// <see langword="null"/> (the default) follows <see cref="Prompt.AsksForReasoning"/>, or <see langword="false"/> for a plain request.
    /// </summary>
    public bool? AfterReasoning { get; set; }

    /// <summary>
    /// Gets or sets whether a JSON constraint's schema is sent as the request's <c>format</c> when the request has none and no
    /// reasoning is asked for (default <see langword="true"/>). With <see langword="false"/>, an existing <c>format</c> is removed.
    /// </summary>
    public bool UseRequestFormat { get; set; } = true;
}
