using System.Text.Json;

namespace Ollama.Net;

/// <summary>
/// One tool call a <see cref="ChatSession"/> ran (or could not run) for the model: the <see cref="Call"/> with its id, name
/// and arguments, the <see cref="Result"/> sent back to the model, the <see cref="Exception"/> if it failed, and how long
/// it took. Raised by <see cref="ChatSession.ToolInvoked"/> and streamed by <see cref="ChatSession.SendStreamingAsync(string, CancellationToken)"/>.
/// </summary>
public sealed class ToolInvocation
{
    internal ToolInvocation(ToolCall call, int round, string result, Exception? exception, TimeSpan duration, bool threwInTool = false)
    {
        ThrewInTool = threwInTool;
        Call = call;
        Round = round;
        Result = result;
        Exception = exception;
        Duration = duration;
    }

    /// <summary>The call as the model made it: <see cref="ToolCall.Id"/>, function name and arguments.</summary>
    public ToolCall Call { get; }

    /// <summary>The name of the called tool.</summary>
    public string Name => Call.Function.Name;

    /// <summary>The arguments as the model wrote them (a JSON object).</summary>
    public JsonElement Arguments => Call.Function.Arguments;

    /// <summary>The tool round of the exchange, from 1: the calls of one model reply share a round.</summary>
    public int Round { get; }

    /// <summary>
    /// The content of the <c>tool</c> message sent back to the model: the tool's result, or an error text when the tool is
    /// unknown, the arguments did not parse, or the tool threw.
    /// </summary>
    public string Result { get; }

    /// <summary>
    /// What went wrong, or null on success: the tool's own exception; a <see cref="JsonException"/> when the arguments did not
    /// match the tool's type; a <see cref="KeyNotFoundException"/> when the model called a tool the session does not have.
    /// </summary>
    public Exception? Exception { get; }

    /// <summary>True when the tool ran and returned a result.</summary>
    public bool Succeeded => Exception is null;

    /// <summary>How long the tool ran (parsing the arguments included).</summary>
    public TimeSpan Duration { get; }

    /// <summary>True when <see cref="Exception"/> came from the tool itself (not from the arguments or an unknown name).</summary>
    internal bool ThrewInTool { get; }

    /// <summary>Returns <c>name(arguments) → result</c>.</summary>
    public override string ToString() => $"{Call} → {Result}";
}
