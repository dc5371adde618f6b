using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Ollama.Net.Diagnostics;

/// <summary>
/// Writes prompts and answers as the JSON the gen_ai semantic conventions define for <c>gen_ai.input.messages</c>,
/// <c>gen_ai.output.messages</c> and <c>gen_ai.system_instructions</c>: arrays of <c>{"role", "parts": [...]}</c> with
/// <c>text</c>, <c>reasoning</c>, <c>tool_call</c> and <c>tool_call_response</c> parts. Only used when
/// <see cref="OllamaClientOptions.EnableSensitiveTelemetryData"/> is set. Images are not recorded.
/// </summary>
internal static class GenAiContent
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static void AddInputTags(Activity activity, OperationInfo operation)
    {
        if (operation.ChatRequest is { } chat)
        {
            activity.SetTag("gen_ai.input.messages", Write(writer =>
            {
                writer.WriteStartArray();
                foreach (var message in chat.Messages)
                {
                    WriteMessage(writer, message);
                }

                writer.WriteEndArray();
            }));
        }
        else if (operation.GenerateRequest is { } generate)
        {
            if (!string.IsNullOrEmpty(generate.System))
            {
                activity.SetTag("gen_ai.system_instructions", Write(writer =>
                {
                    writer.WriteStartArray();
                    WriteTextPart(writer, "text", generate.System);
                    writer.WriteEndArray();
                }));
            }

            activity.SetTag("gen_ai.input.messages", Write(writer =>
            {
                writer.WriteStartArray();
                writer.WriteStartObject();
                writer.WriteString("role", "user");
                writer.WriteStartArray("parts");
                WriteTextPart(writer, "text", generate.Prompt ?? string.Empty);
                writer.WriteEndArray();
                writer.WriteEndObject();
                writer.WriteEndArray();
            }));
        }
    }

    public static string OutputMessages(string? text, string? thinking, IList<ToolCall>? toolCalls, string? finishReason)
        => Write(writer =>
        {
            writer.WriteStartArray();
            writer.WriteStartObject();
            writer.WriteString("role", "assistant");
            writer.WriteStartArray("parts");
            if (!string.IsNullOrEmpty(thinking))
            {
                WriteTextPart(writer, "reasoning", thinking);
            }

            if (!string.IsNullOrEmpty(text))
            {
                WriteTextPart(writer, "text", text);
            }

            if (toolCalls is not null)
            {
                foreach (var call in toolCalls)
                {
                    WriteToolCall(writer, call);
                }
            }

            writer.WriteEndArray();
            if (finishReason is not null)
            {
                writer.WriteString("finish_reason", finishReason);
            }

            writer.WriteEndObject();
            writer.WriteEndArray();
        });

    private static void WriteMessage(Utf8JsonWriter writer, Message message)
    {
        writer.WriteStartObject();
        writer.WriteString("role", message.Role.Value);
        writer.WriteStartArray("parts");
        if (message.Role == MessageRole.Tool)
        {
            writer.WriteStartObject();
            writer.WriteString("type", "tool_call_response");
            if (message.ToolCallId is { } id)
            {
                writer.WriteString("id", id);
            }

            writer.WriteString("response", message.Content);
            writer.WriteEndObject();
        }
        else
        {
            if (!string.IsNullOrEmpty(message.Thinking))
            {
                WriteTextPart(writer, "reasoning", message.Thinking);
            }

            if (!string.IsNullOrEmpty(message.Content))
            {
                WriteTextPart(writer, "text", message.Content);
            }

            if (message.ToolCalls is not null)
            {
                foreach (var call in message.ToolCalls)
                {
                    WriteToolCall(writer, call);
                }
            }
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteTextPart(Utf8JsonWriter writer, string type, string content)
    {
        writer.WriteStartObject();
        writer.WriteString("type", type);
        writer.WriteString("content", content);
        writer.WriteEndObject();
    }

    private static void WriteToolCall(Utf8JsonWriter writer, ToolCall call)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "tool_call");
        if (call.Id is { } id)
        {
            writer.WriteString("id", id);
        }

        writer.WriteString("name", call.Function.Name);
        writer.WritePropertyName("arguments");
        if (call.Function.Arguments.ValueKind == JsonValueKind.Undefined)
        {
            writer.WriteStartObject();
            writer.WriteEndObject();
        }
        else
        {
            call.Function.Arguments.WriteTo(writer);
        }

        writer.WriteEndObject();
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
