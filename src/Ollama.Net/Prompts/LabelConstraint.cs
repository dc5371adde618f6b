using System.Text;

namespace Ollama.Net.Prompts;

/// <summary>
/// An answer that is exactly one label of a fixed set, such as a sentiment. Matching ignores case and width ("Positive.",
/// "POSITIVE", "ｐｏｓｉｔｉｖｅ"), markdown, quotes and a leading "Answer:" / "Sentiment:" / "答案：". A reply that names
/// several labels, denies a label ("not positive", "不积极"), or names none is rejected with the reason.
/// Create it with <see cref="FormatConstraint.OneOf"/>; add other words for a label (such as Chinese ones) with <see cref="WithSynonyms"/>.
/// </summary>
/// <example>
/// <code>
/// var sentiment = FormatConstraint.OneOf("Positive", "Negative", "Neutral")
///     .WithSynonyms("Positive", "积极", "正面")
///     .WithSynonyms("Negative", "消极", "负面")
///     .WithSynonyms("Neutral", "中性");
/// sentiment.Parse("积极").Value;          // "Positive"
/// sentiment.Parse("**Positive.**").Value; // "Positive"
/// </code>
/// </example>
public sealed class LabelConstraint : FormatConstraint<string>
{
    private static readonly string[] EnglishNegations = ["not", "n't", "no", "never", "neither", "nor", "hardly"];
    private static readonly string[] ChineseNegations = ["不", "非", "没", "没有", "无", "不是", "并非", "未"];

    private readonly string[] _labels;
    private readonly Dictionary<string, string[]> _synonyms;
    private readonly (string Form, string Label)[] _forms;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="labels">The allowed labels (at least one; no duplicates, ignoring case and width).</param>
    /// <exception cref="ArgumentException">No label, an empty label, or a duplicate.</exception>
    public LabelConstraint(params string[] labels)
        : this(labels, new Dictionary<string, string[]>(StringComparer.Ordinal))
    {
    }

    private LabelConstraint(string[] labels, Dictionary<string, string[]> synonyms)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Length == 0)
        {
            throw new ArgumentException("Give at least one label, for example FormatConstraint.OneOf(\"Positive\", \"Negative\").", nameof(labels));
        }

        _labels = [.. labels];
        _synonyms = synonyms;
        var forms = new List<(string, string)>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var label in _labels)
        {
            if (string.IsNullOrWhiteSpace(label))
            {
                throw new ArgumentException("A label is empty or white space.", nameof(labels));
            }

            AddForm(label, label);
            if (synonyms.TryGetValue(label, out var words))
            {
                foreach (var word in words)
                {
                    AddForm(word, label);
                }
            }
        }

        _forms = [.. forms];

        void AddForm(string text, string label)
        {
            var form = Normalize(text);
            if (form.Length == 0)
            {
                throw new ArgumentException($"The label or synonym \"{text}\" has no letters or digits.", nameof(labels));
            }

            if (seen.TryGetValue(form, out var owner))
            {
                throw new ArgumentException(
                    owner == label
                        ? $"\"{text}\" is given twice for the label \"{label}\"."
                        : $"\"{text}\" would match both \"{owner}\" and \"{label}\"; labels and synonyms must differ (ignoring case and width).",
                    nameof(labels));
            }

            seen.Add(form, label);
            forms.Add((form, label));
        }
    }

    /// <summary>Gets the allowed labels, in the order given.</summary>
    public IReadOnlyList<string> Labels => _labels;

    /// <summary>Gets the synonyms added for a label (empty when none).</summary>
    /// <param name="label">One of <see cref="Labels"/>.</param>
    /// <returns>The synonyms.</returns>
    public IReadOnlyList<string> GetSynonyms(string label)
        => _synonyms.TryGetValue(label, out var words) ? words : [];

    /// <summary>
    /// Returns a copy where other words also count as <paramref name="label"/> (for example "积极" for "Positive").
    /// The parsed value is always the label itself.
    /// </summary>
    /// <param name="label">One of <see cref="Labels"/> (exact spelling).</param>
    /// <param name="synonyms">The words that mean the same.</param>
    /// <returns>A new constraint; this one is unchanged.</returns>
    /// <exception cref="ArgumentException">The label is unknown, or a synonym clashes with another label or synonym.</exception>
    public LabelConstraint WithSynonyms(string label, params string[] synonyms)
    {
        ArgumentNullException.ThrowIfNull(label);
        ArgumentNullException.ThrowIfNull(synonyms);
        if (Array.IndexOf(_labels, label) < 0)
        {
            throw new ArgumentException($"\"{label}\" is not one of the labels ({string.Join(", ", _labels)}).", nameof(label));
        }

        var copy = new Dictionary<string, string[]>(_synonyms, StringComparer.Ordinal);
        copy[label] = [.. GetSynonyms(label), .. synonyms];
        return new LabelConstraint(_labels, copy);
    }

    /// <inheritdoc/>
    public override string GetInstruction(PromptLanguage language) => Localized.Pick(language,
        $"Answer with exactly one of these labels and nothing else: {Localized.JoinList(language, _labels)}.",
        $"只回答以下标签中的一个，不要输出其他内容：{Localized.JoinList(language, _labels)}。");

    /// <inheritdoc/>
    public override string GetInstructionAfterReasoning(PromptLanguage language) => Localized.Pick(language,
        $"After your reasoning, give the final answer on the last line in the form \"Answer: <label>\", where <label> is one of: {Localized.JoinList(language, _labels)}.",
        $"推理结束后，在最后一行以“答案：<标签>”的格式给出最终答案，<标签>只能是以下之一：{Localized.JoinList(language, _labels)}。");

    /// <inheritdoc/>
    public override string GetReminder(PromptLanguage language) => Localized.Pick(language,
        $"Remember: reply with one label only ({Localized.JoinAlternatives(language, _labels)}).",
        $"再次强调：只回复一个标签（{Localized.JoinAlternatives(language, _labels)}）。");

    /// <inheritdoc/>
    protected override ParseResult<string> ParseCore(string reply)
    {
        var text = ReplyText.AfterLastAnswerMarker(ReplyText.Clean(reply));
        var whole = Normalize(text);
        if (Find(whole) is { } exact)
        {
            return ParseResult<string>.Success(exact, reply);
        }

        // "Sentiment: Positive", "情感：积极", "Classification - Neutral".
        var colon = text.IndexOfAny([':', '：']);
        if (colon > 0 && colon <= 30 && Find(Normalize(text[(colon + 1)..])) is { } afterColon)
        {
            return ParseResult<string>.Success(afterColon, reply);
        }

        var lower = Normalize(text, keepPunctuation: true);
        var mentions = FindMentions(lower);
        var named = new List<string>();
        var denied = new List<string>();
        foreach (var (start, _, label) in mentions)
        {
            var list = IsNegated(lower, start) ? denied : named;
            if (!list.Contains(label))
            {
                list.Add(label);
            }
        }

        if (named.Count == 1)
        {
            return ParseResult<string>.Success(named[0], reply);
        }

        if (named.Count > 1)
        {
            return ParseResult<string>.Failure(ParseErrorKind.Ambiguous,
                $"The reply names several labels ({string.Join(", ", named)}); expected exactly one.", reply,
                $"回答中包含多个标签（{string.Join("、", named)}），只能有一个。");
        }

        if (denied.Count > 0)
        {
            return ParseResult<string>.Failure(ParseErrorKind.Negated,
                $"The reply denies \"{denied[0]}\" instead of naming one label.", reply,
                $"回答否定了“{denied[0]}”，而不是给出一个标签。");
        }

        return ParseResult<string>.Failure(ParseErrorKind.NoValue,
            $"\"{TextSnippet.Of(reply)}\" is not one of the labels: {string.Join(", ", _labels)}.", reply,
            $"“{TextSnippet.Of(reply)}”不是以下标签之一：{string.Join("、", _labels)}。");
    }

    private string? Find(string form)
    {
        foreach (var (f, label) in _forms)
        {
            if (f == form)
            {
                return label;
            }
        }

        return null;
    }

    private List<(int Start, int End, string Label)> FindMentions(string lower)
    {
        var all = new List<(int Start, int End, string Label)>();
        foreach (var (form, label) in _forms)
        {
            var at = 0;
            while ((at = lower.IndexOf(form, at, StringComparison.Ordinal)) >= 0)
            {
                var end = at + form.Length;
                var leftOk = !IsAsciiWord(form[0]) || at == 0 || !IsAsciiWord(lower[at - 1]);
                var rightOk = !IsAsciiWord(form[^1]) || end == lower.Length || !IsAsciiWord(lower[end]);
                if (leftOk && rightOk)
                {
                    all.Add((at, end, label));
                }

                at++;
            }
        }

        // A longer label wins over a shorter one inside it ("very positive" over "positive").
        all.Sort((a, b) => (b.End - b.Start).CompareTo(a.End - a.Start));
        var kept = new List<(int Start, int End, string Label)>();
        foreach (var m in all)
        {
            if (!kept.Exists(k => m.Start >= k.Start && m.End <= k.End))
            {
                kept.Add(m);
            }
        }

        kept.Sort((a, b) => a.Start.CompareTo(b.Start));
        return kept;
    }

    private static bool IsNegated(string lower, int start)
    {
        var before = lower.AsSpan(0, start).TrimEnd();
        foreach (var word in EnglishNegations)
        {
            if (before.EndsWith(word, StringComparison.Ordinal)
                && (before.Length == word.Length || !IsAsciiWord(before[before.Length - word.Length - 1]) || word == "n't"))
            {
                return true;
            }
        }

        foreach (var word in ChineseNegations)
        {
            if (before.EndsWith(word, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsAsciiWord(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    /// <summary>Width-folded, lower-case, single-spaced; without <paramref name="keepPunctuation"/> also trimmed of quotes and punctuation.</summary>
    private static string Normalize(string text, bool keepPunctuation = false)
    {
        var folded = ReplyText.FoldWidth(text).ToLowerInvariant().Replace('’', '\'');
        var sb = new StringBuilder(folded.Length);
        var space = false;
        foreach (var c in folded)
        {
            if (char.IsWhiteSpace(c))
            {
                space = sb.Length > 0;
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            sb.Append(c);
        }

        var s = sb.ToString();
        return keepPunctuation ? s : ReplyText.TrimDecorations(s);
    }
}
