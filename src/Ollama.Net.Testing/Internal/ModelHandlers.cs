using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ollama.Net.Testing.Internal;

/// <summary><c>/api/tags</c>, <c>/api/show</c>, <c>/api/copy</c>, <c>/api/delete</c>, <c>/api/ps</c>.</summary>
internal static class ModelHandlers
{
    public static Task TagsAsync(Exchange x)
    {
        var models = x.Server.Models.OrderByDescending(m => m.ModifiedAt).ThenBy(m => m.Name, StringComparer.Ordinal).ToList();
        return x.JsonAsync(JsonOut.Build(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("models");
            foreach (var m in models)
            {
                w.WriteStartObject();
                w.WriteString("name", m.Name);
                w.WriteString("model", m.Name);
                w.OmitEmpty("remote_model", m.RemoteModel);
                w.OmitEmpty("remote_host", m.RemoteHost);
                w.WriteString("modified_at", GoTime.Format(m.ModifiedAt));
                w.WriteNumber("size", m.Size);
                w.WriteString("digest", m.Digest);
                w.WriteDetails(m);
                w.WriteCapabilities(m);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }));
    }

    public static Task PsAsync(Exchange x)
    {
        var loaded = x.Server.Scheduler.Snapshot();
        return x.JsonAsync(JsonOut.Build(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("models");
            foreach (var e in loaded)
            {
                var m = x.Server.Models.Find(e.Model.Name) ?? e.Model;
                w.WriteStartObject();
                w.WriteString("name", m.Name);
                w.WriteString("model", m.Name);
                w.WriteNumber("size", m.Size);
                w.WriteString("digest", m.Digest);
                w.WriteDetails(m, withParent: false);
                w.WriteString("expires_at", GoTime.Format(e.ExpiresAt));
                w.WriteNumber("size_vram", m.Size);
                w.WriteNumber("context_length", e.ContextLength);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }));
    }

    public static Task ShowAsync(Exchange x)
    {
        var req = x.Json("ShowRequest");
        var modelField = Fields.ModelOrName(req);
        var verbose = req.Bool("verbose") ?? false;
        var system = req.String("system");
        var options = req.Object("options");

        // ShowHandler looks the normalized name up and quotes it when it is missing: model 'x:latest' not found.
        var m = Fields.FindModel(x, modelField, 400, "model is required", name => $"model '{ModelName.Normalize(name)}' not found");
        var parameters = MergeParameters(m.Parameters, options);
        var effectiveSystem = string.IsNullOrEmpty(system) ? m.System : system;
        var parameterText = ParameterText(parameters);

        return x.JsonAsync(JsonOut.Build(w =>
        {
            w.WriteStartObject();
            w.OmitEmpty("license", m.License);
            w.WriteString("modelfile", Modelfile(m, effectiveSystem, parameters));
            w.OmitEmpty("parameters", parameterText);
            w.OmitEmpty("template", m.Template);
            w.OmitEmpty("system", effectiveSystem);
            w.OmitEmpty("renderer", m.Renderer);
            w.OmitEmpty("parser", m.Parser);
            w.WriteDetails(m);
            if (m.Messages is { Count: > 0 } messages)
            {
                w.WriteStartArray("messages");
                foreach (var message in messages)
                {
                    w.WriteStartObject();
                    w.WriteString("role", message?["role"]?.GetValueKind() == JsonValueKind.String ? message["role"]!.GetValue<string>() : string.Empty);
                    w.WriteString("content", message?["content"]?.GetValueKind() == JsonValueKind.String ? message["content"]!.GetValue<string>() : string.Empty);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }

            w.OmitEmpty("remote_model", m.RemoteModel);
            w.OmitEmpty("remote_host", m.RemoteHost);
            w.WriteStartObject("model_info");
            var arch = m.Family;
            w.WriteString("general.architecture", arch);
            w.WriteNumber("general.file_type", m.QuantizationLevel.StartsWith("F16", StringComparison.OrdinalIgnoreCase) ? 1 : 15);
            w.WriteNumber("general.parameter_count", ParameterCount(m.ParameterSize));
            w.WriteNumber("general.quantization_version", 2);
            w.WriteNumber(arch + ".context_length", m.ContextLength);
            w.WriteNumber(arch + ".embedding_length", m.EmbeddingLength);
            w.WriteString("tokenizer.ggml.model", "gpt2");
            w.WriteStartArray("tokenizer.ggml.tokens");
            if (verbose)
            {
                foreach (var t in (ReadOnlySpan<string>)["!", "\"", "#", "$", "%", "&", "'"])
                {
                    w.WriteStringValue(t);
                }
            }

            w.WriteEndArray();
            w.WriteEndObject();
            if (m.Has(TestModelCapabilities.Vision))
            {
                w.WriteStartObject("projector_info");
                w.WriteString("general.architecture", "clip");
                w.WriteBoolean("clip.has_vision_encoder", true);
                w.WriteNumber("clip.vision.image_size", 336);
                w.WriteEndObject();
            }

            if (m.Format == "gguf" || verbose)
            {
                w.WriteStartArray("tensors");
                Tensor(w, "token_embd.weight", m.QuantizationLevel, m.EmbeddingLength, 151_936);
                Tensor(w, "output_norm.weight", "F32", m.EmbeddingLength);
                w.WriteEndArray();
            }

            w.WriteCapabilities(m);
            w.WriteString("modified_at", GoTime.Format(m.ModifiedAt));
            w.OmitEmpty("requires", m.Requires);
            w.WriteEndObject();
        }));
    }

    public static async Task CopyAsync(Exchange x)
    {
        var req = x.Json("CopyRequest");
        var source = req.String("source") ?? string.Empty;
        var destination = req.String("destination") ?? string.Empty;

        // CopyHandler: model.ParseName (nothing trimmed) of the source, then of the destination, then CopyModel.
        if (ModelName.Normalize(source) is null)
        {
            throw HttpError.BadRequest($"source {TextTools.GoQuote(source)} is invalid");
        }

        if (ModelName.Normalize(destination) is null)
        {
            throw HttpError.BadRequest($"destination {TextTools.GoQuote(destination)} is invalid");
        }

        var m = x.Server.Models.Find(source) ?? throw HttpError.NotFound($"model {TextTools.GoQuote(source)} not found");
        x.Server.Models.Add(m with { Name = destination, ModifiedAt = DateTimeOffset.Now });
        await x.OkEmptyAsync().ConfigureAwait(false);
    }

    public static async Task DeleteAsync(Exchange x)
    {
        var req = x.Json("DeleteRequest");
        var modelField = Fields.ModelOrName(req);
        if (ModelName.Ref(modelField, out _) == ModelName.RefStatus.Invalid)
        {
            throw HttpError.BadRequest($"name {TextTools.GoQuote(modelField)} is invalid");
        }

        var m = Fields.FindModel(x, modelField, 400, "model is required", _ => $"model '{modelField}' not found");
        x.Server.Models.Remove(m.Name);
        await x.OkEmptyAsync().ConfigureAwait(false);
    }

    private static void Tensor(Utf8JsonWriter w, string name, string type, params ReadOnlySpan<long> shape)
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteString("type", type);
        w.WriteStartArray("shape");
        foreach (var d in shape)
        {
            w.WriteNumberValue(d);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    internal static JsonObject? MergeParameters(JsonObject? modelParameters, JsonElement? overrides)
    {
        if (overrides is null)
        {
            return modelParameters;
        }

        var merged = modelParameters is null ? [] : (JsonObject)modelParameters.DeepClone();
        foreach (var p in overrides.Value.EnumerateObject())
        {
            merged[p.Name] = JsonNode.Parse(p.Value.GetRawText());
        }

        return merged;
    }

    internal static string ParameterText(JsonObject? parameters)
    {
        if (parameters is null || parameters.Count == 0)
        {
            return string.Empty;
        }

        var lines = new List<string>();
        foreach (var (key, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (value is JsonArray array)
            {
                lines.AddRange(array.Select(v => Line(key, v)));
            }
            else
            {
                lines.Add(Line(key, value));
            }
        }

        return string.Join('\n', lines);

        static string Line(string key, JsonNode? value)
        {
            var text = value?.GetValueKind() == JsonValueKind.String
                ? "\"" + value.GetValue<string>() + "\""
                : value?.ToJsonString(JsonOut.NodeOptions) ?? "null";
            return key.PadRight(30) + " " + text;
        }
    }

    private static string Modelfile(TestModel m, string? system, JsonObject? parameters)
    {
        var sb = new StringBuilder();
        sb.Append("# Modelfile generated by \"ollama show\"\n");
        sb.Append("# To build a new Modelfile based on this, replace FROM with:\n");
        sb.Append("# FROM ").Append(m.Name).Append("\n\n");
        sb.Append("FROM /root/.ollama/models/blobs/").Append(m.Layers()[0].Digest.Replace(':', '-')).Append('\n');
        sb.Append("TEMPLATE \"\"\"").Append(m.Template).Append("\"\"\"\n");
        if (!string.IsNullOrEmpty(system))
        {
            sb.Append("SYSTEM \"\"\"").Append(system).Append("\"\"\"\n");
        }

        if (parameters is not null)
        {
            foreach (var (key, value) in parameters)
            {
                foreach (var v in value is JsonArray a ? a.ToList() : [value])
                {
                    var text = v?.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v?.ToJsonString(JsonOut.NodeOptions);
                    sb.Append("PARAMETER ").Append(key).Append(' ').Append(text).Append('\n');
                }
            }
        }

        if (!string.IsNullOrEmpty(m.License))
        {
            sb.Append("LICENSE \"\"\"").Append(m.License).Append("\"\"\"\n");
        }

        return sb.ToString();
    }

    private static long ParameterCount(string parameterSize)
    {
        if (parameterSize.Length < 2)
        {
            return 0;
        }

        var scale = char.ToUpperInvariant(parameterSize[^1]) switch
        {
            'K' => 1e3,
            'M' => 1e6,
            'B' => 1e9,
            'T' => 1e12,
            _ => 0,
        };
        return scale > 0 && double.TryParse(parameterSize[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? (long)(v * scale)
            : 0;
    }
}
