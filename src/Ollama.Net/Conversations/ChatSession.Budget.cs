using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Ollama.Net.Serialization;

namespace Ollama.Net;

public sealed partial class ChatSession
{
    /// <summary>Tokens counted per message for its role markers.</summary>
    private const int MessageOverheadTokens = 4;

    /// <summary>Tokens counted for the assistant header that ends every prompt.</summary>
    private const int ReplyPrimerTokens = 4;

    /// <summary>Tokens counted per image, as Ollama's own truncation does (<c>server/prompt.go</c>).</summary>
    private const int ImageTokens = 768;

    /// <summary>Ollama's <c>num_ctx</c> when nothing sets it, below 24 GiB of VRAM.</summary>
    private const int DefaultContextLength = 4096;

    /// <summary>A shortfall of up to this many tokens (beyond the estimate's uncertainty) is not reported as truncation.</summary>
    private const int TruncationSlackTokens = 16;

    /// <summary>The least growth of the prompt, in estimated tokens, that is used to calibrate the estimate.</summary>
    private const int CalibrationMinimumTokens = 32;

    private int? _contextLength;
    private int? _serverContextLength;
    private ContextSource _contextSource;
    private int? _reservedReplyTokens;
    private Calibration? _calibration;
    private double _tokenRatio = 1;
    private bool _tokenRatioLearned;

    private enum ContextSource
    {
        /// <summary>Not asked yet.</summary>
        None,

        /// <summary>From the model (its <c>num_ctx</c> PARAMETER) or fixed: nothing to refine.</summary>
        Final,

        /// <summary>Ollama's default, to be replaced by the loaded runner's length from <c>/api/ps</c> after the first reply.</summary>
        Guess,
    }

    /// <summary>
    /// The context length, in tokens, the session budgets with. Set it to fix it; otherwise it is <c>num_ctx</c> from
    /// <see cref="Options"/> when set, else learned from the server at the first send: the model's <c>num_ctx</c> PARAMETER
    /// (<see cref="OllamaClient.ShowModelAsync(string, CancellationToken)"/>), else Ollama's default of 4096, both capped at
    /// the trained length (<see cref="ShowModelResult.ContextLength"/> or <see cref="ModelDetails.ContextLength"/>); after
    /// the first reply the default is replaced by the length the model was loaded with (<see cref="RunningModel.ContextLength"/>).
    /// Null until known.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value set is less than 1.</exception>
    public int? ContextLength
    {
        get => _contextLength ?? (Options?.NumCtx is int numCtx && numCtx > 0 ? numCtx : _serverContextLength);
        set
        {
            if (value is int length)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(length, 1, nameof(value));
            }

            _contextLength = value;
        }
    }

    /// <summary>
    /// Before each request, remove (or summarize) the oldest exchanges when the prompt would not leave
    /// <see cref="ReservedReplyTokens"/> of the context free (default true). False sends the whole history and never asks
    /// the server for the context length; truncation by Ollama is still reported.
    /// </summary>
    public bool KeepWithinContext { get; set; } = true;

    /// <summary>
    /// Tokens of the context kept free for the reply: null (default) uses <c>num_predict</c> from <see cref="Options"/> when
    /// set, else a quarter of the context length.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value set is negative.</exception>
    public int? ReservedReplyTokens
    {
        get => _reservedReplyTokens;
        set
        {
            if (value is int reserve)
            {
                ArgumentOutOfRangeException.ThrowIfNegative(reserve, nameof(value));
            }

            _reservedReplyTokens = value;
        }
    }

    /// <summary>
    /// Folds removed exchanges into a summary instead of dropping them: called with the current <see cref="Summary"/> (or
    /// null) and the messages being removed, oldest first; returns the new summary, which is sent as a system message after
    /// the system prompt. Null (default) drops them.
    /// </summary>
    public Func<string?, IReadOnlyList<Message>, CancellationToken, ValueTask<string>>? Summarizer { get; set; }

    /// <summary>
    /// Counts the tokens of a text for the budget; null (default) uses <see cref="EstimateTokens(string?)"/>. Plug in the
    /// model's real tokenizer here if you have one.
    /// </summary>
    public Func<string, int>? TokenEstimator { get; set; }

    /// <summary>The truncation Ollama made in the last exchange, or null when it evaluated the whole prompt each time.</summary>
    public PromptTruncation? LastPromptTruncation { get; private set; }

    /// <summary>
    /// The default token estimate: one token per CJK character (Han, kana, Hangul, and CJK punctuation and full-width
    /// forms) plus one per started group of four other characters, white space included (the rule of thumb Ollama's own
    /// agent uses). Real tokenizers differ, which the session corrects with the counts the server reports.
    /// </summary>
    /// <param name="text">The text; null counts as empty.</param>
    /// <returns>The estimated number of tokens.</returns>
    public static int EstimateTokens(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        int cjk = 0, other = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsCjk(rune.Value))
            {
                cjk++;
            }
            else
            {
                other++;
            }
        }

        return cjk + ((other + 3) / 4);
    }

    /// <summary>
    /// Estimates the prompt of the next request (the system prompt, the summary, the history and the tools), in tokens.
    /// Each message counts 4 tokens plus its content and tool calls (<see cref="TokenEstimator"/>) plus 768 per image;
    /// thinking is not counted (chat templates drop earlier thinking). Once the server has answered, the estimate starts
    /// from its last <c>prompt_eval_count</c> and adds the estimated difference, scaled by the ratio of counted to
    /// estimated tokens the session has observed.
    /// </summary>
    /// <returns>The estimated number of prompt tokens.</returns>
    public int EstimatePromptTokens()
        => Estimate(PromptMessages(), ToolTokens(Tools.Where(t => t is not null).Select(t => t.Definition).ToList())).Expected;

    private static bool IsCjk(int c) =>
        c is (>= 0x3000 and <= 0x30FF) or (>= 0x3400 and <= 0x4DBF) or (>= 0x4E00 and <= 0x9FFF) or (>= 0xAC00 and <= 0xD7AF)
            or (>= 0xF900 and <= 0xFAFF) or (>= 0xFF00 and <= 0xFFEF) or (>= 0x20000 and <= 0x3134F);

    /// <summary>The messages of the next request: system prompt, summary, then the history.</summary>
    private List<Message> PromptMessages()
    {
        var messages = new List<Message>(_history.Count + 2);
        if (_systemMessage is not null)
        {
            messages.Add(_systemMessage);
        }

        if (_summaryMessage is not null)
        {
            messages.Add(_summaryMessage);
        }

        messages.AddRange(_history);
        return messages;
    }

    private int Count(string? text) => string.IsNullOrEmpty(text) ? 0 : Math.Max(0, (TokenEstimator ?? EstimateTokens)(text));

    private int EstimateMessage(Message message)
    {
        var tokens = MessageOverheadTokens + Count(message.Content);
        foreach (var call in message.ToolCalls ?? [])
        {
            tokens += Count(call.Function.Name);
            if (call.Function.Arguments.ValueKind != JsonValueKind.Undefined)
            {
                tokens += Count(call.Function.Arguments.GetRawText());
            }
        }

        return tokens + (ImageTokens * (message.Images?.Count ?? 0));
    }

    private int ToolTokens(List<Tool>? tools)
        => tools is null ? 0 : tools.Sum(tool => Count(JsonSerializer.Serialize(tool, OllamaJsonContext.Default.Tool)));

    /// <summary>
    /// Estimates a prompt: its raw estimate; the expected count (the last count plus the calibrated difference); the
    /// uncertainty (the calibrated estimate of what changed since the last count); and the estimate of what was removed.
    /// </summary>
    private PromptEstimate Estimate(List<Message> messages, int toolTokens)
    {
        var last = _calibration;
        int raw = ReplyPrimerTokens + toolTokens, added = 0;
        foreach (var message in messages)
        {
            var tokens = EstimateMessage(message);
            raw += tokens;
            if (last is null || !last.Messages.Contains(message))
            {
                added += tokens;
            }
        }

        if (last is null)
        {
            return new PromptEstimate(raw, raw, raw, 0);
        }

        var current = new HashSet<Message>(messages, ReferenceEqualityComparer.Instance);
        var removed = last.Messages.Where(m => !current.Contains(m)).Sum(EstimateMessage);
        added += Math.Max(0, toolTokens - last.ToolTokens);
        removed += Math.Max(0, last.ToolTokens - toolTokens);
        var expected = last.PromptTokens + (int)Math.Round(_tokenRatio * (raw - last.Raw));
        return new PromptEstimate(raw, Math.Max(expected, 0), (int)Math.Round(_tokenRatio * (added + removed)), removed);
    }

    /// <summary>Builds the next request, first trimming the history to the budget when <see cref="KeepWithinContext"/> is on.</summary>
    private async Task<PromptPlan> PlanRequestAsync(
        OrderedDictionary<string, ChatTool>? tools, int exchangeStart, int round, CancellationToken cancellationToken)
    {
        var definitions = tools?.Values.Select(t => t.Definition).ToList();
        var toolTokens = ToolTokens(definitions);
        var contextLength = await ResolveContextLengthAsync(cancellationToken).ConfigureAwait(false);
        if (KeepWithinContext && contextLength is int length)
        {
            exchangeStart = await TrimAsync(length, toolTokens, exchangeStart, cancellationToken).ConfigureAwait(false);
        }

        var messages = PromptMessages();
        var request = new ChatRequest
        {
            Model = Model,
            Messages = messages,
            Tools = definitions,
            Options = Options,
            Think = Think,
            Format = Format,
            KeepAlive = KeepAlive,
            Truncate = Truncate,
        };
        return new PromptPlan(request, exchangeStart, round, messages, toolTokens, Estimate(messages, toolTokens), contextLength);
    }

    /// <summary>True when neither <see cref="ContextLength"/> nor <c>num_ctx</c> is set: the server tells.</summary>
    private bool ContextLengthIsLearned => _contextLength is null && !(Options?.NumCtx > 0);

    private async ValueTask<int?> ResolveContextLengthAsync(CancellationToken cancellationToken)
    {
        if (!ContextLengthIsLearned)
        {
            return ContextLength;
        }

        if (KeepWithinContext && _contextSource == ContextSource.None)
        {
            var model = await Client.ShowModelAsync(Model, cancellationToken).ConfigureAwait(false);
            var parameter = NumCtxParameter(model?.Parameters);
            long length = parameter ?? DefaultContextLength;
            if ((model?.ContextLength ?? model?.Details?.ContextLength) is long trained and > 0)
            {
                length = Math.Min(length, trained);
            }

            _serverContextLength = (int)length;
            _contextSource = parameter is null ? ContextSource.Guess : ContextSource.Final;
        }

        return _serverContextLength;
    }

    // "num_ctx                        8192" among the PARAMETER lines of /api/show.
    private static int? NumCtxParameter(string? parameters)
    {
        foreach (var line in (parameters ?? string.Empty).Split('\n'))
        {
            var parts = line.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts is ["num_ctx", var value] && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var numCtx) && numCtx > 0)
            {
                return numCtx;
            }
        }

        return null;
    }

    private int Budget(int contextLength)
    {
        var reserve = _reservedReplyTokens ?? (Options?.NumPredict is int predict && predict > 0 ? predict : contextLength / 4);
        return Math.Max(contextLength - reserve, 1);
    }

    /// <summary>
    /// Removes the fewest oldest exchanges that bring the prompt within the budget (never the current exchange, never a
    /// system message), summarizing them with <see cref="Summarizer"/>. Returns where the current exchange now starts.
    /// </summary>
    private async Task<int> TrimAsync(int contextLength, int toolTokens, int exchangeStart, CancellationToken cancellationToken)
    {
        var budget = Budget(contextLength);
        var before = Estimate(PromptMessages(), toolTokens).Expected;
        if (before <= budget)
        {
            return exchangeStart;
        }

        // An exchange starts at a user message; cutting there never splits a reply from its tool results.
        int cut = 0, cost = 0;
        for (var i = 1; i <= exchangeStart; i++)
        {
            if (_history[i - 1].Role != MessageRole.System)
            {
                cost += EstimateMessage(_history[i - 1]);
            }

            if (_history[i].Role == MessageRole.User)
            {
                cut = i;
                if (before - (int)Math.Round(_tokenRatio * cost) <= budget)
                {
                    break;
                }
            }
        }

        var removed = _history.Take(cut).Where(m => m.Role != MessageRole.System).ToList();
        if (removed.Count == 0)
        {
            return exchangeStart;
        }

        string? summary = null;
        if (Summarizer is { } summarize)
        {
            Summary = await summarize(Summary, removed, cancellationToken).ConfigureAwait(false);
            summary = Summary;
        }

        var keptSystem = _history.Take(cut).Where(m => m.Role == MessageRole.System).ToList();
        _history.RemoveRange(0, cut);
        _history.InsertRange(0, keptSystem);
        var after = Estimate(PromptMessages(), toolTokens).Expected;
        HistoryTrimmed?.Invoke(this, new HistoryTrim(removed, summary, before, after, contextLength, budget));
        return exchangeStart - cut + keptSystem.Count;
    }

    /// <summary>After a reply: reports a truncation, or calibrates the estimate; learns the loaded context length once.</summary>
    private async Task ObserveReplyAsync(PromptPlan plan, GenerationResponse response, CancellationToken cancellationToken)
    {
        if (response.PromptEvalCount is int evaluated && evaluated > 0)
        {
            var estimate = plan.Estimate;
            if (evaluated < estimate.Expected - ((estimate.Uncertainty / 2) + TruncationSlackTokens))
            {
                LastPromptTruncation = new PromptTruncation(estimate.Expected, evaluated, plan.ContextLength, plan.Round);
                PromptTruncated?.Invoke(this, LastPromptTruncation);
            }
            else
            {
                if (_calibration is { } last && estimate.Removed == 0 && estimate.Raw - last.Raw >= CalibrationMinimumTokens)
                {
                    var ratio = Math.Clamp((double)(evaluated - last.PromptTokens) / (estimate.Raw - last.Raw), 0.25, 4);
                    _tokenRatio = _tokenRatioLearned ? (_tokenRatio + ratio) / 2 : ratio;
                    _tokenRatioLearned = true;
                }

                _calibration = new Calibration(
                    new HashSet<Message>(plan.Messages, ReferenceEqualityComparer.Instance), plan.ToolTokens, estimate.Raw, evaluated);
            }
        }

        if (_contextSource == ContextSource.Guess && ContextLengthIsLearned)
        {
            _contextSource = ContextSource.Final;
            try
            {
                var running = await Client.ListRunningModelsAsync(cancellationToken).ConfigureAwait(false);
                var loaded = running?.Models?.FirstOrDefault(m => IsThisModel(m.Name) || IsThisModel(m.Model));
                if (loaded is { ContextLength: > 0 })
                {
                    _serverContextLength = loaded.ContextLength;
                }
            }
            catch (OllamaException)
            {
                // Best effort: the guess stays.
            }
        }
    }

    private bool IsThisModel(string name)
        => string.Equals(name, Model, StringComparison.OrdinalIgnoreCase)
            || (!Model.Contains(':', StringComparison.Ordinal) && string.Equals(name, Model + ":latest", StringComparison.OrdinalIgnoreCase));

    /// <summary>Turns Ollama's refusal of a prompt that does not fit into the typed exception, or returns null.</summary>
    private static OllamaContextLengthExceededException? ContextRefusal(OllamaException exception)
    {
        var text = exception.ServerMessage ?? string.Empty;
        int? promptTokens = null, contextLength = null;
        if (ExceedsContextSize().Match(text) is { Success: true } match)
        {
            promptTokens = int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture);
            contextLength = int.Parse(match.Groups[2].ValueSpan, CultureInfo.InvariantCulture);
        }
        else if (!text.Contains("the prompt is longer than the context length", StringComparison.Ordinal))
        {
            return null;
        }

        var message = new StringBuilder("The prompt does not fit the model's context window");
        if (promptTokens is not null)
        {
            message.Append(CultureInfo.InvariantCulture, $" ({promptTokens} tokens for a context of {contextLength})");
        }

        message.Append(" and Ollama was told not to cut it (truncate or shift false). Shorten the conversation (Undo, Clear) or raise num_ctx. The server said: ")
            .Append(text);
        return new OllamaContextLengthExceededException(message.ToString(), exception.StatusCode, exception.ServerMessage, promptTokens, contextLength, exception);
    }

    [GeneratedRegex(@"request \((\d+) tokens\) exceeds the available context size \((\d+) tokens\)", RegexOptions.CultureInvariant)]
    private static partial Regex ExceedsContextSize();

    private readonly record struct PromptEstimate(int Raw, int Expected, int Uncertainty, int Removed);

    /// <summary>The last request whose prompt Ollama evaluated in full: its messages, tool tokens, raw estimate and count.</summary>
    private sealed record Calibration(HashSet<Message> Messages, int ToolTokens, int Raw, int PromptTokens);

    /// <summary>One request of an exchange, with what the session expects Ollama to count.</summary>
    private sealed record PromptPlan(
        ChatRequest Request, int ExchangeStart, int Round, List<Message> Messages, int ToolTokens, PromptEstimate Estimate, int? ContextLength);
}
