using System.Text;
using System.Text.Json;

namespace Ollama.Net.Testing.Internal;

/// <summary>Serializes <c>ChatResponse</c> and <c>GenerateResponse</c> chunks in the Go struct field order.</summary>
internal static class InferenceJson
{
    private static void WriteHead(Utf8JsonWriter w, string requested, TestModel model)
    {
        w.WriteString("model", requested);
        w.OmitEmpty("remote_model", model.RemoteModel);
        w.OmitEmpty("remote_host", model.RemoteHost);
    }

    public static void WriteDebug(Utf8JsonWriter w, bool isChat, string requested, TestModel model, string rendered, int imageCount)
    {
        w.WriteStartObject();
        WriteHead(w, requested, model);
        w.WriteString("created_at", GoTime.UtcNow());
        if (isChat)
        {
            w.WriteStartObject("message");
            w.WriteString("role", "assistant");
            w.WriteString("content", string.Empty);
            w.WriteEndObject();
        }
        else
        {
            w.WriteString("response", string.Empty);
        }

        w.WriteBoolean("done", false);
        w.WriteStartObject("_debug_info");
        w.WriteString("rendered_template", rendered);
        w.OmitZero("image_count", imageCount);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void WriteChunk(Utf8JsonWriter w, bool isChat, string requested, TestModel model, Piece p, Final? f)
    {
        w.WriteStartObject();
        WriteHead(w, requested, model);
        w.WriteString("created_at", GoTime.UtcNow());
        if (isChat)
        {
            w.WriteStartObject("message");
            w.WriteString("role", "assistant");
            w.WriteString("content", p.Content.ToString());
            w.OmitEmpty("thinking", p.Thinking.ToString());
            WriteToolCalls(w, p.ToolCalls);
            w.WriteEndObject();
            w.WriteBoolean("done", f is not null);
            if (f is not null)
            {
                w.OmitEmpty("done_reason", f.DoneReason);
            }

            WriteLogprobs(w, p.Logprobs);
            WriteMetrics(w, f?.Metrics);
        }
        else
        {
            w.WriteString("response", p.Content.ToString());
            w.OmitEmpty("thinking", p.Thinking.ToString());
            w.WriteBoolean("done", f is not null);
            if (f is not null)
            {
                w.OmitEmpty("done_reason", f.DoneReason);
                if (f.Context is { Length: > 0 } ctx)
                {
                    w.WriteStartArray("context");
                    foreach (var id in ctx)
                    {
                        w.WriteNumberValue(id);
                    }

                    w.WriteEndArray();
                }
            }

            WriteMetrics(w, f?.Metrics);
            WriteToolCalls(w, p.ToolCalls);
            WriteLogprobs(w, p.Logprobs);
        }

        w.WriteEndObject();
    }

    private static void WriteToolCalls(Utf8JsonWriter w, List<ToolCallOut>? calls)
    {
        if (calls is not { Count: > 0 })
        {
            return;
        }

        w.WriteStartArray("tool_calls");
        foreach (var call in calls)
        {
            w.WriteStartObject();
            w.WriteString("id", call.Id);
            w.WriteStartObject("function");
            w.WriteNumber("index", call.Index);
            w.WriteString("name", call.Name);
            w.WriteNode("arguments", call.Arguments);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteLogprobs(Utf8JsonWriter w, List<LogprobOut>? logprobs)
    {
        if (logprobs is not { Count: > 0 })
        {
            return;
        }

        w.WriteStartArray("logprobs");
        foreach (var lp in logprobs)
        {
            w.WriteStartObject();
            WriteToken(w, lp.Token, lp.Logprob);
            if (lp.Top is { Count: > 0 })
            {
                w.WriteStartArray("top_logprobs");
                foreach (var (token, value) in lp.Top)
                {
                    w.WriteStartObject();
                    WriteToken(w, token, value);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteToken(Utf8JsonWriter w, string token, double logprob)
    {
        w.WriteString("token", token);
        w.WriteNumber("logprob", logprob);
        var bytes = Encoding.UTF8.GetBytes(token);
        if (bytes.Length > 0)
        {
            w.WriteStartArray("bytes");
            foreach (var b in bytes)
            {
                w.WriteNumberValue(b);
            }

            w.WriteEndArray();
        }
    }

    private static void WriteMetrics(Utf8JsonWriter w, Metrics? m)
    {
        if (m is null)
        {
            return;
        }

        w.OmitZero("total_duration", m.Total);
        w.OmitZero("load_duration", m.Load);
        w.OmitZero("prompt_eval_count", m.PromptCount);
        w.OmitZero("prompt_eval_duration", m.PromptDuration);
        w.OmitZero("eval_count", m.EvalCount);
        w.OmitZero("eval_duration", m.EvalDuration);
    }
}
