using System.Text;
using System.Text.Json.Nodes;

namespace Ollama.Net.Testing.Internal;

/// <summary>One part of a reply: a stream chunk before serialization (content/thinking deltas, tool calls, logprobs).</summary>
internal sealed class Piece
{
    public Piece(string content = "", string thinking = "")
    {
        Content.Append(content);
        Thinking.Append(thinking);
    }

    public StringBuilder Content { get; } = new();

    public StringBuilder Thinking { get; } = new();

    public List<ToolCallOut>? ToolCalls { get; set; }

    public List<LogprobOut>? Logprobs { get; set; }
}

internal sealed record ToolCallOut(string Id, int Index, string Name, JsonObject Arguments);

internal sealed record LogprobOut(string Token, double Logprob, List<(string Token, double Logprob)>? Top);

internal sealed record Metrics(long Total, long Load, int PromptCount, long PromptDuration, int EvalCount, long EvalDuration);

/// <summary>What only the final <c>done:true</c> chunk carries.</summary>
internal sealed record Final(string DoneReason, Metrics? Metrics)
{
    public int[]? Context { get; init; }

    public Piece? Carry { get; init; }
}
