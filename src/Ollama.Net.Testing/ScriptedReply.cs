using System.Text.Json.Nodes;
using Ollama.Net.Testing.Internal;

namespace Ollama.Net.Testing;

/// <summary>
/// One scripted answer to a chat or generate request: the text, optional thinking, tool calls, structured JSON,
/// logprobs, how it is split into stream chunks, and how it ends.
/// </summary>
/// <remarks>
/// The stream is: thinking chunks, content chunks, one chunk with the tool calls (if any), then the final
/// <c>done:true</c> chunk with <see cref="DoneReason"/> and metrics. With <c>"stream": false</c> the same parts are
/// aggregated into one object. Thinking is sent unless the request says <c>"think": false</c>.
/// </remarks>
public sealed record ScriptedReply
{
    private readonly int _chunkSize = 4;

    /// <summary>The answer text (<c>message.content</c> or <c>response</c>). Empty by default.</summary>
    public string Content { get; init; } = string.Empty;

    /// <summary>The reasoning text (<c>message.thinking</c> or <c>thinking</c>), streamed before the content; none by default.</summary>
    public string? Thinking { get; init; }

    /// <summary>Tool calls to emit (with <c>id</c> and <c>function.index</c>); none by default.</summary>
    public IReadOnlyList<ScriptedToolCall>? ToolCalls { get; init; }

    /// <summary>A structured answer. When set it replaces <see cref="Content"/> with its compact JSON text.</summary>
    public JsonNode? Json { get; init; }

    /// <summary>How many text elements (user-perceived characters) go in one chunk. Default 4; must be at least 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int ChunkSize
    {
        get => _chunkSize;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _chunkSize = value;
        }
    }

    /// <summary>The <c>done_reason</c> of the final chunk: <c>stop</c> (default), <c>length</c>, ...</summary>
    public string DoneReason { get; init; } = "stop";

    /// <summary>
    /// Log probabilities, one per content chunk (each chunk is one "token"), used when the request asks for
    /// <c>logprobs</c>. Null gives deterministic defaults. A shorter list is repeated.
    /// </summary>
    public IReadOnlyList<double>? Logprobs { get; init; }

    /// <summary>
    /// The answer token by token, each with its log probability and alternatives (for <c>logprobs</c> and
    /// <c>top_logprobs</c>). When set, the content is the tokens' text, one chunk per token; it replaces
    /// <see cref="Content"/>, <see cref="Json"/>, <see cref="Logprobs"/> and <see cref="ChunkSize"/>. Null by default.
    /// </summary>
    public IReadOnlyList<ScriptedToken>? Tokens { get; init; }

    /// <summary><c>prompt_eval_count</c>; null estimates it from the prompt.</summary>
    public int? PromptEvalCount { get; init; }

    /// <summary><c>eval_count</c>; null uses the number of chunks generated.</summary>
    public int? EvalCount { get; init; }

    /// <summary>
    /// When true, the last content chunk and the tool calls travel inside the final <c>done:true</c> chunk instead of
    /// in chunks before it (clients must accumulate the final chunk too).
    /// </summary>
    public bool LastChunkIsFinal { get; init; }

    /// <summary>A fault to apply to the response that carries this reply (combined with any from <see cref="OllamaTestServer.Faults"/>).</summary>
    public Fault? Fault { get; init; }

    /// <summary>A reply with this content and default settings.</summary>
    /// <param name="content">The answer text.</param>
    /// <returns>The reply.</returns>
    public static ScriptedReply Text(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        return new() { Content = content };
    }

    /// <summary>
    /// The default generator: answers with the prompt (or the last chat message) unchanged. When thinking is on it also
    /// thinks <c>Echoing the prompt.</c>
    /// </summary>
    /// <param name="context">The request.</param>
    /// <returns>The reply.</returns>
    public static ScriptedReply Echo(ReplyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new() { Content = context.Prompt, Thinking = context.Think ? "Echoing the prompt." : null };
    }

    /// <summary>
    /// The offline-demo generator: plausible, deterministic simulated answers. It greets, answers questions with short
    /// generic paragraphs about the topic, picks labels and numbers when the prompt asks for one, fills JSON schemas for
    /// <c>format</c>, calls the first tool when tools are offered, summarizes tool results, and thinks on thinking models.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <returns>The reply.</returns>
    public static ScriptedReply Simulated(ReplyContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return SimulatedAnswers.Create(context);
    }

    internal string EffectiveContent => Tokens is not null ? string.Concat(Tokens.Select(t => t.Text)) : Json is null ? Content : Json.ToJsonString(JsonOut.NodeOptions);
}
