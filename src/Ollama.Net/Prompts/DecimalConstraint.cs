namespace Ollama.Net.Prompts;

/// <summary>
/// A number that may have decimals ("7.5", "0.85", "评分：7.5分"), optionally within an inclusive range. Rejects
/// out-of-range values and ambiguous replies with a clear reason. Create it with <see cref="FormatConstraint.Decimal"/>.
/// </summary>
/// <example>
/// <code>
/// var confidence = FormatConstraint.Decimal(0m, 1m);
/// confidence.Parse("Confidence: 0.85").Value;   // 0.85m
/// </code>
/// </example>
public sealed class DecimalConstraint : FormatConstraint<decimal>
{
    private readonly NumberTexts _texts;
    private readonly NumberScale _scale;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="minimum">The smallest allowed value, or <see langword="null"/> for no lower bound.</param>
    /// <param name="maximum">The largest allowed value, or <see langword="null"/> for no upper bound.</param>
    /// <exception cref="ArgumentException"><paramref name="minimum"/> is greater than <paramref name="maximum"/>.</exception>
    public DecimalConstraint(decimal? minimum = null, decimal? maximum = null)
    {
        if (minimum > maximum)
        {
            throw new ArgumentException($"The minimum ({minimum}) is greater than the maximum ({maximum}).", nameof(minimum));
        }

        Minimum = minimum;
        Maximum = maximum;
        _texts = new NumberTexts(minimum, maximum, whole: false);
        _scale = NumberReader.BuildScale(minimum, maximum);
    }

    /// <summary>Gets the smallest allowed value, or <see langword="null"/>.</summary>
    public decimal? Minimum { get; }

    /// <summary>Gets the largest allowed value, or <see langword="null"/>.</summary>
    public decimal? Maximum { get; }

    /// <summary>Gets the phrase naming the expected value ("a number from 0 to 1 (decimals allowed)").</summary>
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
    protected override ParseResult<decimal> ParseCore(string reply)
    {
        var reading = NumberReader.Read(reply, _scale);
        if (!reading.IsFound)
        {
            return NumberTexts.Fail<decimal>(reading, reply);
        }

        if (reading.Value < Minimum || reading.Value > Maximum)
        {
            var (en, zh) = _texts.OutOfRange(reading.Text);
            return ParseResult<decimal>.Failure(ParseErrorKind.OutOfRange, en, reply, zh);
        }

        return ParseResult<decimal>.Success(reading.Value, reply);
    }
}
