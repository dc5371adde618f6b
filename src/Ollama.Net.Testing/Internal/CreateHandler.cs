using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ollama.Net.Testing.Internal;

/// <summary><c>POST /api/create</c>: from an installed model (<c>from</c>) or from uploaded blobs (<c>files</c>).</summary>
internal static class CreateHandler
{
    private static readonly Dictionary<string, string> s_quantTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["q4_K_M"] = "Q4_K_M",
        ["q4_K"] = "Q4_K_M",
        ["q4_K_S"] = "Q4_K_S",
        ["q8_0"] = "Q8_0",
        ["f16"] = "F16",
        ["f32"] = "F32",
        ["bf16"] = "BF16",
    };

    public static async Task CreateAsync(Exchange x)
    {
        var req = x.Json("CreateRequest");
        var name = Fields.RequiredModel(req, allowLegacyName: true);
        var stream = req.Bool("stream") ?? true;
        var from = req.String("from");
        var files = req.StringMap("files");
        var adapters = req.StringMap("adapters");
        var quantizeField = req.String("quantize");
        if (string.IsNullOrEmpty(quantizeField))
        {
            quantizeField = req.String("quantization");
        }

        var template = req.String("template");
        var system = req.String("system");
        var license = License(req);
        var parameters = req.Object("parameters");
        var info = req.Object("info");
        var messages = req.Array("messages", "[]api.Message");
        var renderer = req.String("renderer");
        var parser = req.String("parser");
        var requires = req.String("requires");
        var remoteHost = req.String("remote_host");

        if (string.IsNullOrEmpty(from) && files.Count == 0)
        {
            throw HttpError.BadRequest("neither 'from' or 'files' was specified");
        }

        foreach (var (file, digest) in files.Concat(adapters))
        {
            if (file.StartsWith('/') || file.StartsWith('\\') || file.Split('/', '\\').Contains("..") || Path.IsPathRooted(file))
            {
                throw HttpError.BadRequest("file path must be relative");
            }

            if (TestBlobStore.Normalize(digest) is null)
            {
                throw HttpError.BadRequest("invalid digest format");
            }

            if (!x.Server.Blobs.Contains(digest))
            {
                throw HttpError.BadRequest($"blob \"{TestBlobStore.Normalize(digest)}\" not found");
            }
        }

        string? quantization = null;
        if (!string.IsNullOrEmpty(quantizeField) && !s_quantTypes.TryGetValue(quantizeField, out quantization))
        {
            throw HttpError.BadRequest($"unsupported quantization type {quantizeField.ToUpperInvariant()}");
        }

        var progress = new ProgressStream(x, stream);
        TestModel created;
        if (!string.IsNullOrEmpty(remoteHost) && !string.IsNullOrEmpty(from))
        {
            // A remote (proxy) model: nothing is downloaded; requests would be forwarded to remote_host.
            created = new TestModel(name) { Size = 0, LayerSizes = [64], Template = template ?? "{{ .Prompt }}", System = system, License = license };
        }
        else if (!string.IsNullOrEmpty(from))
        {
            var fromModel = x.Server.Models.Find(from);
            if (fromModel is null)
            {
                if (!await progress.StatusAsync("pulling model").ConfigureAwait(false))
                {
                    return;
                }

                fromModel = await TransferHandlers.PullIntoAsync(x, progress, from).ConfigureAwait(false);
                if (fromModel is null)
                {
                    return;
                }
            }

            foreach (var (digest, _) in fromModel.Layers())
            {
                if (!await progress.StatusAsync("using existing layer " + digest).ConfigureAwait(false))
                {
                    return;
                }
            }

            created = fromModel with
            {
                Name = name,
                ParentModel = fromModel.Name,
                Template = template ?? fromModel.Template,
                System = system ?? fromModel.System,
                License = license ?? fromModel.License,
                Parameters = ModelHandlers.MergeParameters(fromModel.Parameters, parameters),
            };
        }
        else
        {
            var size = 0L;
            if (!await progress.StatusAsync("parsing GGUF").ConfigureAwait(false))
            {
                return;
            }

            foreach (var (_, digest) in files)
            {
                x.Server.Blobs.TryGet(digest, out var bytes);
                size += bytes.Length;
                if (!await progress.StatusAsync("using existing layer " + TestBlobStore.Normalize(digest)).ConfigureAwait(false))
                {
                    return;
                }
            }

            created = new TestModel(name)
            {
                Size = size,
                QuantizationLevel = "F16",
                Template = template ?? "{{ .Prompt }}",
                System = system,
                License = license,
                Parameters = ModelHandlers.MergeParameters(null, parameters),
                LayerSizes = [.. files.Select(f => x.Server.Blobs.TryGet(f.Value, out var b) ? (long)b.Length : 0L)],
            };
        }

        created = ApplyInfo(created, info) with
        {
            Renderer = renderer ?? created.Renderer,
            Parser = parser ?? created.Parser,
            Requires = requires ?? created.Requires,
            Messages = messages is { } m ? JsonNode.Parse(m.GetRawText())!.AsArray() : created.Messages,
            RemoteHost = string.IsNullOrEmpty(remoteHost) ? created.RemoteHost : remoteHost,
            RemoteModel = string.IsNullOrEmpty(remoteHost) ? created.RemoteModel : (from ?? created.Name),
        };

        if (quantization is not null)
        {
            if (created.QuantizationLevel is not ("F16" or "F32" or "BF16"))
            {
                await progress.FailAsync("quantization is only supported for F16 and F32 models").ConfigureAwait(false);
                return;
            }

            var total = Math.Max(1, created.Size);
            var status = $"quantizing {created.QuantizationLevel} model to {quantization}";
            for (var s = 0; s <= x.Server.Options.ProgressSteps; s++)
            {
                if (!await progress.StatusAsync(status, "0000000000000000000", total, total * s / x.Server.Options.ProgressSteps).ConfigureAwait(false))
                {
                    return;
                }
            }

            created = created with { QuantizationLevel = quantization, Size = created.Size * 3 / 10 };
        }

        foreach (var (label, value) in (IEnumerable<(string, string?)>)[("template", template), ("system", system), ("license", license)])
        {
            if (!string.IsNullOrEmpty(value)
                && !await progress.StatusAsync("creating new layer sha256:" + TextTools.Sha256Hex(label + ":" + value)).ConfigureAwait(false))
            {
                return;
            }
        }

        if (parameters is not null
            && !await progress.StatusAsync("creating new layer sha256:" + TextTools.Sha256Hex("params:" + parameters.Value.GetRawText())).ConfigureAwait(false))
        {
            return;
        }

        if (!await progress.StatusAsync("writing manifest").ConfigureAwait(false))
        {
            return;
        }

        created = created with
        {
            Digest = TextTools.Sha256Hex($"manifest:{created.Name}:{created.ParentModel}:{template}:{system}:{license}:{quantization}:{created.Size}"),
            ModifiedAt = DateTimeOffset.Now,
        };
        x.Server.Models.Add(created);
        await progress.SuccessAsync().ConfigureAwait(false);
    }

    private static string? License(RequestJson req)
    {
        var e = req.Get("license");
        return e switch
        {
            null => null,
            { ValueKind: JsonValueKind.String } s => s.GetString(),
            { ValueKind: JsonValueKind.Array } a => string.Join("\n", a.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText())),
            _ => throw req.TypeError("license", e.Value, "interface {}"),
        };
    }

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

        string? Str(string key) => node[key]?.GetValueKind() == JsonValueKind.String ? node[key]!.GetValue<string>() : null;
        int? Int(string key)
        {
            if (node[key]?.GetValueKind() != JsonValueKind.Number)
            {
                return null;
            }

            var v = node[key]!.GetValue<double>();
            return v < 0 ? throw HttpError.BadRequest($"{key} must be a non-negative integer") : (int)v;
        }

        return model with
        {
            Family = Str("model_family") ?? model.Family,
            Families = Str("model_family") is { } f ? [f] : model.Families,
            ParameterSize = Str("parameter_size") ?? model.ParameterSize,
            QuantizationLevel = Str("quantization_level") ?? model.QuantizationLevel,
            ContextLength = Int("context_length") ?? model.ContextLength,
            EmbeddingLength = Int("embedding_length") ?? model.EmbeddingLength,
        };
    }
}
