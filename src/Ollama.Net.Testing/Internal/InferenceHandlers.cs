using System.Text.Json;

namespace Ollama.Net.Testing.Internal;

/// <summary><c>POST /api/generate</c> and <c>POST /api/chat</c>.</summary>
internal static class InferenceHandlers
{
    private static readonly string[] s_altTokens = [" the", " a", ",", ".", " and", " of", " to", " in", " is", " it"];

    public static Task ChatAsync(Exchange x) => RunAsync(x, isChat: true);

    public static Task GenerateAsync(Exchange x) => RunAsync(x, isChat: false);

    private static async Task RunAsync(Exchange x, bool isChat)
    {
        var req = x.Json(isChat ? "ChatRequest" : "GenerateRequest");

        // Decoding first (as ShouldBindJSON does), then the checks in the order of GenerateHandler and ChatHandler.
        var modelField = req.String("model") ?? string.Empty;
        var stream = req.Bool("stream") ?? true;
        var keepAlive = Fields.KeepAlive(req);
        var think = Fields.Think(req);
        var logprobs = req.Bool("logprobs") ?? false;
        var topLogprobs = Fields.TopLogprobs(req);
        var debugRenderOnly = req.Bool("_debug_render_only") ?? false;
        var tools = req.Array("tools", "api.Tools");
        var hasTools = tools is { } t && t.GetArrayLength() > 0;
        var messages = isChat ? Messages(req) : [];
        var prompt = isChat ? string.Empty : req.String("prompt") ?? string.Empty;
        var suffix = isChat ? null : req.String("suffix");
        var system = isChat ? null : req.String("system");
        var template = isChat ? null : req.String("template");
        var raw = !isChat && (req.Bool("raw") ?? false);
        var context = isChat ? null : req.Array("context", "[]int");
        var truncate = req.Bool("truncate");
        var shift = req.Bool("shift");
        var media = isChat
            ? [.. messages.SelectMany(m => Fields.Images(req, m.TryGetProperty("images", out var i) && i.ValueKind != JsonValueKind.Null ? i : null, "messages.images"))]
            : Fields.Images(req, req.Get("images"), "images");
        Fields.OptionsObject(req);

        var model = Fields.FindModel(
            x, modelField, isChat ? 400 : 404, isChat ? "model is required" : $"model '{modelField}' not found", _ => $"model '{modelField}' not found");

        // An unload (empty prompt or messages, keep_alive 0) comes before every capability, raw, think and option check.
        var isLoadRequest = isChat ? messages.Count == 0 : prompt.Length == 0;
        if (isLoadRequest && keepAlive == TimeSpan.Zero)
        {
            x.Server.Scheduler.Expire(model);
            await x.JsonAsync(JsonOut.Build(w => InferenceJson.WriteChunk(w, isChat, modelField, model, new Piece(), new Final("unload", default)))).ConfigureAwait(false);
            return;
        }

        if (!isChat && model.Has(TestModelCapabilities.Image))
        {
            throw HttpError.BadRequest("image generation models are not currently supported");
        }

        if (raw && (!string.IsNullOrEmpty(template) || !string.IsNullOrEmpty(system) || context is { } c && c.GetArrayLength() > 0))
        {
            throw HttpError.BadRequest("raw mode does not support template, system, or context");
        }

        if (think == true && !model.Has(TestModelCapabilities.Thinking))
        {
            throw HttpError.BadRequest($"{TextTools.GoQuote(modelField)} does not support thinking");
        }

        // scheduleRunner: CheckCapabilities (the completion error names the model as requested, the others by its full
        // name), then the options.
        if (!model.Has(TestModelCapabilities.Completion))
        {
            throw HttpError.BadRequest($"{TextTools.GoQuote(modelField)} does not support {(isChat ? "chat" : "generate")}");
        }

        if (isChat && hasTools && !model.Has(TestModelCapabilities.Tools))
        {
            throw HttpError.BadRequest($"{ModelName.Full(model.Name)} does not support tools");
        }

        if (!string.IsNullOrEmpty(suffix) && !model.Has(TestModelCapabilities.Insert))
        {
            throw HttpError.BadRequest($"{ModelName.Full(model.Name)} does not support insert");
        }

        // scheduleRunner, after the checks: the options, then the runner (queued, loaded or reused by the scheduler).
        var options = Fields.Options(req);
        var window = ContextWindow.Plan(x.Server, model, req, new(isChat, messages, prompt, system)
        {
            NumCtx = options.NumCtx, Truncate = truncate, Shift = shift, Raw = raw, Template = template, Suffix = suffix, Tools = tools,
            ContextTokens = context is { ValueKind: JsonValueKind.Array } ctx ? ctx.GetArrayLength() : 0, ImageCount = media.Count,
        });
        using var lease = await x.Server.Scheduler.AcquireAsync(model, window.NumCtx, window.Shift, keepAlive, x.Token).ConfigureAwait(false);
        var warm = !lease.Loaded;

        // The load response straight after scheduleRunner; the rendered (truncated) prompt before the runner is asked.
        if (isLoadRequest || debugRenderOnly)
        {
            lease.Dispose();
            await x.JsonAsync(JsonOut.Build(w =>
            {
                if (isLoadRequest)
                {
                    InferenceJson.WriteChunk(w, isChat, modelField, model, new Piece(), new Final("load", default));
                }
                else
                {
                    InferenceJson.WriteDebug(w, isChat, modelField, model, window.Rendered, media.Count);
                }
            })).ConfigureAwait(false);
            return;
        }

        // What the runner refuses once it has a slot: a prompt it may not shift, a bad format; then llama-server: media
        // the model has no projector for, a prompt that does not fit.
        await lease.StartGenerationAsync(x.Token).ConfigureAwait(false);
        window.ThrowIfRunnerRefuses(stream);
        var format = Fields.Format(req, stream);
        CheckMedia(model, media, isChat, stream);
        window.ThrowIfServerRefuses(stream);

        var thinkOn = think ?? model.Has(TestModelCapabilities.Thinking);
        var (ctxPrompt, ctxSystem, lastRole) = isChat ? Summarize(messages) : (prompt, system, "user");
        var replyContext = new ReplyContext(
            model, modelField, isChat, ctxPrompt, ctxSystem, lastRole, messages, thinkOn, tools, format, req.Root, x.Record);
        var reply = x.Server.Replies.Next(replyContext);
        x.Writer.AddFault(reply.Fault);
        if (x.Writer.Fault is { StatusCode: { } status } fault)
        {
            await x.Writer.SendAsync(status, fault.ContentType, fault.Body).ConfigureAwait(false);
            return;
        }

        var promptTokens = reply.PromptEvalCount ?? window.PromptTokens;
        var pieces = BuildPieces(x, reply, think != false, logprobs, topLogprobs, options, out var doneReason, out var evalTokens);
        if (window.Clip(pieces))
        {
            doneReason = "length";
            evalTokens = reply.EvalCount ?? Math.Max(1, pieces.Count);
        }

        // load_duration is the wait for the model on the server's clock once loads take time; eval_duration is measured
        // there once a token rate paces the answer; otherwise both are fixed, plausible figures.
        var loadNs = x.Server.Options.ModelLoadTime > TimeSpan.Zero ? lease.Waited.Ticks * 100 : warm ? 12_345_678L : 512_345_678L;
        var promptNs = (promptTokens * 1_000_000L) + 345_678;
        var tokens = pieces.Count;
        var final = new Final(doneReason, null)
        {
            Context = isChat || raw ? null : ContextTokens(prompt, pieces, promptTokens + evalTokens),
        };

        if (reply.LastChunkIsFinal && pieces.Count > 0)
        {
            final = final with { Carry = pieces[^1] };
            pieces.RemoveAt(pieces.Count - 1);
        }

        if (!isChat && pieces.FindIndex(p => p.ToolCalls is not null) is var at and >= 0)
        {
            // GenerateHandler attaches the parser's tool calls to the done chunk only.
            var carry = final.Carry ?? new Piece();
            carry.ToolCalls = pieces[at].ToolCalls;
            pieces.RemoveAt(at);
            final = final with { Carry = carry };
        }

        async Task<Final> FinishAsync()
        {
            await lease.PaceAsync(tokens, x.Token).ConfigureAwait(false);
            var evalNs = x.Server.Options.TokensPerSecond > 0
                ? x.Server.Scheduler.Time.GetElapsedTime(lease.GenerationStarted).Ticks * 100
                : (evalTokens * 20_000_000L) + 123_456;
            lease.Dispose();
            return final with { Metrics = new Metrics(loadNs + promptNs + evalNs + 1_000_000, loadNs, promptTokens, promptNs, evalTokens, evalNs) };
        }

        if (stream)
        {
            // Like gin, the headers go out with the first chunk.
            await lease.PaceAsync(Math.Min(1, pieces.Count), x.Token).ConfigureAwait(false);
            if (await x.Writer.BeginAsync(200, ResponseWriter.NdjsonContentType, null).ConfigureAwait(false))
            {
                for (var i = 0; i < pieces.Count; i++)
                {
                    await lease.PaceAsync(i + 1, x.Token).ConfigureAwait(false);
                    var piece = pieces[i];
                    var line = JsonOut.Build(w => InferenceJson.WriteChunk(w, isChat, modelField, model, piece, null));
                    if (!await x.Writer.WriteChunkAsync(line, appendNewline: true).ConfigureAwait(false))
                    {
                        return;
                    }
                }

                final = await FinishAsync().ConfigureAwait(false);
                var last = JsonOut.Build(w => InferenceJson.WriteChunk(w, isChat, modelField, model, final.Carry ?? new Piece(), final));
                await x.Writer.WriteChunkAsync(last, appendNewline: true).ConfigureAwait(false);
            }
        }
        else
        {
            var all = new Piece();
            foreach (var p in pieces.Append(final.Carry ?? new Piece()))
            {
                all.Content.Append(p.Content);
                all.Thinking.Append(p.Thinking);
                // writeChatResponse keeps tool calls only when the request had tools.
                if (p.ToolCalls is not null && (hasTools || !isChat))
                {
                    (all.ToolCalls ??= []).AddRange(p.ToolCalls);
                }

                if (p.Logprobs is not null)
                {
                    (all.Logprobs ??= []).AddRange(p.Logprobs);
                }
            }

            final = await FinishAsync().ConfigureAwait(false);
            await x.JsonAsync(JsonOut.Build(w => InferenceJson.WriteChunk(w, isChat, modelField, model, all, final))).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Ollama's handlers pass images to any model; llama-server refuses them when it runs without a projector for them
    /// (a 500 whose whole body Ollama relays as the text). Generate goes through its <c>/completion</c>, chat through its
    /// <c>/v1/chat/completions</c> (which tells images from WAV/MP3 audio, as <c>llm.AudioFormat</c> does).
    /// </summary>
    private static void CheckMedia(TestModel model, List<byte[]> media, bool isChat, bool stream)
    {
        foreach (var data in media)
        {
            var audio = IsAudio(data);
            var refusal = !isChat
                ? (model.Has(TestModelCapabilities.Vision) || model.Has(TestModelCapabilities.Audio) ? null : "Multimodal data provided, but model does not support multimodal requests.")
                : audio
                    ? (model.Has(TestModelCapabilities.Audio) ? null : "audio input is not supported - hint: if this is unexpected, you may need to provide the mmproj")
                    : (model.Has(TestModelCapabilities.Vision) ? null : "image input is not supported - hint: if this is unexpected, you may need to provide the mmproj");
            if (refusal is not null)
            {
                throw HttpError.InStream(500, $$$"""{"error":{"code":500,"message":"{{{refusal}}}","type":"server_error"}}""", stream);
            }
        }
    }

    private static bool IsAudio(ReadOnlySpan<byte> data) =>
        (data.Length >= 12 && data[..4].SequenceEqual("RIFF"u8) && data[8..12].SequenceEqual("WAVE"u8))
        || data.StartsWith("ID3"u8)
        || (data.Length >= 2 && data[0] == 0xFF && (data[1] & 0xE0) == 0xE0);

    private static List<JsonElement> Messages(RequestJson req)
    {
        var list = new List<JsonElement>();
        if (req.Array("messages", "[]api.Message") is not { } arr)
        {
            return list;
        }

        foreach (var m in arr.EnumerateArray())
        {
            if (m.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (m.ValueKind != JsonValueKind.Object)
            {
                throw req.TypeError("messages", m, "api.Message");
            }

            foreach (var field in (ReadOnlySpan<string>)["role", "content", "thinking", "tool_name", "tool_call_id"])
            {
                if (m.TryGetProperty(field, out var v) && v.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                {
                    throw req.TypeError("messages." + field, v, "string");
                }
            }

            if (m.TryGetProperty("tool_calls", out var tc) && tc.ValueKind is not (JsonValueKind.Array or JsonValueKind.Null))
            {
                throw req.TypeError("messages.tool_calls", tc, "[]api.ToolCall");
            }

            list.Add(m);
        }

        return list;
    }

    private static string Str(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : string.Empty;

    private static (string Prompt, string? System, string LastRole) Summarize(List<JsonElement> messages)
    {
        string? system = null;
        foreach (var m in messages)
        {
            if (Str(m, "role").Equals("system", StringComparison.OrdinalIgnoreCase))
            {
                system = Str(m, "content");
                break;
            }
        }

        var last = messages[^1];
        return (Str(last, "content"), system, Str(last, "role").ToLowerInvariant());
    }

    private static List<Piece> BuildPieces(
        Exchange x, ScriptedReply reply, bool thinkingAllowed, bool logprobs, int topLogprobs, Fields.RuntimeOptions options,
        out string doneReason, out int evalTokens)
    {
        var pieces = new List<Piece>();
        doneReason = reply.DoneReason;
        var content = reply.EffectiveContent;
        foreach (var stop in options.Stop)
        {
            var at = stop.Length > 0 ? content.IndexOf(stop, StringComparison.Ordinal) : -1;
            if (at >= 0)
            {
                content = content[..at];
                doneReason = "stop";
            }
        }

        if (thinkingAllowed && !string.IsNullOrEmpty(reply.Thinking))
        {
            foreach (var chunk in TextTools.Chunk(reply.Thinking, reply.ChunkSize))
            {
                pieces.Add(new Piece(thinking: chunk));
            }
        }

        var contentChunks = TextTools.Chunk(content, reply.ChunkSize);
        if (options.NumPredict is > 0 and var limit && contentChunks.Count > limit)
        {
            contentChunks.RemoveRange(limit, contentChunks.Count - limit);
            doneReason = "length";
        }

        for (var i = 0; i < contentChunks.Count; i++)
        {
            var piece = new Piece(content: contentChunks[i]);
            if (logprobs)
            {
                var value = reply.Logprobs is { Count: > 0 } lp
                    ? lp[i % lp.Count]
                    : -Math.Round(0.01 + (TextTools.Fnv1a(contentChunks[i]) % 1000 / 1000.0 * 1.5), 6);
                var top = new List<(string, double)>();
                for (var k = 0; k < topLogprobs; k++)
                {
                    top.Add(k == 0 ? (contentChunks[i], value) : (s_altTokens[(k - 1) % s_altTokens.Length], Math.Round(value - (k * 0.75), 6)));
                }

                piece.Logprobs = [new LogprobOut(contentChunks[i], value, topLogprobs > 0 ? top : null)];
            }

            pieces.Add(piece);
        }

        if (reply.ToolCalls is { Count: > 0 } calls)
        {
            var list = new List<ToolCallOut>(calls.Count);
            for (var i = 0; i < calls.Count; i++)
            {
                var id = calls[i].Id ?? "call_" + Base36(TextTools.Fnv1a($"{x.Record.Index}:{i}:{calls[i].Name}"), 8);
                list.Add(new ToolCallOut(id, i, calls[i].Name, calls[i].Arguments));
            }

            pieces.Add(new Piece { ToolCalls = list });
        }

        evalTokens = reply.EvalCount ?? Math.Max(1, pieces.Count);
        return pieces;
    }

    private static int[] ContextTokens(string prompt, List<Piece> pieces, int count)
    {
        var seed = prompt + "|" + string.Concat(pieces.Select(p => p.Content.ToString()));
        var n = Math.Clamp(count, 1, 4096);
        var ids = new int[n];
        for (var i = 0; i < n; i++)
        {
            ids[i] = (int)(TextTools.Fnv1a(seed, (ulong)i) % 150_000) + 1;
        }

        return ids;
    }

    private static string Base36(ulong value, int length)
    {
        const string digits = "0123456789abcdefghijklmnopqrstuvwxyz";
        var chars = new char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = digits[(int)(value % 36)];
            value /= 36;
        }

        return new string(chars);
    }
}
