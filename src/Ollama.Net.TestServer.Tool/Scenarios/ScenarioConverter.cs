using System.Globalization;
using Ollama.Net.Testing;
using Ollama.Net.Testing.Internal;

namespace Ollama.Net.TestServer.Tool.Scenarios;

/// <summary>
/// Turns checked scenario objects (<see cref="JsonShape"/> has vouched for their shape) into the test server's types,
/// checking their values; every error names the field and, through <see cref="JsonShape"/>, its line.
/// </summary>
internal sealed class ScenarioConverter(JsonShape shape)
{
    private static readonly string[] Presets = [Scenario.OfflinePreset, Scenario.EmptyPreset];
    private static readonly string[] Generators = [Scenario.SimulatedGenerator, Scenario.EchoGenerator];

    private static readonly (string Name, TestModelCapabilities Flag)[] CapabilityNames =
    [
        ("completion", TestModelCapabilities.Completion),
        ("tools", TestModelCapabilities.Tools),
        ("insert", TestModelCapabilities.Insert),
        ("vision", TestModelCapabilities.Vision),
        ("embedding", TestModelCapabilities.Embedding),
        ("thinking", TestModelCapabilities.Thinking),
        ("audio", TestModelCapabilities.Audio),
        ("image", TestModelCapabilities.Image),
    ];

    /// <summary>The fields that make a fault do something (at least one is needed).</summary>
    private const string FaultBehaviours =
        "delay_first_byte, delay_each_chunk, cut_after_chunks, error_after_chunks, malformed_line_after_chunks, hang_after_chunks, trickle, status, busy or unauthorized";

    public Scenario Document(ScenarioDocument document)
    {
        var scenario = new Scenario
        {
            Preset = OneOf(document.Preset, "$.preset", Presets) ?? Scenario.OfflinePreset,
            Generator = OneOf(document.Generator, "$.generator", Generators),
            Version = NotBlank(document.Version, "$.version"),
            ChunkDelay = Duration(document.ChunkDelay, "$.chunk_delay"),
            SignedIn = document.SignedIn,
        };
        scenario.Models.AddRange(Each(document.Models, "$.models", Model));
        scenario.Registry.AddRange(Each(document.Registry, "$.registry", Model));
        scenario.Replies.AddRange(Each(document.Replies, "$.replies", Reply));
        scenario.Faults.AddRange(Each(document.Faults, "$.faults", Rule));
        scenario.Origins.AddRange(Each(document.Origins, "$.origins", (o, p) => NotBlank(o, p) ?? throw shape.Error(p, "expected an origin such as http://localhost:5173")));
        if (document.Scheduler is { } s)
        {
            scenario.ModelLoadTime = Duration(s.ModelLoadTime, "$.scheduler.model_load_time");
            scenario.MaxLoadedModels = AtLeast(s.MaxLoadedModels, 0, "$.scheduler.max_loaded_models");
            scenario.NumParallel = AtLeast(s.NumParallel, 0, "$.scheduler.num_parallel");
            scenario.MaxQueue = AtLeast(s.MaxQueue, 0, "$.scheduler.max_queue");
            scenario.TokensPerSecond = s.TokensPerSecond is < 0 ? throw shape.Error("$.scheduler.tokens_per_second", "must be 0 (unlimited) or more") : s.TokensPerSecond;
            scenario.KeepAlive = Duration(s.KeepAlive, "$.scheduler.keep_alive", allowNegative: true);
            scenario.ContextLength = AtLeast(s.ContextLength, 1, "$.scheduler.context_length");
        }

        return scenario;
    }

    public TestModel Model(ScenarioModel m, string path)
    {
        var name = Required(m.Name, path + ".name");
        TestModel model;
        try
        {
            model = new TestModel(name);
        }
        catch (ArgumentException)
        {
            throw shape.Error(path + ".name", $"'{name}' is not a valid Ollama model name; use [namespace/]model[:tag], e.g. qwen2.5:0.5b");
        }

        if (m.Capabilities is { } capabilities)
        {
            var flags = TestModelCapabilities.None;
            for (var i = 0; i < capabilities.Count; i++)
            {
                var text = capabilities[i];
                var known = Array.Find(CapabilityNames, c => c.Name == text);
                flags |= known.Name is not null
                    ? known.Flag
                    : throw shape.Error($"{path}.capabilities[{i}]", $"unknown capability '{text}'; expected one of {string.Join(", ", CapabilityNames.Select(c => c.Name))}");
            }

            model = model with { Capabilities = flags };
        }

        if (m.Digest is { } digest && (digest.Length != 64 || !digest.All(char.IsAsciiHexDigitLower)))
        {
            throw shape.Error(path + ".digest", "expected 64 lower-case hex digits (no sha256: prefix)");
        }

        for (var i = 0; i < (m.LayerSizes?.Count ?? 0); i++)
        {
            AtLeast(m.LayerSizes![i], 0, $"{path}.layer_sizes[{i}]");
        }

        return model with
        {
            Size = AtLeast(m.Size, 0, path + ".size") ?? model.Size,
            ContextLength = AtLeast(m.ContextLength, 1, path + ".context_length") ?? model.ContextLength,
            EmbeddingLength = AtLeast(m.EmbeddingLength, 1, path + ".embedding_length") ?? model.EmbeddingLength,
            Family = NotBlank(m.Family, path + ".family") ?? model.Family,
            Families = m.Families ?? model.Families,
            Format = NotBlank(m.Format, path + ".format") ?? model.Format,
            ParameterSize = NotBlank(m.ParameterSize, path + ".parameter_size") ?? model.ParameterSize,
            QuantizationLevel = NotBlank(m.QuantizationLevel, path + ".quantization_level") ?? model.QuantizationLevel,
            ParentModel = m.ParentModel ?? model.ParentModel,
            Digest = m.Digest ?? model.Digest,
            ModifiedAt = m.ModifiedAt ?? model.ModifiedAt,
            Template = m.Template ?? model.Template,
            System = m.System ?? model.System,
            License = m.License ?? model.License,
            Parameters = m.Parameters ?? model.Parameters,
            Messages = m.Messages ?? model.Messages,
            Renderer = m.Renderer ?? model.Renderer,
            Parser = m.Parser ?? model.Parser,
            Requires = m.Requires ?? model.Requires,
            RemoteHost = m.RemoteHost ?? model.RemoteHost,
            RemoteModel = m.RemoteModel ?? model.RemoteModel,
            LayerSizes = m.LayerSizes ?? model.LayerSizes,
        };
    }

    public (string? Model, ScriptedReply Reply) Reply(ScenarioReply r, string path)
    {
        var model = r.Model is null ? null : ValidModel(r.Model, path + ".model");
        var reply = new ScriptedReply();
        var toolCalls = r.ToolCalls is null ? null : Each(r.ToolCalls, path + ".tool_calls", (c, p) =>
            new ScriptedToolCall(Required(c.Name, p + ".name"), c.Arguments) { Id = NotBlank(c.Id, p + ".id") });
        reply = reply with
        {
            Content = r.Content ?? reply.Content,
            Thinking = r.Thinking ?? reply.Thinking,
            ToolCalls = toolCalls ?? reply.ToolCalls,
            Json = r.Json ?? reply.Json,
            ChunkSize = AtLeast(r.ChunkSize, 1, path + ".chunk_size") ?? reply.ChunkSize,
            DoneReason = NotBlank(r.DoneReason, path + ".done_reason") ?? reply.DoneReason,
            Logprobs = r.Logprobs ?? reply.Logprobs,
            PromptEvalCount = AtLeast(r.PromptEvalCount, 0, path + ".prompt_eval_count") ?? reply.PromptEvalCount,
            EvalCount = AtLeast(r.EvalCount, 0, path + ".eval_count") ?? reply.EvalCount,
            LastChunkIsFinal = r.LastChunkIsFinal ?? reply.LastChunkIsFinal,
            Fault = r.Fault is null ? null : Behaviour(r.Fault, path + ".fault", inReply: true),
        };
        return (model, reply);
    }

    public FaultRule Rule(ScenarioFault f, string path)
    {
        if (f.Path is { } p && !p.StartsWith('/'))
        {
            throw shape.Error(path + ".path", $"expected a request path starting with '/', such as /api/chat, not '{p}'");
        }

        var model = f.Model is null ? null : ValidModel(f.Model, path + ".model");
        return new FaultRule(f.Path, model, f.Once ?? false, Behaviour(f, path, inReply: false));
    }

    /// <summary>
    /// Checks a Go duration (<c>500ms</c>, <c>2s</c>, <c>1m30s</c>, <c>-1s</c>), as Ollama's <c>keep_alive</c> takes it:
    /// returns what is wrong with <paramref name="text"/>, or null with the <paramref name="value"/>.
    /// </summary>
    public static string? DurationProblem(string text, bool allowNegative, out TimeSpan value) =>
        !GoDuration.TryParse(text, out value, out _) ? $"expected a duration such as 500ms, 2s or 1m30s, not '{text}'"
        : value < TimeSpan.Zero && !allowNegative ? $"must not be negative, not '{text}'"
        : null;

    public TimeSpan? Duration(string? text, string path, bool allowNegative = false) =>
        text is null ? null
        : DurationProblem(text, allowNegative, out var value) is { } problem ? throw shape.Error(path, problem)
        : value;

    private Fault Behaviour(ScenarioFault f, string path, bool inReply)
    {
        if (inReply && (f.Path ?? f.Model ?? (object?)f.Once) is not null)
        {
            var field = f.Path is not null ? "path" : f.Model is not null ? "model" : "once";
            throw shape.Error($"{path}.{field}", "a reply's fault applies to the response that carries the reply; path, model and once belong to the top-level faults");
        }

        var parts = new List<Fault>();
        if (Duration(f.DelayFirstByte, path + ".delay_first_byte") is { } firstByte)
        {
            parts.Add(Fault.DelayFirstByte(firstByte));
        }

        if (Duration(f.DelayEachChunk, path + ".delay_each_chunk") is { } eachChunk)
        {
            parts.Add(Fault.DelayEachChunk(eachChunk));
        }

        if (AtLeast(f.CutAfterChunks, 0, path + ".cut_after_chunks") is { } cut)
        {
            parts.Add(Fault.CutAfterChunks(cut));
        }

        if (AtLeast(f.ErrorAfterChunks, 0, path + ".error_after_chunks") is { } errorAfter)
        {
            parts.Add(f.ErrorMessage is { } text ? Fault.ErrorAfterChunks(errorAfter, text) : Fault.ErrorAfterChunks(errorAfter));
        }
        else if (f.ErrorMessage is not null)
        {
            throw shape.Error(path + ".error_message", "is the text of error_after_chunks, which is not set");
        }

        if (AtLeast(f.MalformedLineAfterChunks, 0, path + ".malformed_line_after_chunks") is { } malformed)
        {
            parts.Add(Fault.MalformedLineAfterChunks(malformed));
        }

        if (AtLeast(f.HangAfterChunks, 0, path + ".hang_after_chunks") is { } hang)
        {
            parts.Add(Fault.HangAfterChunks(hang));
        }

        if (f.Trickle == true)
        {
            parts.Add(Fault.Trickle());
        }

        if (Response(f, path) is { } response)
        {
            parts.Add(response);
        }

        return parts.Count == 0
            ? throw shape.Error(path, "the fault does nothing; set at least one of " + FaultBehaviours)
            : parts.Aggregate((a, b) => a.And(b));
    }

    /// <summary>The whole-response part of a fault: <c>status</c> (with <c>error</c> or <c>body</c>), <c>busy</c> or <c>unauthorized</c>.</summary>
    private Fault? Response(ScenarioFault f, string path)
    {
        var chosen = new[] { ("status", f.Status is not null), ("busy", f.Busy == true), ("unauthorized", f.Unauthorized == true) }.Where(c => c.Item2).ToList();
        if (chosen.Count > 1)
        {
            throw shape.Error($"{path}.{chosen[1].Item1}", $"choose one of status, busy and unauthorized (they all set the response); {chosen[0].Item1} is set too");
        }

        foreach (var (field, value) in new[] { ("error", f.Error), ("body", f.Body), ("content_type", f.ContentType) })
        {
            if (value is not null && f.Status is null)
            {
                throw shape.Error($"{path}.{field}", "needs status (the response it belongs to)");
            }
        }

        if (f.SigninUrl is not null && f.Unauthorized != true)
        {
            throw shape.Error(path + ".signin_url", "needs \"unauthorized\": true");
        }

        if (f.Status is { } status)
        {
            if (status is < 100 or > 599)
            {
                throw shape.Error(path + ".status", $"expected an HTTP status from 100 to 599, not {status.ToString(CultureInfo.InvariantCulture)}");
            }

            if (f.Error is not null && (f.Body ?? f.ContentType) is not null)
            {
                throw shape.Error(path + (f.Body is not null ? ".body" : ".content_type"), "choose error (an Ollama error body) or body and content_type, not both");
            }

            return f.Error is { } message
                ? Fault.Error(status, message)
                : Fault.Respond(status, f.Body ?? string.Empty, f.ContentType ?? "text/plain; charset=utf-8");
        }

        return f.Busy == true ? Fault.Busy() : f.Unauthorized == true ? Fault.Unauthorized(f.SigninUrl) : null;
    }

    private string ValidModel(string name, string path) =>
        ModelNames.Normalize(name) ?? throw shape.Error(path, $"'{name}' is not a valid Ollama model name; use [namespace/]model[:tag], e.g. qwen2.5:0.5b");

    private List<TOut> Each<TIn, TOut>(List<TIn>? items, string path, Func<TIn, string, TOut> convert)
    {
        var result = new List<TOut>(items?.Count ?? 0);
        for (var i = 0; i < (items?.Count ?? 0); i++)
        {
            var itemPath = $"{path}[{i}]";
            result.Add(items![i] is { } item ? convert(item, itemPath) : throw shape.Error(itemPath, "must not be null"));
        }

        return result;
    }

    private string Required(string? value, string path) =>
        NotBlank(value, path) ?? throw shape.Error(path, "is required");

    private string? NotBlank(string? value, string path) =>
        value is not null && string.IsNullOrWhiteSpace(value) ? throw shape.Error(path, "must not be empty") : value;

    private string? OneOf(string? value, string path, string[] allowed) =>
        value is null || allowed.Contains(value) ? value : throw shape.Error(path, $"expected one of {string.Join(", ", allowed)}, not '{value}'");

    private int? AtLeast(int? value, int minimum, string path) =>
        value < minimum ? throw shape.Error(path, $"must be at least {minimum.ToString(CultureInfo.InvariantCulture)}, not {value.Value.ToString(CultureInfo.InvariantCulture)}") : value;

    private long? AtLeast(long? value, long minimum, string path) =>
        value < minimum ? throw shape.Error(path, $"must be at least {minimum.ToString(CultureInfo.InvariantCulture)}, not {value.Value.ToString(CultureInfo.InvariantCulture)}") : value;
}
