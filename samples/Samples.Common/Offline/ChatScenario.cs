using System.Text.Json;
using Ollama.Net.Testing;

namespace Samples.Common.Offline;

/// <summary>
/// Offline answers for the Chat sample: the simulated answer, with thinking that reports what the model was sent (how
/// many earlier messages, the system message), so <c>/set system</c>, <c>/clear</c> and the dimmed thinking all show.
/// A system message also shows in the answer. Thinking is left out when the request says <c>"think": false</c>.
/// </summary>
public sealed class ChatScenario : OfflineScenario
{
    /// <inheritdoc />
    public override void Configure(OllamaTestServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ReplyGenerator = Reply;
    }

    private static ScriptedReply Reply(ReplyContext context)
    {
        var simulated = ScriptedReply.Simulated(context);
        var earlier = context.Messages.Count(m => !IsRole(m, "system")) - 1;
        var thinking = earlier <= 0 ? "This is the start of our conversation." : $"We have {earlier} earlier messages in this conversation.";
        var content = simulated.Content;
        if (context.System is { Length: > 0 } system)
        {
            thinking += $" The system message says: \"{system}\"; I will follow it.";
            content = $"(Following the system message \"{system}\".) {content}";
        }

        var thinkOff = context.Request.TryGetProperty("think", out var think) && think.ValueKind == JsonValueKind.False;
        return simulated with { Content = content, Thinking = thinkOff ? null : thinking };
    }

    private static bool IsRole(JsonElement message, string role)
        => message.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String && r.ValueEquals(role);
}
