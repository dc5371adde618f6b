using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Ollama.Net.Prompts;

/// <summary>
/// An output-format constraint: it knows the instruction text to add to a prompt (in either <see cref="PromptLanguage"/>),
/// how to parse the model's answer (<see cref="FormatConstraint{T}.Parse(string?)"/>), and, for JSON, the schema to send as the
/// request's <c>format</c>. Create one with the static factories (<see cref="Integer"/>, <see cref="Decimal"/>,
/// <see cref="OneOf"/>, <see cref="Json{T}"/>, <see cref="List"/>) and pass it to <see cref="PromptBuilder.WithOutputFormat"/>.
/// </summary>
/// <example>
/// <code>
/// var score = FormatConstraint.Integer(1, 10);
/// score.GetInstruction(PromptLanguage.English); // "Answer with a whole number from 1 to 10 and nothing else."
/// score.Parse("评分：8分").Value;                 // 8
/// score.Parse("8 or 9").Error;                   // "The reply contains several numbers (8, 9); expected exactly one."
/// </code>
/// </example>
public abstract class FormatConstraint
{
    /// <summary>Initializes a new instance for a derived constraint.</summary>
    protected FormatConstraint()
    {
    }

    /// <summary>Gets the JSON Schema to send as the request's <c>format</c>, or <see langword="null"/> when the answer is not JSON.</summary>
    public virtual JsonElement? JsonSchema => null;

    /// <summary>
    /// Gets the <c>format</c> to send with the request (<see cref="GenerationRequest.Format"/> of a chat or generate request),
    /// or <see langword="null"/> when the answer is plain text. JSON constraints return their schema.
    /// </summary>
    public virtual OutputFormat? RequestFormat => null;

    /// <summary>Gets the sentence that asks for this format when the answer comes alone ("Answer with … and nothing else.").</summary>
    /// <param name="language">The language of the instruction.</param>
    /// <returns>The instruction text.</returns>
    public abstract string GetInstruction(PromptLanguage language);

    /// <summary>
    /// Gets the sentence that asks for this format after the model has reasoned (chain of thought, steps, tree of thought):
    /// the final answer on the last line, after "Answer:" / "答案：", which the parsers look for.
    /// </summary>
    /// <param name="language">The language of the instruction.</param>
    /// <returns>The instruction text.</returns>
    public abstract string GetInstructionAfterReasoning(PromptLanguage language);

    /// <summary>Gets the same requirement phrased differently, for repeating it at the end of a prompt.</summary>
    /// <param name="language">The language of the reminder.</param>
    /// <returns>The reminder text.</returns>
    public abstract string GetReminder(PromptLanguage language);

    /// <summary>
    /// Gets the corrective user message of a re-ask: what was wrong with the previous answer and the expected format.
    /// </summary>
    /// <param name="language">The language of the message.</param>
    /// <param name="error">Why the previous answer did not parse.</param>
    /// <param name="afterReasoning">Whether the prompt asked the model to reason before answering.</param>
    /// <returns>The message text.</returns>
    public virtual string GetCorrection(PromptLanguage language, string error, bool afterReasoning)
    {
        Localized.Check(language);
        ArgumentException.ThrowIfNullOrWhiteSpace(error);
        var instruction = afterReasoning ? GetInstructionAfterReasoning(language) : GetInstruction(language);
        return Localized.Pick(language,
            $"Your previous answer could not be used: {error}\nAnswer again. {instruction}",
            $"你上一次的回答无法使用：{error}\n请重新回答。{instruction}");
    }

    /// <summary>A whole number, optionally within a range (inclusive): a 1–10 score is <c>Integer(1, 10)</c>.</summary>
    /// <param name="minimum">The smallest allowed value, or <see langword="null"/> for no lower bound.</param>
    /// <param name="maximum">The largest allowed value, or <see langword="null"/> for no upper bound.</param>
    /// <returns>The constraint.</returns>
    public static IntegerConstraint Integer(int? minimum = null, int? maximum = null) => new(minimum, maximum);

    /// <summary>A number that may have decimals ("7.5"), optionally within a range (inclusive).</summary>
    /// <param name="minimum">The smallest allowed value, or <see langword="null"/> for no lower bound.</param>
    /// <param name="maximum">The largest allowed value, or <see langword="null"/> for no upper bound.</param>
    /// <returns>The constraint.</returns>
    public static DecimalConstraint Decimal(decimal? minimum = null, decimal? maximum = null) => new(minimum, maximum);

    /// <summary>One label from a fixed set, matched case- and width-insensitively ("Positive.", "ＰＯＳＩＴＩＶＥ").</summary>
    /// <param name="labels">The allowed labels, as they should appear in the instruction and in the parsed value.</param>
    /// <returns>The constraint; add synonyms with <see cref="LabelConstraint.WithSynonyms"/>.</returns>
    public static LabelConstraint OneOf(params string[] labels) => new(labels);

    /// <summary>A JSON value deserialized into <typeparamref name="T"/> through source-generated metadata.</summary>
    /// <typeparam name="T">The type of the answer.</typeparam>
    /// <param name="typeInfo">The metadata from your <c>JsonSerializerContext</c> (for example <c>MyContext.Default.Rating</c>).</param>
    /// <returns>The constraint.</returns>
    public static JsonConstraint<T> Json<T>(JsonTypeInfo<T> typeInfo) => new(typeInfo);

    /// <summary>A list of text items (bulleted, numbered, one per line, or separated by commas or 、).</summary>
    /// <param name="minimumCount">The fewest items allowed (at least 1).</param>
    /// <param name="maximumCount">The most items allowed, or <see langword="null"/> for no limit.</param>
    /// <returns>The constraint.</returns>
    public static ListConstraint List(int minimumCount = 1, int? maximumCount = null) => new(minimumCount, maximumCount);
}
