using System.Text.Json;
using Ollama.Net.Testing;

namespace Samples.Common;

/// <summary>
/// A reply generator for <see cref="OllamaTestServer"/> made of rules: the first rule whose condition holds answers,
/// else <see cref="ScriptedReply.Simulated"/> does. Rules look at the request (the prompt, the whole conversation, tools,
/// format), so the answers do not depend on the order of requests.
/// </summary>
public sealed class ReplyRules
{
    private readonly List<(Func<ReplyContext, bool> When, Func<ReplyContext, ScriptedReply> Reply)> _rules = [];

    /// <summary>Adds a rule.</summary>
    /// <param name="when">When the rule applies.</param>
    /// <param name="reply">The reply it gives.</param>
    /// <returns>This object.</returns>
    public ReplyRules When(Func<ReplyContext, bool> when, Func<ReplyContext, ScriptedReply> reply)
    {
        _rules.Add((when, reply));
        return this;
    }

    /// <summary>Adds a rule for requests whose conversation (every message, or the generate prompt) contains a text.</summary>
    /// <param name="text">The text to look for (ordinal, case-insensitive).</param>
    /// <param name="reply">The reply it gives.</param>
    /// <returns>This object.</returns>
    public ReplyRules WhenConversationContains(string text, Func<ReplyContext, ScriptedReply> reply)
        => When(c => ConversationText(c).Contains(text, StringComparison.OrdinalIgnoreCase), reply);

    /// <summary>Answers a request: the first matching rule, else the simulated answer.</summary>
    /// <param name="context">The request.</param>
    /// <returns>The reply.</returns>
    public ScriptedReply Reply(ReplyContext context)
    {
        foreach (var (when, reply) in _rules)
        {
            if (when(context))
            {
                return reply(context);
            }
        }

        return ScriptedReply.Simulated(context);
    }

    /// <summary>The text of every message of a chat (or the system and prompt of a generate request), one per line.</summary>
    /// <param name="context">The request.</param>
    /// <returns>The text.</returns>
    public static string ConversationText(ReplyContext context)
    {
        if (!context.IsChat)
        {
            return (context.System ?? string.Empty) + "\n" + context.Prompt;
        }

        return string.Join('\n', context.Messages.Select(MessageContent));
    }

    /// <summary>The number of assistant messages already in the conversation (0 on a first attempt).</summary>
    /// <param name="context">The request.</param>
    /// <returns>The count.</returns>
    public static int AssistantTurns(ReplyContext context)
        => context.Messages.Count(m => m.TryGetProperty("role", out var r) && r.ValueKind == JsonValueKind.String && r.ValueEquals("assistant"));

    /// <summary>The content of a message as sent, or an empty string.</summary>
    /// <param name="message">The message JSON.</param>
    /// <returns>The content.</returns>
    public static string MessageContent(JsonElement message)
        => message.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() ?? string.Empty : string.Empty;
}
