using Microsoft.Extensions.AI;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace Ollama.Net.Extensions.AI;

/// <summary>Turns Ollama chat results and stream chunks into Microsoft.Extensions.AI responses and updates.</summary>
internal static class ChatResponseMapper
{
    public static ChatResponse ToResponse(ChatResult result, bool includeReasoning)
    {
        var contents = ToContents(result.Message.Content, result.Message.Thinking, result.Message.ToolCalls, includeReasoning);
        var message = new AIChatMessage(ChatRole.Assistant, contents)
        {
            MessageId = Ids.NewMessageId(),
            CreatedAt = CreatedAt(result),
            RawRepresentation = result.Message,
        };

        return new ChatResponse(message)
        {
            ResponseId = Ids.NewResponseId(),
            ModelId = NullIfEmpty(result.Model),
            CreatedAt = CreatedAt(result),
            FinishReason = ToFinishReason(result.DoneReason, result.Message.ToolCalls is { Count: > 0 }),
            Usage = ToUsage(result),
            RawRepresentation = result,
            AdditionalProperties = ToAdditionalProperties(result),
        };
    }

    public static ChatResponseUpdate ToUpdate(ChatUpdate update, string responseId, string messageId, bool includeReasoning, bool sawToolCalls)
    {
        var contents = ToContents(update.Message.Content, update.Message.Thinking, update.Message.ToolCalls, includeReasoning);
        var result = new ChatResponseUpdate(ChatRole.Assistant, contents)
        {
            ResponseId = responseId,
            MessageId = messageId,
            ModelId = NullIfEmpty(update.Model),
            CreatedAt = CreatedAt(update),
            RawRepresentation = update,
        };

        if (update.Done)
        {
            result.FinishReason = ToFinishReason(update.DoneReason, sawToolCalls);
            if (ToUsage(update) is { } usage)
            {
                result.Contents.Add(new UsageContent(usage));
            }

            result.AdditionalProperties = ToAdditionalProperties(update);
        }

        return result;
    }

    public static List<AIContent> ToContents(string? text, string? thinking, IList<ToolCall>? toolCalls, bool includeReasoning)
    {
        var contents = new List<AIContent>();
        if (includeReasoning && !string.IsNullOrEmpty(thinking))
        {
            contents.Add(new TextReasoningContent(thinking));
        }

        if (!string.IsNullOrEmpty(text))
        {
            contents.Add(new TextContent(text));
        }

        if (toolCalls is not null)
        {
            foreach (var call in toolCalls)
            {
                contents.Add(new FunctionCallContent(
                    string.IsNullOrEmpty(call.Id) ? Ids.NewToolCallId() : call.Id,
                    call.Function.Name,
                    JsonValues.ArgumentsFromElement(call.Function.Arguments))
                {
                    RawRepresentation = call,
                });
            }
        }

        return contents;
    }

    public static ChatFinishReason? ToFinishReason(DoneReason? reason, bool hasToolCalls)
    {
        if (hasToolCalls)
        {
            return ChatFinishReason.ToolCalls;
        }

        if (reason is not { } value || value.Value.Length == 0)
        {
            return null;
        }

        return value == DoneReason.Stop ? ChatFinishReason.Stop
            : value == DoneReason.Length ? ChatFinishReason.Length
            : new ChatFinishReason(value.Value);
    }

    public static UsageDetails? ToUsage(GenerationResponse response)
    {
        if (response.PromptEvalCount is null && response.EvalCount is null)
        {
            return null;
        }

        return new UsageDetails
        {
            InputTokenCount = response.PromptEvalCount,
            OutputTokenCount = response.EvalCount,
            TotalTokenCount = (response.PromptEvalCount ?? 0) + (response.EvalCount ?? 0),
        };
    }

    private static AdditionalPropertiesDictionary? ToAdditionalProperties(GenerationResponse response)
    {
        AdditionalPropertiesDictionary? properties = null;
        Add(ref properties, "total_duration", response.TotalDuration);
        Add(ref properties, "load_duration", response.LoadDuration);
        Add(ref properties, "prompt_eval_duration", response.PromptEvalDuration);
        Add(ref properties, "eval_duration", response.EvalDuration);
        return properties;

        static void Add(ref AdditionalPropertiesDictionary? properties, string key, TimeSpan? value)
        {
            if (value is { } duration)
            {
                (properties ??= [])[key] = duration;
            }
        }
    }

    private static DateTimeOffset? CreatedAt(GenerationResponse response)
        => response.CreatedAt == default ? null : response.CreatedAt;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
