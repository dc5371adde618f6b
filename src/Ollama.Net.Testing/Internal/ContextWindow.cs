using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ollama.Net.Testing.Internal;

/// <summary>
/// The context window of one chat or generate request, as Ollama computes it: the effective <c>num_ctx</c>
/// (<c>sched.go</c> getRunner, <c>effectiveContext</c>), the whole-message truncation of <c>prompt.go</c> chatPrompt,
/// the runner's prompt check and context shift (<c>llm/llama_server.go</c> completionPromptForRequest), llama-server's
/// refusal of a prompt that does not fit, and how far generation may run.
/// </summary>
internal sealed class ContextWindow
{
    /// <summary>What the runner answers when the prompt does not fit and context shift is off (<c>llama_server.go</c>).</summary>
    public const string PromptTooLong =
        "the prompt is longer than the context length currently available to the model; shorten the prompt, adjust the context length in settings, or use a model with a longer context length";

    /// <summary>Ollama's truncation counts each image as this many tokens for models with a projector (<c>chatPrompt</c>).</summary>
    private const int ImageTokens = 768;

    /// <summary>llama-server bounds open-ended generation at this many context windows (<c>boundedNumPredict</c>).</summary>
    private const int OpenEndedMultiplier = 10;

    private readonly string? _runnerRefusal;
    private readonly string? _serverRefusal;

    private ContextWindow(int numCtx, bool shift, string rendered, int promptTokens, string? runnerRefusal, string? serverRefusal)
    {
        NumCtx = numCtx;
        Shift = shift;
        Rendered = rendered;
        PromptTokens = promptTokens;
        _runnerRefusal = runnerRefusal;
        _serverRefusal = serverRefusal;
    }

    /// <summary>The effective context length: the runner's <c>num_ctx</c>, shown by <c>/api/ps</c>.</summary>
    public int NumCtx { get; }

    /// <summary>Whether the runner shifts the context (a load-time setting: a different value reloads the model).</summary>
    public bool Shift { get; }

    /// <summary>The prompt after message truncation, as <c>_debug_render_only</c> shows it.</summary>
    public string Rendered { get; }

    /// <summary>The prompt tokens the model evaluates (<c>prompt_eval_count</c>) after all truncation.</summary>
    public int PromptTokens { get; }

    /// <summary>How many tokens generation may produce before it stops with <c>done_reason</c> <c>length</c>.</summary>
    public int GenerationLimit => Shift ? OpenEndedMultiplier * NumCtx : NumCtx - PromptTokens;

    /// <summary>
    /// The effective <c>num_ctx</c>: the request's option, else the model's PARAMETER, else the server default
    /// (<c>OLLAMA_CONTEXT_LENGTH</c>); at least 4, at least 2048 for vision models, at most the trained context length.
    /// </summary>
    public static int EffectiveNumCtx(OllamaTestServerOptions options, TestModel model, int? requested)
    {
        var numCtx = requested ?? IntParameter(model, "num_ctx") ?? options.DefaultContextLength;
        numCtx = Math.Max(numCtx, 4);
        if (model.Has(TestModelCapabilities.Vision))
        {
            numCtx = Math.Max(numCtx, 2048);
        }

        return model.ContextLength > 0 ? Math.Min(numCtx, model.ContextLength) : numCtx;
    }

    /// <summary>
    /// Plans a request. A refusal, if any, is raised later, once the runner has the request: by
    /// <see cref="ThrowIfRunnerRefuses"/> or <see cref="ThrowIfServerRefuses"/>.
    /// </summary>
    public static ContextWindow Plan(OllamaTestServer server, TestModel model, RequestJson req, Request r)
    {
        var numCtx = EffectiveNumCtx(server.Options, model, r.NumCtx);

        // sched.go resolveContextShift: the request's shift, else on (off for deepseek2 models).
        var shift = r.Shift ?? !(model.Family == "deepseek2" || model.FamilyList.Contains("deepseek2"));
        var truncate = r.Truncate ?? true;
        var vision = model.Has(TestModelCapabilities.Vision);

        string rendered;
        var images = 0;
        if (!r.IsChat && r.Raw)
        {
            rendered = r.Prompt;
        }
        else
        {
            var messages = Messages(model, r);

            // chatPrompt: drop whole messages from the front until the prompt fits, keeping the system messages and
            // always the last message. Generate with a template or suffix executes the template directly (no truncation).
            var chatLike = r.IsChat || (string.IsNullOrEmpty(r.Template) && string.IsNullOrEmpty(r.Suffix));
            var start = 0;
            if (truncate && chatLike)
            {
                for (var i = 0; i < messages.Count; i++)
                {
                    var candidate = Keep(messages, i);
                    if (Count(Render(candidate, r), candidate, vision) <= numCtx || i == messages.Count - 1)
                    {
                        start = i;
                        break;
                    }
                }
            }

            var kept = Keep(messages, start);
            rendered = Render(kept, r);
            images = kept.Sum(m => m.Images);
        }

        var tokens = TextTools.EstimateTokens(rendered) + (vision ? images * ImageTokens : 0) + r.ContextTokens;
        string? runnerRefusal = null;
        string? serverRefusal = null;

        // The runner: a prompt of num_ctx tokens or more is shifted (keeping num_keep tokens) or refused; prompts with
        // media and truncate:false go to llama-server as they are.
        if (truncate && images == 0 && numCtx > 1 && tokens > numCtx - 1)
        {
            if (!shift)
            {
                runnerRefusal = PromptTooLong;
            }
            else
            {
                var keep = NumKeep(model, req);
                keep = Math.Min(keep < 0 ? tokens : keep, numCtx - 1);
                tokens = numCtx - Math.Max((numCtx - keep) / 2, 1);
            }
        }

        if (runnerRefusal is null && tokens >= numCtx)
        {
            // llama-server answers 400 with its own JSON error body, which Ollama passes on as the error text.
            serverRefusal = string.Create(
                CultureInfo.InvariantCulture,
                $$$"""{"error":{"code":400,"message":"request ({{{tokens}}} tokens) exceeds the available context size ({{{numCtx}}} tokens), try increasing it","type":"exceed_context_size_error","n_prompt_tokens":{{{tokens}}},"n_ctx":{{{numCtx}}}}}""");
        }

        return new ContextWindow(numCtx, shift, rendered, tokens, runnerRefusal, serverRefusal);
    }

    /// <summary>
    /// Throws the runner's 400 for a prompt it may not shift (<c>completionPromptForRequest</c>, before it reads the
    /// format); <paramref name="stream"/> says whether the response streams.
    /// </summary>
    public void ThrowIfRunnerRefuses(bool stream) => ThrowIf(_runnerRefusal, stream);

    /// <summary>
    /// Throws llama-server's 400 for a prompt that does not fit its context (after the format and media checks);
    /// <paramref name="stream"/> says whether the response streams.
    /// </summary>
    public void ThrowIfServerRefuses(bool stream) => ThrowIf(_serverRefusal, stream);

    /// <summary>
    /// Cuts generated pieces (thinking and content chunks, one token each; tool calls come last) past
    /// <see cref="GenerationLimit"/>. Returns true when something was cut (the reply then ends with <c>length</c>).
    /// </summary>
    public bool Clip(List<Piece> pieces)
    {
        var limit = Math.Max(GenerationLimit, 0);
        if (pieces.Count <= limit)
        {
            return false;
        }

        pieces.RemoveRange(limit, pieces.Count - limit);
        return true;
    }

    /// <summary>A runner error reaches the client through the handler's stream machinery (Go's <c>streamResponse</c>).</summary>
    private static void ThrowIf(string? refusal, bool stream)
    {
        if (refusal is not null)
        {
            throw HttpError.InStream(400, refusal, stream);
        }
    }

    private static List<Message> Messages(TestModel model, Request r)
    {
        var list = new List<Message>();
        var seed = model.Messages?.OfType<JsonObject>()
            .Select(m => new Message(Text(m["role"]), Text(m["content"]), null, 0)) ?? [];
        if (r.IsChat)
        {
            var sent = r.Messages.Select(FromJson).ToList();
            if (sent.Count > 0 && sent[0].Role != "system" && !string.IsNullOrEmpty(model.System))
            {
                list.Add(new Message("system", model.System, null, 0));
            }

            list.AddRange(seed);
            list.AddRange(sent);
            return list;
        }

        var system = string.IsNullOrEmpty(r.System) ? model.System : r.System;
        if (!string.IsNullOrEmpty(system))
        {
            list.Add(new Message("system", system, null, 0));
        }

        if (r.ContextTokens == 0)
        {
            list.AddRange(seed);
        }

        list.Add(new Message("user", r.Prompt, null, r.ImageCount));
        return list;
    }

    private static Message FromJson(JsonElement m)
    {
        var images = m.TryGetProperty("images", out var i) && i.ValueKind == JsonValueKind.Array ? i.GetArrayLength() : 0;
        var calls = m.TryGetProperty("tool_calls", out var tc) && tc.ValueKind == JsonValueKind.Array ? tc.GetRawText() : null;
        return new Message(Str(m, "role"), Str(m, "content"), calls, images);
    }

    /// <summary>The system messages before <paramref name="start"/>, then every message from it.</summary>
    private static List<Message> Keep(List<Message> messages, int start) =>
        [.. messages.Take(start).Where(m => m.Role == "system"), .. messages.Skip(start)];

    private static int Count(string rendered, List<Message> messages, bool vision) =>
        TextTools.EstimateTokens(rendered) + (vision ? messages.Sum(m => m.Images) * ImageTokens : 0);

    private static string Render(List<Message> messages, Request r)
    {
        var sb = new StringBuilder();
        if (r.Tools is { ValueKind: JsonValueKind.Array } tools && tools.GetArrayLength() > 0)
        {
            sb.Append("tools: ").Append(tools.GetRawText()).Append('\n');
        }

        foreach (var m in messages)
        {
            sb.Append(m.Role.ToLowerInvariant()).Append(": ").Append(m.Content);
            if (m.ToolCalls is not null)
            {
                sb.Append(' ').Append(m.ToolCalls);
            }

            sb.Append('\n');
        }

        if (!string.IsNullOrEmpty(r.Suffix))
        {
            sb.Append("suffix: ").Append(r.Suffix).Append('\n');
        }

        return sb.Append("assistant: ").ToString();
    }

    private static int NumKeep(TestModel model, RequestJson req)
    {
        if (req.Object("options") is { } o && o.TryGetProperty("num_keep", out var v) && v.ValueKind == JsonValueKind.Number)
        {
            return (int)Math.Clamp(v.GetDouble(), int.MinValue, int.MaxValue);
        }

        // api.DefaultOptions: NumKeep 4.
        return IntParameter(model, "num_keep") ?? 4;
    }

    private static int? IntParameter(TestModel model, string name) =>
        model.Parameters?[name] is { } v && v.GetValueKind() == JsonValueKind.Number
            && double.TryParse(v.ToJsonString(JsonOut.NodeOptions), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? (int)Math.Clamp(d, int.MinValue, int.MaxValue)
            : null;

    private static string Text(JsonNode? node) => node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : string.Empty;

    private static string Str(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : string.Empty;

    /// <summary>The parts of a chat or generate request that decide its prompt.</summary>
    internal sealed record Request(bool IsChat, IReadOnlyList<JsonElement> Messages, string Prompt, string? System)
    {
        public int? NumCtx { get; init; }

        public bool? Truncate { get; init; }

        public bool? Shift { get; init; }

        public bool Raw { get; init; }

        public string? Template { get; init; }

        public string? Suffix { get; init; }

        public JsonElement? Tools { get; init; }

        public int ContextTokens { get; init; }

        public int ImageCount { get; init; }
    }

    private sealed record Message(string Role, string Content, string? ToolCalls, int Images);
}
