using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Ollama.Net.Serialization;

/// <summary>
/// Hand-written decoding of the fields every chat and generate stream line shares (<see cref="GenerationResponse"/>),
/// for the streaming decoders. Mirrors what the source-generated metadata does (the same names, converters, null
/// handling and errors) without its per-line bookkeeping; the tests compare both on many lines.
/// </summary>
internal static class StreamLineReader
{
    private static readonly NanosecondsConverter Nanoseconds = new();
    private static readonly DoneReasonConverter DoneReasons = new();
    private static readonly MessageRoleConverter Roles = new();
    private static readonly Internal.Utf8StringCache Models = new();

    private static JsonSerializerOptions Options => OllamaJsonContext.Default.Options;

    /// <summary>
    /// The reader's own syntax errors are a subclass; the serializer hands out a plain <see cref="JsonException"/>
    /// (with the reader's message and position), and so do the decoders.
    /// </summary>
    public static JsonException AsJsonException(JsonException readerError)
        => new(readerError.Message, readerError.Path, readerError.LineNumber, readerError.BytePositionInLine, readerError);

    /// <summary>Starts a line: true at the opening brace, false for a JSON null line.</summary>
    public static bool ReadStart(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("The line holds no JSON value.");
        }

        return reader.TokenType switch
        {
            JsonTokenType.StartObject => true,
            JsonTokenType.Null => false,
            _ => throw new JsonException($"Expected a JSON object, got {reader.TokenType}."),
        };
    }

    /// <summary>Moves to the next property name; false at the closing brace (after checking nothing follows it).</summary>
    public static bool NextProperty(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.PropertyName)
        {
            return true;
        }

        // EndObject of the root: anything but white space after it makes Read throw.
        while (reader.Read())
        {
        }

        return false;
    }

    /// <summary>
    /// Reads the value of a <see cref="GenerationResponse"/> property when the current property name is one.
    /// The reader is on the property name; on return it is on the value's last token.
    /// </summary>
    public static bool TryReadCommon(ref Utf8JsonReader reader, GenerationResponse target)
    {
        if (reader.ValueTextEquals("model"u8))
        {
            reader.Read();
            target.Model = Models.Read(ref reader)!;
        }
        else if (reader.ValueTextEquals("created_at"u8))
        {
            reader.Read();
            target.CreatedAt = ReadDateTimeOffset(ref reader);
        }
        else if (reader.ValueTextEquals("done"u8))
        {
            reader.Read();
            target.Done = ReadBoolean(ref reader);
        }
        else if (reader.ValueTextEquals("done_reason"u8))
        {
            reader.Read();
            target.DoneReason = reader.TokenType == JsonTokenType.Null ? null : DoneReasons.Read(ref reader, typeof(DoneReason), Options);
        }
        else if (reader.ValueTextEquals("total_duration"u8))
        {
            reader.Read();
            target.TotalDuration = Nanoseconds.Read(ref reader, typeof(TimeSpan?), Options);
        }
        else if (reader.ValueTextEquals("load_duration"u8))
        {
            reader.Read();
            target.LoadDuration = Nanoseconds.Read(ref reader, typeof(TimeSpan?), Options);
        }
        else if (reader.ValueTextEquals("prompt_eval_count"u8))
        {
            reader.Read();
            target.PromptEvalCount = ReadNullableInt32(ref reader);
        }
        else if (reader.ValueTextEquals("prompt_eval_duration"u8))
        {
            reader.Read();
            target.PromptEvalDuration = Nanoseconds.Read(ref reader, typeof(TimeSpan?), Options);
        }
        else if (reader.ValueTextEquals("eval_count"u8))
        {
            reader.Read();
            target.EvalCount = ReadNullableInt32(ref reader);
        }
        else if (reader.ValueTextEquals("eval_duration"u8))
        {
            reader.Read();
            target.EvalDuration = Nanoseconds.Read(ref reader, typeof(TimeSpan?), Options);
        }
        else if (reader.ValueTextEquals("remote_model"u8))
        {
            reader.Read();
            target.RemoteModel = ReadString(ref reader);
        }
        else if (reader.ValueTextEquals("remote_host"u8))
        {
            reader.Read();
            target.RemoteHost = ReadString(ref reader);
        }
        else if (reader.ValueTextEquals("logprobs"u8))
        {
            reader.Read();
            target.Logprobs = ReadObject(ref reader, OllamaJsonContext.Default.IListLogprob);
        }
        else if (reader.ValueTextEquals("_debug_info"u8))
        {
            reader.Read();
            target.DebugInfo = ReadObject(ref reader, OllamaJsonContext.Default.DebugInfo);
        }
        else
        {
            return false;
        }

        return true;
    }

    /// <summary>Reads a chat <see cref="Message"/> object (or null) as the source-generated metadata would.</summary>
    public static Message? ReadMessage(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected an object for a message, got {reader.TokenType}.");
        }

        var message = new Message();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("role"u8))
            {
                reader.Read();
                message.Role = Roles.Read(ref reader, typeof(MessageRole), Options);
            }
            else if (reader.ValueTextEquals("content"u8))
            {
                reader.Read();
                message.Content = ReadString(ref reader)!;
            }
            else if (reader.ValueTextEquals("thinking"u8))
            {
                reader.Read();
                message.Thinking = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("tool_calls"u8))
            {
                reader.Read();
                message.ToolCalls = ReadObject(ref reader, OllamaJsonContext.Default.IListToolCall);
            }
            else if (reader.ValueTextEquals("images"u8))
            {
                reader.Read();
                message.Images = ReadObject(ref reader, OllamaJsonContext.Default.IListImageData);
            }
            else if (reader.ValueTextEquals("tool_name"u8))
            {
                reader.Read();
                message.ToolName = ReadString(ref reader);
            }
            else if (reader.ValueTextEquals("tool_call_id"u8))
            {
                reader.Read();
                message.ToolCallId = ReadString(ref reader);
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return message;
    }

    /// <summary>Skips the value of the current (unknown) property.</summary>
    public static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    public static string? ReadString(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        _ => throw new JsonException($"Expected a string, got {reader.TokenType}."),
    };

    public static T? ReadObject<T>(ref Utf8JsonReader reader, JsonTypeInfo<T> typeInfo)
        => reader.TokenType == JsonTokenType.Null ? default : JsonSerializer.Deserialize(ref reader, typeInfo);

    private static bool ReadBoolean(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw new JsonException($"Expected true or false, got {reader.TokenType}."),
    };

    public static int? ReadNullableInt32(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var value))
        {
            throw new JsonException($"Expected a 32-bit integer, got {reader.TokenType}.");
        }

        return value;
    }

    private static DateTimeOffset ReadDateTimeOffset(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTimeOffset(out var value))
        {
            throw new JsonException($"Expected an ISO 8601 date and time string, got {reader.TokenType}.");
        }

        return value;
    }
}
