using System.Collections.ObjectModel;
using System.Runtime.CompilerServices;

namespace Ollama.Net;

/// <summary>
/// A conversation with one model: a system prompt, request defaults, the message history, tools written in C#, and a
/// context budget. <see cref="SendAsync(string, CancellationToken)"/> appends the user message, runs the tool-call loop and
/// appends the reply; <see cref="SendStreamingAsync(string, CancellationToken)"/> does the same while streaming the tokens.
/// </summary>
/// <remarks>
/// <para>
/// <b>History.</b> An exchange (the user message, every assistant reply with its tool calls, every tool result) is added to
/// <see cref="History"/> only when it completes: when a send fails or is cancelled, the history is as it was before it.
/// Thinking stays apart from the content (<see cref="Message.Thinking"/>) and is sent back that way, as Ollama expects.
/// <see cref="Undo"/> removes the last exchange, <see cref="Clear"/> all of them; <see cref="SaveHistory"/> and
/// <see cref="RestoreHistory(string)"/> keep a conversation as JSON (source-generated, NativeAOT-safe).
/// </para>
/// <para>
/// <b>Tools.</b> When the model calls tools from <see cref="Tools"/>, the session parses the arguments, runs the calls (at
/// the same time when <see cref="ConcurrentToolCalls"/> is on), sends each result back in call order with the call's
/// <see cref="ToolCall.Id"/> and <c>tool_name</c>, and asks again, for at most <see cref="MaxToolRounds"/> rounds. Every call
/// is reported by <see cref="ToolInvoked"/>. An exception from a tool goes back to the model as an error result (or is
/// rethrown with <see cref="ThrowOnToolError"/>).
/// </para>
/// <para>
/// <b>Context budget.</b> Ollama silently drops the oldest messages when a prompt exceeds <c>num_ctx</c>. With
/// <see cref="KeepWithinContext"/> on (the default) the session estimates each prompt (<see cref="EstimatePromptTokens"/>)
/// and, when it would not leave <see cref="ReservedReplyTokens"/> free, removes the oldest whole exchanges first, or folds
/// them into a <see cref="Summary"/> with a <see cref="Summarizer"/>; the system prompt and the current exchange are never
/// removed (<see cref="HistoryTrimmed"/>). When Ollama still evaluated fewer prompt tokens than were sent, the session
/// says so (<see cref="PromptTruncated"/>, <see cref="LastPromptTruncation"/>). With <see cref="Truncate"/> set to false
/// Ollama refuses such a prompt and the session throws <see cref="OllamaContextLengthExceededException"/>.
/// </para>
/// <para>A session handles one exchange at a time; it is not thread-safe. The <see cref="OllamaClient"/> can be shared.</para>
/// </remarks>
/// <example>
/// <code>
/// var session = new ChatSession(client, "qwen2.5:0.5b", "You are a careful assistant.");
/// session.Tools.Add(ChatTool.Create("multiply", "Multiplies two integers.", MyJson.Default.MultiplyArgs,
///     args =&gt; ((long)args.A * args.B).ToString()));
/// ChatResult answer = await session.SendAsync("What is 3666 × 5444?");
/// Console.WriteLine(answer.Message.Content);
/// </code>
/// </example>
public sealed partial class ChatSession
{
    private readonly List<Message> _history = [];
    private readonly ReadOnlyCollection<Message> _historyView;
    private string? _systemPrompt;
    private Message? _systemMessage;
    private string? _summary;
    private Message? _summaryMessage;
    private int _maxToolRounds = 10;
    private int _busy;

    /// <summary>Creates a session.</summary>
    /// <param name="client">The client to send with (shared; the session does not dispose it).</param>
    /// <param name="model">The model name, such as <c>qwen2.5:0.5b</c>.</param>
    /// <param name="systemPrompt">The system prompt sent first in every request, or null for none (the model's own SYSTEM applies).</param>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="model"/> is null, empty or white space.</exception>
    public ChatSession(OllamaClient client, string model, string? systemPrompt = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        Client = client;
        Model = model;
        SystemPrompt = systemPrompt;
        _historyView = _history.AsReadOnly();
    }

    /// <summary>Raised after each tool call, in call order, whether it succeeded or not.</summary>
    public event EventHandler<ToolInvocation>? ToolInvoked;

    /// <summary>Raised when the session removed old exchanges (or summarized them) to fit the context window.</summary>
    public event EventHandler<HistoryTrim>? HistoryTrimmed;

    /// <summary>Raised when Ollama evaluated fewer prompt tokens than the session sent (it cut the conversation).</summary>
    public event EventHandler<PromptTruncation>? PromptTruncated;

    /// <summary>The client the session sends with.</summary>
    public OllamaClient Client { get; }

    /// <summary>The model name.</summary>
    public string Model { get; }

    /// <summary>
    /// The system prompt, sent as the first message of every request; null (or empty) sends none. Changing it takes effect
    /// with the next request and keeps the history.
    /// </summary>
    public string? SystemPrompt
    {
        get => _systemPrompt;
        set
        {
            _systemPrompt = string.IsNullOrEmpty(value) ? null : value;
            _systemMessage = _systemPrompt is null ? null : Message.System(_systemPrompt);
        }
    }

    /// <summary>
    /// The summary of removed exchanges made by the <see cref="Summarizer"/>, sent as a system message after the system
    /// prompt; null when there is none. Saved and restored with the history.
    /// </summary>
    public string? Summary
    {
        get => _summary;
        private set
        {
            _summary = string.IsNullOrWhiteSpace(value) ? null : value;
            _summaryMessage = _summary is null ? null : Message.System(_summary);
        }
    }

    /// <summary>Runtime options sent with every request (temperature, <c>num_ctx</c>, ...), or null for the model's own.</summary>
    public ModelOptions? Options { get; set; }

    /// <summary>Thinking on, off or a level for every request, or null for the model's default.</summary>
    public ThinkValue? Think { get; set; }

    /// <summary>An output format (JSON or a JSON Schema) for every request, or null for free text.</summary>
    public OutputFormat? Format { get; set; }

    /// <summary>How long the model stays loaded after each request, or null for the server's default.</summary>
    public KeepAlive? KeepAlive { get; set; }

    /// <summary>
    /// Sent as <c>truncate</c>: null leaves the server's default (true: Ollama silently cuts a prompt that does not fit);
    /// false makes Ollama refuse it, which the session throws as <see cref="OllamaContextLengthExceededException"/>.
    /// </summary>
    public bool? Truncate { get; set; }

    /// <summary>
    /// The conversation: user messages, assistant replies (with thinking and tool calls) and tool results, oldest first;
    /// without the system prompt and the summary. During a send it also shows the exchange in progress.
    /// </summary>
    public IReadOnlyList<Message> History => _historyView;

    /// <summary>The tools the model may call. Names must be unique (checked when a message is sent).</summary>
    public IList<ChatTool> Tools { get; } = new List<ChatTool>();

    /// <summary>
    /// The most rounds of tool calls in one exchange (default 10). After that many, the session asks once more without
    /// tools, so the model has to answer in words.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MaxToolRounds
    {
        get => _maxToolRounds;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxToolRounds = value;
        }
    }

    /// <summary>
    /// Run the calls of one reply at the same time (default true); false runs them one after another. Either way the
    /// results are sent back, and <see cref="ToolInvoked"/> is raised, in call order.
    /// </summary>
    public bool ConcurrentToolCalls { get; set; } = true;

    /// <summary>
    /// False (default): an exception thrown by a tool is sent to the model as an error result (<c>Error: ...</c>) and the
    /// exchange goes on. True: the exchange stops and the exception is rethrown (after <see cref="ToolInvoked"/> reported
    /// every call of the round). Unknown tool names and arguments that do not parse are always reported to the model.
    /// </summary>
    public bool ThrowOnToolError { get; set; }

    /// <summary>Sends a user message and returns the model's answer, after running any tool calls.</summary>
    /// <param name="message">The user's text.</param>
    /// <param name="cancellationToken">Cancels the exchange (the history is then as it was).</param>
    /// <returns>The final reply (its message is the last one in <see cref="History"/>) with its metrics.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    /// <exception cref="InvalidOperationException">Another send is in progress, or two tools have the same name.</exception>
    /// <exception cref="OllamaContextLengthExceededException">With <see cref="Truncate"/> false: the prompt does not fit.</exception>
    /// <exception cref="OllamaException">The server reported an error or could not be reached.</exception>
    public Task<ChatResult> SendAsync(string message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return SendAsync(Message.User(message), cancellationToken);
    }

    /// <summary>Sends a user message (with images, for example) and returns the model's answer, after running any tool calls.</summary>
    /// <param name="message">A message with the <c>user</c> role.</param>
    /// <param name="cancellationToken">Cancels the exchange (the history is then as it was).</param>
    /// <returns>The final reply (its message is the last one in <see cref="History"/>) with its metrics.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="message"/> does not have the <c>user</c> role.</exception>
    /// <exception cref="InvalidOperationException">Another send is in progress, or two tools have the same name.</exception>
    /// <exception cref="OllamaContextLengthExceededException">With <see cref="Truncate"/> false: the prompt does not fit.</exception>
    /// <exception cref="OllamaException">The server reported an error or could not be reached.</exception>
    public Task<ChatResult> SendAsync(Message message, CancellationToken cancellationToken = default)
    {
        ValidateUserMessage(message);
        return SendCoreAsync(message, cancellationToken);
    }

    /// <summary>
    /// Sends a user message and streams the exchange: the chunks of every reply (the final answer token by token) and each
    /// tool invocation between them.
    /// </summary>
    /// <param name="message">The user's text.</param>
    /// <param name="cancellationToken">Cancels the exchange (the history is then as it was).</param>
    /// <returns>The updates; the last is the final chunk of the answer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null (thrown at once).</exception>
    /// <exception cref="InvalidOperationException">While enumerating: another send is in progress, or two tools have the same name.</exception>
    /// <exception cref="OllamaContextLengthExceededException">While enumerating, with <see cref="Truncate"/> false: the prompt does not fit.</exception>
    /// <exception cref="OllamaException">While enumerating: the server reported an error, the stream broke, or the server could not be reached.</exception>
    public IAsyncEnumerable<ChatSessionUpdate> SendStreamingAsync(string message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return SendStreamingAsync(Message.User(message), cancellationToken);
    }

    /// <summary>
    /// Sends a user message (with images, for example) and streams the exchange: the chunks of every reply (the final answer
    /// token by token) and each tool invocation between them. Stopping the enumeration early leaves the history as it was.
    /// </summary>
    /// <param name="message">A message with the <c>user</c> role.</param>
    /// <param name="cancellationToken">Cancels the exchange (the history is then as it was).</param>
    /// <returns>The updates; the last is the final chunk of the answer.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="message"/> is null (thrown at once).</exception>
    /// <exception cref="ArgumentException"><paramref name="message"/> does not have the <c>user</c> role (thrown at once).</exception>
    /// <exception cref="InvalidOperationException">While enumerating: another send is in progress, or two tools have the same name.</exception>
    /// <exception cref="OllamaContextLengthExceededException">While enumerating, with <see cref="Truncate"/> false: the prompt does not fit.</exception>
    /// <exception cref="OllamaException">While enumerating: the server reported an error, the stream broke, or the server could not be reached.</exception>
    public IAsyncEnumerable<ChatSessionUpdate> SendStreamingAsync(Message message, CancellationToken cancellationToken = default)
    {
        ValidateUserMessage(message);
        return RunAsync(message, stream: true, final: null, cancellationToken);
    }

    /// <summary>Returns the model and the number of messages.</summary>
    public override string ToString() => $"{Model}: {_history.Count} message(s)";

    private static void ValidateUserMessage(Message message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Role != MessageRole.User)
        {
            throw new ArgumentException(
                $"A ChatSession sends user messages; this message has the role '{message.Role}'. Use SystemPrompt for instructions.", nameof(message));
        }
    }

    private async Task<ChatResult> SendCoreAsync(Message message, CancellationToken cancellationToken)
    {
        var final = new StrongBox<ChatResult?>();
        await foreach (var _ in RunAsync(message, stream: false, final, cancellationToken).ConfigureAwait(false))
        {
        }

        return final.Value!;
    }

    // The exchange: requests and tool rounds until the model answers without tool calls. Non-streaming sends yield only the
    // tool invocations and leave the final result in `final`. The history is committed only at the end.
    private async IAsyncEnumerable<ChatSessionUpdate> RunAsync(
        Message user, bool stream, StrongBox<ChatResult?>? final, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _busy, 1) == 1)
        {
            throw new InvalidOperationException("This ChatSession is already sending a message; a session handles one exchange at a time.");
        }

        var savedHistory = _history.ToArray();
        var savedSummary = Summary;
        var committed = false;
        try
        {
            var tools = ToolTable();
            LastPromptTruncation = null;
            _history.Add(user);
            var exchangeStart = _history.Count - 1;
            for (var round = 0; ; round++)
            {
                var offerTools = tools.Count > 0 && round < MaxToolRounds;
                var plan = await PlanRequestAsync(offerTools ? tools : null, exchangeStart, round, cancellationToken).ConfigureAwait(false);
                exchangeStart = plan.ExchangeStart;

                Message reply;
                GenerationResponse response;
                if (stream)
                {
                    var builder = new ReplyBuilder();
                    var chunks = Client.ChatStreamingAsync(plan.Request, cancellationToken).GetAsyncEnumerator(cancellationToken);
                    await using (chunks.ConfigureAwait(false))
                    {
                        while (await MoveNextAsync(chunks).ConfigureAwait(false))
                        {
                            builder.Add(chunks.Current);
                            yield return new ChatSessionUpdate(round, chunks.Current, null);
                        }
                    }

                    (reply, response) = builder.Build();
                }
                else
                {
                    var result = await ChatAsync(plan.Request, cancellationToken).ConfigureAwait(false);
                    (reply, response) = (result.Message, result);
                    if (final is not null)
                    {
                        final.Value = result;
                    }
                }

                _history.Add(reply);
                await ObserveReplyAsync(plan, response, cancellationToken).ConfigureAwait(false);
                if (!offerTools || reply.ToolCalls is not { Count: > 0 } calls)
                {
                    committed = true;
                    yield break;
                }

                var invocations = StartToolCalls(tools, calls, round + 1, cancellationToken);
                ToolInvocation? failed = null;
                foreach (var pending in invocations)
                {
                    var invocation = await pending.ConfigureAwait(false);
                    _history.Add(Message.Tool(invocation.Result, invocation.Name, invocation.Call.Id));
                    ToolInvoked?.Invoke(this, invocation);
                    if (ThrowOnToolError && invocation.ThrewInTool)
                    {
                        failed ??= invocation;
                    }

                    yield return new ChatSessionUpdate(round + 1, null, invocation);
                }

                if (failed is not null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failed.Exception!);
                }
            }
        }
        finally
        {
            if (!committed)
            {
                _history.Clear();
                _history.AddRange(savedHistory);
                Summary = savedSummary;
            }

            Volatile.Write(ref _busy, 0);
        }
    }

    private async Task<ChatResult> ChatAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await Client.ChatAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (OllamaException ex) when (ContextRefusal(ex) is { } refusal)
        {
            throw refusal;
        }
    }

    private static async ValueTask<bool> MoveNextAsync(IAsyncEnumerator<ChatUpdate> chunks)
    {
        try
        {
            return await chunks.MoveNextAsync().ConfigureAwait(false);
        }
        catch (OllamaException ex) when (ContextRefusal(ex) is { } refusal)
        {
            throw refusal;
        }
    }

    private void EnsureIdle(string operation)
    {
        if (Volatile.Read(ref _busy) == 1)
        {
            throw new InvalidOperationException($"{operation} cannot run while the ChatSession is sending a message.");
        }
    }

    /// <summary>Accumulates a streamed reply: content and thinking deltas, tool calls, and the final chunk.</summary>
    private sealed class ReplyBuilder
    {
        private readonly System.Text.StringBuilder _content = new();
        private readonly System.Text.StringBuilder _thinking = new();
        private List<ToolCall>? _toolCalls;
        private ChatUpdate? _last;

        public void Add(ChatUpdate update)
        {
            _content.Append(update.Message.Content);
            _thinking.Append(update.Message.Thinking);
            if (update.Message.ToolCalls is { Count: > 0 } calls)
            {
                (_toolCalls ??= []).AddRange(calls);
            }

            _last = update;
        }

        public (Message Reply, GenerationResponse Response) Build()
        {
            var reply = new Message(MessageRole.Assistant, _content.ToString())
            {
                Thinking = _thinking.Length > 0 ? _thinking.ToString() : null,
                ToolCalls = _toolCalls,
            };
            return (reply, _last!);
        }
    }
}
