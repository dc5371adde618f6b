using System.Diagnostics;

namespace Ollama.Net;

public sealed partial class ChatSession
{
    /// <summary>The tools by name, in the order of <see cref="Tools"/>; checks for null entries and duplicate names.</summary>
    private OrderedDictionary<string, ChatTool> ToolTable()
    {
        var table = new OrderedDictionary<string, ChatTool>(StringComparer.Ordinal);
        for (var i = 0; i < Tools.Count; i++)
        {
            var tool = Tools[i] ?? throw new InvalidOperationException($"ChatSession.Tools[{i}] is null.");
            if (!table.TryAdd(tool.Name, tool))
            {
                throw new InvalidOperationException(
                    $"Two tools in ChatSession.Tools are named '{tool.Name}'; the model calls tools by name, so names must be unique.");
            }
        }

        return table;
    }

    /// <summary>
    /// The calls of one reply as tasks in call order: all started at once (on the thread pool, so synchronous tools overlap
    /// too) with <see cref="ConcurrentToolCalls"/>, else each started when the one before it has been awaited.
    /// </summary>
    private IEnumerable<Task<ToolInvocation>> StartToolCalls(
        OrderedDictionary<string, ChatTool> tools, IList<ToolCall> calls, int round, CancellationToken cancellationToken)
    {
        var invocations = calls.Select(call => ConcurrentToolCalls && calls.Count > 1
            ? Task.Run(() => InvokeAsync(tools, call, round, cancellationToken), cancellationToken)
            : InvokeAsync(tools, call, round, cancellationToken));
        return ConcurrentToolCalls ? invocations.ToArray() : invocations;
    }

    /// <summary>
    /// Runs one call. Never throws except for cancellation by <paramref name="cancellationToken"/>: every failure becomes an
    /// error result for the model, with its exception kept in the invocation.
    /// </summary>
    private static async Task<ToolInvocation> InvokeAsync(
        OrderedDictionary<string, ChatTool> tools, ToolCall call, int round, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var name = call.Function.Name;
        if (!tools.TryGetValue(name, out var tool))
        {
            var known = tools.Count == 0 ? "none" : string.Join(", ", tools.Keys);
            var unknown = new KeyNotFoundException($"The model called a tool named '{name}', which the session does not have (its tools: {known}).");
            return new ToolInvocation(call, round, $"Error: there is no tool named '{name}'. The tools are: {known}.", unknown, Stopwatch.GetElapsedTime(started));
        }

        Func<CancellationToken, ValueTask<string>> run;
        try
        {
            run = tool.Bind(call);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new ToolInvocation(
                call, round, $"Error: the arguments do not match the parameters of '{name}': {ex.Message}", ex, Stopwatch.GetElapsedTime(started));
        }

        try
        {
            var result = await run(cancellationToken).ConfigureAwait(false);
            return new ToolInvocation(call, round, result ?? string.Empty, null, Stopwatch.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            return new ToolInvocation(
                call, round, $"Error: the tool '{name}' failed: {ex.Message}", ex, Stopwatch.GetElapsedTime(started), threwInTool: true);
        }
    }
}
