namespace Ollama.Net.Prompts;

/// <summary>
/// A whole-number answer, optionally within an inclusive range, such as a 1–10 score. Accepts "8", "8分", "８",
/// "Score: 8/10", "评分：8", "I'd rate it 8/10.", "打八分"; rejects "11" (out of range), "7.5" (not whole) and "8 or 9"
/// (ambiguous), each with a clear reason. Create it with <see cref="FormatConstraint.Integer"/>.
/// </summary>
/// <example>
/// <code>
/// var score = FormatConstraint.Integer(1, 10);
/// ParseResult&lt;int&gt; r = score.Parse("**Score:** 9");   // r.Value == 9
/// score.Parse("11").Error;                               // "11 is outside the allowed range (1 to 10)."
/// </code>
/// </example>
public sealed class IntegerConstraint : FormatConstraint<int>
{
    private readonly NumberTexts _texts;
    private readonly NumberScale _scale;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="minimum">The smallest allowed value, or <see langword="null"/> for no lower bound.</param>
    /// <param name="maximum">The largest allowed value, or <see langword="null"/> for no upper bound.</param>
    /// <exception cref="ArgumentException"><paramref name="minimum"/> is greater than <paramref name="maximum"/>.</exception>
    public IntegerConstraint(int? minimum = null, int? maximum = null)
    {
        if (minimum > maximum)
        {
            throw new ArgumentException($"The minimum ({minimum}) is greater than the maximum ({maximum}).", nameof(minimum));
        }

        Minimum = minimum;
        Maximum = maximum;
        _texts = new NumberTexts(minimum, maximum, whole: true);
        _scale = NumberReader.BuildScale(minimum, maximum);
    }

    /// <summary>Gets the smallest allowed value, or <see langword="null"/>.</summary>
    public int? Minimum { get; }

    /// <summary>Gets the largest allowed value, or <see langword="null"/>.</summary>
    public int? Maximum { get; }

    /// <summary>Gets the phrase naming the expected value ("a whole number from 1 to 10" / "1到10之间的一个整数").</summary>
    /// <param name="language">The language of the phrase.</param>
    /// <returns>The phrase.</returns>
    public string Describe(PromptLanguage language) => _texts.Describe(language);

    /// <inheritdoc/>
    public override string GetInstruction(PromptLanguage language) => _texts.Instruction(language);

    /// <inheritdoc/>
    public override string GetInstructionAfterReasoning(PromptLanguage language) => _texts.InstructionAfterReasoning(language);

    /// <inheritdoc/>
    public override string GetReminder(PromptLanguage language) => _texts.Reminder(language);

    /// <inheritdoc/>
    protected override ParseResult<int> ParseCore(string reply)
    {
        var reading = NumberReader.Read(reply, _scale);
        if (!reading.IsFound)
        {
            return NumberTexts.Fail<int>(reading, reply);
        }

        if (reading.Value != decimal.Truncate(reading.Value))
        {
            return ParseResult<int>.Failure(ParseErrorKind.NotWholeNumber, $"{reading.Text} is not a whole number.", reply, $"{reading.Text}不是整数。");
        }

        if (reading.Value is > int.MaxValue or < int.MinValue)
        {
            return NumberTexts.Fail<int>(NumberReading.Overflow(reading.Text), reply);
        }

        var value = (int)reading.Value;
        if (value < Minimum || value > Maximum)
        {
            var (en, zh) = _texts.OutOfRange(reading.Text);
            return ParseResult<int>.Failure(ParseErrorKind.OutOfRange, en, reply, zh);
        }

        return ParseResult<int>.Success(value, reply);
    }
}
