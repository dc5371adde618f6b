using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace Ollama.Net.Extensions.AI;

/// <summary>Turns Microsoft.Extensions.AI messages and <see cref="ChatOptions"/> into an Ollama <see cref="ChatRequest"/>.</summary>
internal static class ChatRequestMapper
{
    public static ChatRequest ToRequest(IEnumerable<AIChatMessage> messages, ChatOptions? options, string? defaultModel, IChatClient client)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (options?.ContinuationToken is not null)
        {
            throw new NotSupportedException("Ollama has no background responses: ChatOptions.ContinuationToken cannot be used with the Ollama chat client.");
        }

        var request = options?.RawRepresentationFactory?.Invoke(client) as ChatRequest ?? new ChatRequest();
        request.Messages ??= [];
        request.Model = OllamaAdapter.ChooseModel(
            options?.ModelId,
            request.Model,
            defaultModel,
            "No model was named for this chat. Pass one to AsIChatClient(\"llama3.2\") or AddOllamaChatClient(\"llama3.2\"), set ChatOptions.ModelId, or set OllamaClientOptions.DefaultModel.");
        if (!string.IsNullOrEmpty(options?.Instructions))
        {
            request.Messages.Add(Message.System(options.Instructions));
        }

        AddMessages(messages, request.Messages);
        if (options is not null)
        {
            ApplyOptions(options, request);
        }

        return request;
    }

    /// <summary>Converts the messages, splitting each function result into its own <c>tool</c> message.</summary>
    public static void AddMessages(IEnumerable<AIChatMessage> messages, IList<Message> target)
    {
        var toolNames = new Dictionary<string, string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var message in messages)
        {
            if (message is null)
            {
                throw new ArgumentException($"Message {index} of the conversation is null.", nameof(messages));
            }

            index++;
            var converted = new Message { Role = ToRole(message.Role) };
            StringBuilder? text = null;
            StringBuilder? thinking = null;
            List<Message>? results = null;
            foreach (var content in message.Contents)
            {
                switch (content)
                {
                    case TextContent textContent:
                        (text ??= new StringBuilder()).Append(textContent.Text);
                        break;
                    case TextReasoningContent reasoning:
                        (thinking ??= new StringBuilder()).Append(reasoning.Text);
                        break;
                    case DataContent data:
                        if (!data.HasTopLevelMediaType("image") && !data.HasTopLevelMediaType("audio"))
                        {
                            throw new NotSupportedException(
                                $"Ollama accepts images (and audio for audio models) but this message holds \"{data.MediaType}\" data. Extract its text and send it as TextContent.");
                        }

                        (converted.Images ??= []).Add(ImageData.FromBytes(data.Data));
                        break;
                    case UriContent uri:
                        throw new NotSupportedException(
                            $"Ollama cannot fetch {uri.Uri}: download it and pass the bytes as DataContent (for example with DataContent.LoadFromAsync).");
                    case FunctionCallContent call:
                        toolNames[call.CallId] = call.Name;
                        converted.ToolCalls ??= [];
                        converted.ToolCalls.Add(new ToolCall
                        {
                            Id = call.CallId,
                            Function = new ToolCallFunction
                            {
                                Index = converted.ToolCalls.Count,
                                Name = call.Name,
                                Arguments = JsonValues.ArgumentsToElement(call.Arguments, call.Name),
                            },
                        });
                        break;
                    case FunctionResultContent result:
                        (results ??= []).Add(new Message(MessageRole.Tool, ResultText(result))
                        {
                            ToolName = toolNames.GetValueOrDefault(result.CallId),
                            ToolCallId = result.CallId,
                        });
                        break;
                }
            }

            converted.Content = text?.ToString() ?? string.Empty;
            converted.Thinking = thinking?.ToString();
            var onlyResults = results is not null && text is null && thinking is null && converted.Images is null && converted.ToolCalls is null;
            if (!onlyResults)
            {
                target.Add(converted);
            }

            if (results is not null)
            {
                foreach (var result in results)
                {
                    target.Add(result);
                }
            }
        }
    }

    private static void ApplyOptions(ChatOptions options, ChatRequest request)
    {
        if (options.Temperature is not null || options.TopP is not null || options.TopK is not null || options.Seed is not null ||
            options.MaxOutputTokens is not null || options.FrequencyPenalty is not null || options.PresencePenalty is not null ||
            options.StopSequences is { Count: > 0 })
        {
            var model = request.Options ??= new ModelOptions();
            model.Temperature = options.Temperature ?? model.Temperature;
            model.TopP = options.TopP ?? model.TopP;
            model.TopK = options.TopK ?? model.TopK;
            model.NumPredict = options.MaxOutputTokens ?? model.NumPredict;
            model.FrequencyPenalty = options.FrequencyPenalty ?? model.FrequencyPenalty;
            model.PresencePenalty = options.PresencePenalty ?? model.PresencePenalty;
            if (options.Seed is { } seed)
            {
                model.Seed = seed is >= int.MinValue and <= int.MaxValue
                    ? (int)seed
                    : throw new ArgumentOutOfRangeException(nameof(options), seed, "ChatOptions.Seed must fit in a 32-bit integer for Ollama.");
            }

            if (options.StopSequences is { Count: > 0 } stop)
            {
                model.Stop = [.. stop];
            }
        }

        switch (options.ResponseFormat)
        {
            case ChatResponseFormatJson { Schema: { } schema }:
                request.Format = OutputFormat.FromSchema(schema);
                break;
            case ChatResponseFormatJson:
                request.Format = OutputFormat.Json;
                break;
            case ChatResponseFormatText:
                request.Format = null;
                break;
        }

        if (options.Reasoning is { } reasoning)
        {
            request.Think = reasoning.Effort switch
            {
                ReasoningEffort.None => ThinkValue.Disabled,
                ReasoningEffort.Low => ThinkValue.Low,
                ReasoningEffort.Medium => ThinkValue.Medium,
                ReasoningEffort.High => ThinkValue.High,
                ReasoningEffort.ExtraHigh => ThinkValue.Max,
                null when reasoning.Output is ReasoningOutput.Summary or ReasoningOutput.Full => ThinkValue.Enabled,
                _ => request.Think,
            };
        }

        ApplyTools(options, request);
        AdditionalPropertiesMapper.Apply(options.AdditionalProperties, request);
    }

    private static void ApplyTools(ChatOptions options, ChatRequest request)
    {
        if (options.ToolMode is NoneChatToolMode)
        {
            request.Tools = null;
            return;
        }

        if (options.Tools is not { Count: > 0 } tools)
        {
            return;
        }

        var required = (options.ToolMode as RequiredChatToolMode)?.RequiredFunctionName;
        var list = new List<Tool>();
        foreach (var tool in tools)
        {
            if (tool is not AIFunctionDeclaration function || (required is not null && function.Name != required))
            {
                continue; // hosted tools (web search, code interpreter...) have no Ollama equivalent
            }

            var schema = function.JsonSchema.ValueKind == JsonValueKind.Object ? function.JsonSchema : JsonElement.Parse("""{"type":"object","properties":{}}""");
            list.Add(Tool.FromSchema(function.Name, string.IsNullOrEmpty(function.Description) ? null : function.Description, schema));
        }

        if (required is not null && list.Count == 0)
        {
            throw new ArgumentException(
                $"ChatOptions.ToolMode requires the function '{required}', but ChatOptions.Tools has no function of that name.", nameof(options));
        }

        if (list.Count > 0)
        {
            request.Tools = list;
        }
    }

    private static MessageRole ToRole(ChatRole role)
        => role == ChatRole.User ? MessageRole.User
            : role == ChatRole.Assistant ? MessageRole.Assistant
            : role == ChatRole.System ? MessageRole.System
            : role == ChatRole.Tool ? MessageRole.Tool
            : new MessageRole(role.Value);

    private static string ResultText(FunctionResultContent result)
        => result.Result is null && result.Exception is { } exception
            ? $"Error: {exception.Message}"
            : JsonValues.ResultToText(result.Result);
}
