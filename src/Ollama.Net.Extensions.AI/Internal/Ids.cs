namespace Ollama.Net.Extensions.AI;

/// <summary>Identifiers made up where Ollama sends none (responses, messages, tool calls of older servers).</summary>
internal static class Ids
{
    public static string NewResponseId() => "ollama-" + Guid.NewGuid().ToString("N");

    public static string NewMessageId() => "msg-" + Guid.NewGuid().ToString("N");

    public static string NewToolCallId() => "call_" + Guid.NewGuid().ToString("N")[..16];
}
