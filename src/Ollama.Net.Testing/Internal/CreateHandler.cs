using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ollama.Net.Testing.Internal;

/// <summary>
/// <c>POST /api/create</c> (<c>server/create.go</c>): from an installed or pullable model (<c>from</c>) or from uploaded
/// GGUF blobs (<c>files</c>). The request's paths, digests and name are checked before the stream; everything else fails
/// inside it, as <c>CreateHandler</c>'s goroutine does.
/// </summary>
internal static class CreateHandler
{
    private const string QuantizeDigest = "0000000000000000000";

    /// <summary><c>ggml.ParseFileType</c>: the quantization types Ollama accepts, and the file type each makes.</summary>
    private static readonly Dictionary<string, string> s_quantTypes = new(StringComparer.Ordinal)
    {
        ["F32"] = "F32",
        ["F16"] = "F16",
        ["Q8_0"] = "Q8_0",
        ["Q4_K_S"] = "Q4_K_S",
        ["Q4_K_M"] = "Q4_K_M",
        ["Q4_K"] = "Q4_K_M",
        ["BF16"] = "BF16",
    };

    public static async Task CreateAsync(Exchange x)
    {
        var req = x.Json("CreateRequest");
        var nameField = Fields.ModelOrName(req);
        var stream = req.Bool("stream") ?? true;
        var from = req.String("from");
        var files = req.Get("files") is null ? null : req.StringMap("files");
        var adapters = req.StringMap("adapters");
        var draftFiles = req.StringMap("draft_files");
        var draftQuantize = req.String("draft_quantize");
        var quantize = req.String("quantize");
        if (string.IsNullOrEmpty(quantize))
        {
            quantize = req.String("quantization");
        }

        var template = req.String("template");
        var system = req.String("system");
        var license = req.Get("license");
        var parameters = req.Object("parameters");
        var info = req.Object("info");
        var messages = req.Array("messages", "[]api.Message");
        var renderer = req.String("renderer");
        var parser = req.String("parser");
        var requires = req.String("requires");
        var remoteHost = req.String("remote_host");

        foreach (var (file, digest) in (files ?? []).Concat(draftFiles))
        {
            if (!IsValidPath(file))
            {
                throw HttpError.BadRequest("file path must be relative");
            }

            if (digest.Length == 0)
            {
                throw HttpError.BadRequest("invalid digest format");
            }
        }

        if (!string.IsNullOrEmpty(draftQuantize) && draftFiles.Count == 0)
        {
            throw HttpError.BadRequest("--draft-quantize requires a DRAFT model");
        }

        if (adapters.Any(a => a.Value.Length == 0))
        {
            throw HttpError.BadRequest("invalid digest format");
        }

        if (ModelName.Normalize(nameField) is not { } name)
        {
            throw HttpError.BadRequest("invalid model name");
        }

        var progress = new ProgressStream(x, stream);
        try
        {
            var request = new Request(name, from, files, adapters, draftFiles, quantize, template, system, license, parameters, info, messages, renderer, parser, requires, remoteHost);
            await StreamAsync(x, progress, request).ConfigureAwait(false);
        }
        catch (HttpError error)
        {
            await progress.FailAsync(error.Message, error.Status).ConfigureAwait(false);
        }
    }

    private sealed record Request(
        string Name, string? From, IReadOnlyList<KeyValuePair<string, string>>? Files, IReadOnlyList<KeyValuePair<string, string>> Adapters,
        IReadOnlyList<KeyValuePair<string, string>> DraftFiles, string? Quantize, string? Template, string? System, JsonElement? License,
        JsonElement? Parameters, JsonElement? Info, JsonElement? Messages, string? Renderer, string? Parser, string? Requires, string? RemoteHost);

    /// <summary>The goroutine of <c>CreateHandler</c>; failures are thrown as <see cref="HttpError"/>.</summary>
    private static async Task StreamAsync(Exchange x, ProgressStream progress, Request r)
    {
        TestModel created;
        var layers = new List<(string Digest, long Size)>();
        var fromFiles = false;
        var remote = false;
        if (!string.IsNullOrEmpty(r.From))
        {
            if (ModelName.Ref(r.From, out var fromName) != ModelName.RefStatus.Valid)
            {
                throw HttpError.BadRequest("invalid model name");
            }

            if (!string.IsNullOrEmpty(r.RemoteHost))
            {
                // A remote (proxy) model: nothing is downloaded; requests would be forwarded to remote_host.
                remote = true;
                created = new TestModel(r.Name) { Size = 0, LayerSizes = [], RemoteHost = r.RemoteHost, RemoteModel = fromName };
            }
            else
            {
                var fromModel = x.Server.Models.Find(fromName);
                if (fromModel is null)
                {
                    // parseFromModel pulls a missing model, success line and all.
                    fromModel = await TransferHandlers.PullIntoAsync(x, progress, fromName).ConfigureAwait(false);
                    if (fromModel is null || !await progress.StatusAsync("success").ConfigureAwait(false))
                    {
                        return;
                    }
                }

                layers.AddRange(fromModel.Layers());
                created = fromModel with { Name = r.Name, ParentModel = fromModel.Name };
            }
        }
        else if (r.Files is not null)
        {
            fromFiles = true;
            layers.AddRange(await ConvertAsync(x, progress, r.Files, adapter: false).ConfigureAwait(false));
            created = new TestModel(r.Name)
            {
                Size = layers.Sum(l => l.Size),
                QuantizationLevel = "F16",
                Template = "{{ .Prompt }}",
                LayerSizes = [.. layers.Select(l => l.Size)],
            };
        }
        else
        {
            throw HttpError.BadRequest("neither 'from' or 'files' was specified");
        }

        if (remote && r.DraftFiles.Count > 0)
        {
            throw HttpError.BadRequest("DRAFT cannot be used with remote models");
        }

        if (!remote && r.Adapters.Count > 0)
        {
            layers.AddRange(await ConvertAsync(x, progress, r.Adapters, adapter: true).ConfigureAwait(false));
        }

        var sourceType = created.QuantizationLevel;
        created = ApplyInfo(created, r.Info);

        // createModel: the model layer is quantized, or (from files) validated with llama-quantize, into a new layer.
        var lines = layers.Select(l => ExistingLayer(l.Digest)).ToList();
        if (layers.Count > 0 && !string.IsNullOrEmpty(r.Quantize))
        {
            var type = r.Quantize.ToUpperInvariant();
            if (!s_quantTypes.TryGetValue(type, out var want))
            {
                throw new HttpError(500, $"unsupported quantization type {type} - supported types are F32, F16, Q4_K_S, Q4_K_M, Q8_0");
            }

            if (sourceType is not ("F16" or "BF16" or "F32"))
            {
                throw new HttpError(500, "quantization is only supported for F16, BF16 and F32 models");
            }

            if (sourceType != want)
            {
                var size = layers[0].Size;
                var rewritten = await RewriteAsync(x, progress, $"quantizing {sourceType} model to {type}", size, $"{layers[0].Digest}:{want}").ConfigureAwait(false);
                if (rewritten is null)
                {
                    return;
                }

                // An info quantization_level still wins (config.FileType is set first).
                lines[0] = rewritten;
                created = created with
                {
                    QuantizationLevel = created.QuantizationLevel != sourceType ? created.QuantizationLevel : want,
                    Size = created.Size * 3 / 10,
                };
            }
        }
        else if (fromFiles)
        {
            var rewritten = await RewriteAsync(x, progress, "validating GGUF model", layers[0].Size, layers[0].Digest + ":validated").ConfigureAwait(false);
            if (rewritten is null)
            {
                return;
            }

            lines[0] = rewritten;
        }

        var licenses = Licenses(r.License);
        lines.AddRange(NewLayers(x, r, licenses));
        foreach (var line in lines)
        {
            if (!await progress.StatusAsync(line).ConfigureAwait(false))
            {
                return;
            }
        }

        if (!await progress.StatusAsync("writing manifest").ConfigureAwait(false))
        {
            return;
        }

        created = created with
        {
            Template = r.Template is { Length: > 0 } t ? t : created.Template,
            System = r.System is { Length: > 0 } s ? s : created.System,
            License = licenses.Count > 0 ? string.Join('\n', licenses) : created.License,
            Parameters = ModelHandlers.MergeParameters(created.Parameters, r.Parameters),
            Renderer = r.Renderer ?? created.Renderer,
            Parser = r.Parser ?? created.Parser,
            Requires = r.Requires ?? created.Requires,
            Messages = r.Messages is { } m && m.GetArrayLength() > 0 ? JsonNode.Parse(m.GetRawText())!.AsArray() : created.Messages,
            Digest = TextTools.Sha256Hex("manifest:" + string.Join('|', lines)),
            ModifiedAt = DateTimeOffset.Now,
        };
        x.Server.Models.Add(created);
        await progress.SuccessAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// <c>convertModelFromFiles</c>: the type comes from the file names (or the GGUF magic of an unnamed blob); each GGUF
    /// file, in path order, is "parsed": its blob must exist and start with the GGUF magic.
    /// </summary>
    private static async Task<List<(string Digest, long Size)>> ConvertAsync(
        Exchange x, ProgressStream progress, IReadOnlyList<KeyValuePair<string, string>> files, bool adapter)
    {
        var layers = new List<(string, long)>();
        switch (DetectType(x, files))
        {
            case "safetensors":
                // The test server converts nothing: safetensors become one F16 layer.
                if (await progress.StatusAsync(adapter ? "converting adapter" : "converting model").ConfigureAwait(false))
                {
                    var digest = "sha256:" + TextTools.Sha256Hex("converted:" + string.Join('|', files.Select(f => f.Value)));
                    layers.Add((digest, files.Sum(f => x.Server.Blobs.TryGet(f.Value, out var b) ? (long)b.Length : 0L)));
                }

                return layers;
            case "gguf":
                if (files.Count > 1 && adapter)
                {
                    throw HttpError.BadRequest("only one adapter is currently supported");
                }

                foreach (var (_, digest) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
                {
                    if (!await progress.StatusAsync("parsing GGUF").ConfigureAwait(false))
                    {
                        return layers;
                    }

                    if (TestBlobStore.Normalize(digest) is null)
                    {
                        throw new HttpError(500, "invalid digest format");
                    }

                    if (!x.Server.Blobs.TryGet(digest, out var bytes))
                    {
                        throw new HttpError(500, $"open /root/.ollama/models/blobs/{digest.Replace(':', '-')}: no such file or directory");
                    }

                    if (!IsGguf(bytes.Span))
                    {
                        throw HttpError.BadRequest("supplied file was not in GGUF format");
                    }

                    layers.Add((digest, bytes.Length));
                }

                return layers;
            default:
                throw HttpError.BadRequest("unknown type");
        }
    }

    /// <summary><c>detectModelTypeFromFiles</c>.</summary>
    private static string DetectType(Exchange x, IReadOnlyList<KeyValuePair<string, string>> files)
    {
        foreach (var (file, digest) in files)
        {
            if (file.EndsWith(".safetensors", StringComparison.Ordinal))
            {
                return "safetensors";
            }

            if (file.EndsWith(".gguf", StringComparison.Ordinal))
            {
                return "gguf";
            }

            if (!x.Server.Blobs.TryGet(digest, out var bytes))
            {
                return string.Empty;
            }

            if (IsGguf(bytes.Span))
            {
                return "gguf";
            }
        }

        return string.Empty;
    }

    /// <summary><c>ggml.DetectContentType</c> saying <c>gguf</c>: the magic in either byte order.</summary>
    private static bool IsGguf(ReadOnlySpan<byte> bytes) => bytes.StartsWith("GGUF"u8) || bytes.StartsWith("FUGG"u8);

    /// <summary><c>fs.ValidPath</c>: a relative, slash-separated path without empty, <c>.</c> or <c>..</c> elements.</summary>
    private static bool IsValidPath(string path) => path == "." || path.Split('/').All(e => e is not ("" or "." or ".."));

    /// <summary>
    /// <c>rewriteLayerWithLlamaQuantize</c>: progress lines with the all-zero digest, <c>verifying conversion</c>, and a new
    /// layer. Returns that layer's status line, or null when the stream stopped.
    /// </summary>
    private static async Task<string?> RewriteAsync(Exchange x, ProgressStream progress, string status, long size, string seed)
    {
        var steps = x.Server.Options.ProgressSteps;
        for (var s = 0; s <= steps; s++)
        {
            if (!await progress.StatusAsync(status, QuantizeDigest, size, size * s / steps).ConfigureAwait(false))
            {
                return null;
            }
        }

        return await progress.StatusAsync("verifying conversion").ConfigureAwait(false)
            ? NewLayer(x, "rewritten:" + seed)
            : null;
    }

    /// <summary>The layers <c>setTemplate</c>, <c>setSystem</c>, <c>setLicense</c>, <c>setParameters</c> and <c>setMessages</c> add.</summary>
    private static IEnumerable<string> NewLayers(Exchange x, Request r, List<string> licenses)
    {
        if (!string.IsNullOrEmpty(r.Template))
        {
            yield return NewLayer(x, r.Template);
        }

        if (!string.IsNullOrEmpty(r.System))
        {
            yield return NewLayer(x, r.System);
        }

        foreach (var license in licenses)
        {
            yield return NewLayer(x, license);
        }

        if (r.Parameters is { } p && p.EnumerateObject().Any())
        {
            // json.Encoder of a map: keys sorted, one line.
            var sorted = new JsonObject();
            foreach (var property in p.EnumerateObject().OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                sorted[property.Name] = JsonNode.Parse(property.Value.GetRawText());
            }

            yield return NewLayer(x, sorted.ToJsonString(JsonOut.NodeOptions) + "\n");
        }

        if (r.Messages is { } m && m.GetArrayLength() > 0)
        {
            yield return NewLayer(x, m.GetRawText() + "\n");
        }
    }

    /// <summary><c>manifest.NewLayer</c>: the blob of the content is created, or found from an earlier create.</summary>
    private static string NewLayer(Exchange x, string content)
    {
        var digest = "sha256:" + TextTools.Sha256Hex(Encoding.UTF8.GetBytes(content));
        var existed = !x.Server.CreatedLayers.TryAdd(digest, 0) || x.Server.Blobs.Contains(digest);
        return (existed ? "using existing layer " : "creating new layer ") + digest;
    }

    private static string ExistingLayer(string digest) => "using existing layer " + digest;

    /// <summary><c>license</c>: a string is one license layer, an array of strings one layer each.</summary>
    private static List<string> Licenses(JsonElement? license)
    {
        switch (license)
        {
            case null:
                return [];
            case { ValueKind: JsonValueKind.String } s:
                return s.GetString() is { Length: > 0 } text ? [text] : [];
            case { ValueKind: JsonValueKind.Array } a:
                return [.. a.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String
                    ? v.GetString()!
                    : throw new HttpError(500, $"json: cannot unmarshal {RequestJson.Kind(v)} into Go value of type string"))];
            default:
                throw new HttpError(500, $"json: cannot unmarshal {RequestJson.Kind(license.Value)} into Go value of type []string");
        }
    }

    /// <summary>The <c>info</c> overrides, with <c>CreateHandler</c>'s type checks (400 from inside the stream).</summary>
    private static TestModel ApplyInfo(TestModel model, JsonElement? info)
    {
        if (info is null)
        {
            return model;
        }

        var node = JsonNode.Parse(info.Value.GetRawText())!.AsObject();
        if (node["capabilities"] is JsonArray caps)
        {
            var flags = TestModelCapabilities.None;
            foreach (var c in caps)
            {
                var text = c?.GetValueKind() == JsonValueKind.String ? c.GetValue<string>() : null;
                foreach (var (flag, name) in TestModel.CapabilityTable)
                {
                    if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
                    {
                        flags |= flag;
                    }
                }
            }

            model = model with { Capabilities = flags };
        }

        string? Str(string key) => node.TryGetPropertyValue(key, out var v)
            ? (v?.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : throw HttpError.BadRequest($"info field \"{key}\" must be a string"))
            : null;

        int? Int(string key)
        {
            if (!node.TryGetPropertyValue(key, out var v))
            {
                return null;
            }

            if (v?.GetValueKind() != JsonValueKind.Number)
            {
                throw HttpError.BadRequest($"info field \"{key}\" must be a number");
            }

            var d = v.GetValue<double>();
            return d < 0 || Math.Truncate(d) != d || d > int.MaxValue
                ? throw HttpError.BadRequest($"info field \"{key}\" must be a non-negative integer")
                : (int)d;
        }

        var family = Str("model_family");
        Str("base_name");
        return model with
        {
            Family = family ?? model.Family,
            Families = family is { } f ? [f] : model.Families,
            QuantizationLevel = Str("quantization_level") ?? model.QuantizationLevel,
            ParameterSize = Str("parameter_size") ?? model.ParameterSize,
            ContextLength = Int("context_length") ?? model.ContextLength,
            EmbeddingLength = Int("embedding_length") ?? model.EmbeddingLength,
        };
    }
}
