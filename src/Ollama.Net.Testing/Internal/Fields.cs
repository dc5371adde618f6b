using System.Text.Json;

namespace Ollama.Net.Testing.Internal;

/// <summary>Decoding of the shared request fields with Ollama's validation and error texts.</summary>
internal static class Fields
{
    private static readonly HashSet<string> s_intOptions = new(StringComparer.Ordinal)
    {
        "num_ctx", "num_batch", "num_gpu", "main_gpu", "num_thread", "draft_num_predict", "num_keep", "seed",
        "num_predict", "top_k", "repeat_last_n",
    };

    private static readonly HashSet<string> s_floatOptions = new(StringComparer.Ordinal)
    {
        "top_p", "min_p", "typical_p", "temperature", "repeat_penalty", "presence_penalty", "frequency_penalty",
    };

    /// <summary>
    /// <c>keep_alive</c>: null when absent; a negative value means forever; zero means unload.
    /// Errors are 400 with Go's text (e.g. <c>time: missing unit in duration "10"</c>).
    /// </summary>
    public static TimeSpan? KeepAlive(RequestJson req)
    {
        var e = req.Get("keep_alive");
        if (e is null)
        {
            return null;
        }

        switch (e.Value.ValueKind)
        {
            case JsonValueKind.Number:
                var seconds = e.Value.GetDouble();
                return seconds < 0 ? TimeSpan.FromSeconds(-1) : TimeSpan.FromSeconds(seconds);
            case JsonValueKind.String:
                if (!GoDuration.TryParse(e.Value.GetString()!, out var d, out var error))
                {
                    throw HttpError.BadRequest(error);
                }

                return d < TimeSpan.Zero ? TimeSpan.FromSeconds(-1) : d;
            default:
                // Duration.UnmarshalJSON: fmt.Errorf("Unsupported type: '%s'", reflect.TypeOf(v)) of the value as an any.
                var type = e.Value.ValueKind switch
                {
                    JsonValueKind.Array => "[]interface {}",
                    JsonValueKind.Object => "map[string]interface {}",
                    _ => "bool",
                };
                throw HttpError.BadRequest($"Unsupported type: '{type}'");
        }
    }

    /// <summary><c>think</c>: null when absent, else whether thinking was asked for (a level counts as true).</summary>
    public static bool? Think(RequestJson req)
    {
        var e = req.Get("think");
        if (e is null)
        {
            return null;
        }

        switch (e.Value.ValueKind)
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            case JsonValueKind.String:
                var s = e.Value.GetString();
                if (s is "low" or "medium" or "high" or "max")
                {
                    return true;
                }

                throw HttpError.BadRequest($"invalid think value: {TextTools.GoQuote(s!)} (must be \"high\", \"medium\", \"low\", \"max\", true, or false)");
            default:
                throw HttpError.BadRequest("think must be a boolean or string (\"high\", \"medium\", \"low\", \"max\", true, or false)");
        }
    }

    /// <summary><c>top_logprobs</c>, checked to be 0–20.</summary>
    public static int TopLogprobs(RequestJson req)
    {
        var n = req.Int("top_logprobs") ?? 0;
        if (n is < 0 or > 20)
        {
            throw HttpError.BadRequest("top_logprobs must be between 0 and 20");
        }

        return (int)n;
    }

    /// <summary>The options the server acts on.</summary>
    public sealed record RuntimeOptions(int? NumCtx, int? NumPredict, IReadOnlyList<string> Stop);

    /// <summary>
    /// Checks <c>options</c> value types as <c>api.Options.FromMap</c> does (500 <c>option "k" must be of type
    /// integer</c>, <c>float32</c>, <c>boolean</c>, <c>array</c>, or <c>of an array of strings</c>) and returns the ones
    /// the server uses. That <c>options</c> is an object is checked when the body is decoded (<see cref="OptionsObject"/>).
    /// </summary>
    public static RuntimeOptions Options(RequestJson req)
    {
        var options = OptionsObject(req);
        if (options is null)
        {
            return new(null, null, []);
        }

        int? numCtx = null;
        int? numPredict = null;
        var stop = new List<string>();
        foreach (var p in options.Value.EnumerateObject())
        {
            var kind = p.Value.ValueKind;
            if (kind == JsonValueKind.Null)
            {
                continue;
            }

            string? expected = null;
            if (s_intOptions.Contains(p.Name))
            {
                expected = kind == JsonValueKind.Number ? null : "integer";
                if (expected is null && p.Name == "num_ctx")
                {
                    numCtx = (int)Math.Clamp(p.Value.GetDouble(), int.MinValue, int.MaxValue);
                }

                if (expected is null && p.Name == "num_predict")
                {
                    numPredict = (int)Math.Clamp(p.Value.GetDouble(), int.MinValue, int.MaxValue);
                }
            }
            else if (s_floatOptions.Contains(p.Name))
            {
                expected = kind == JsonValueKind.Number ? null : "float32";
            }
            else if (p.Name == "use_mmap")
            {
                expected = kind is JsonValueKind.True or JsonValueKind.False ? null : "boolean";
            }
            else if (p.Name == "stop")
            {
                expected = kind == JsonValueKind.Array ? null : "array";
                if (expected is null)
                {
                    foreach (var v in p.Value.EnumerateArray())
                    {
                        stop.Add(v.ValueKind == JsonValueKind.String
                            ? v.GetString()!
                            : throw new HttpError(500, $"option \"{p.Name}\" must be of an array of strings"));
                    }
                }
            }

            if (expected is not null)
            {
                throw new HttpError(500, $"option \"{p.Name}\" must be of type {expected}");
            }
        }

        return new(numCtx, numPredict, stop);
    }

    /// <summary>The <c>options</c> object (a <c>map[string]any</c> when the body is decoded); null when absent.</summary>
    public static JsonElement? OptionsObject(RequestJson req) => req.Object("options");

    /// <summary>
    /// Checks <c>format</c> as the runner does (<c>llm/llama_server.go</c>): absent, <c>null</c>, <c>""</c>,
    /// <c>"json"</c> or an object; anything else fails with <c>invalid format: %q; expected ...</c> of the raw JSON, a 500
    /// from the streaming phase.
    /// </summary>
    public static JsonElement? Format(RequestJson req, bool stream)
    {
        var e = req.Get("format");
        if (e is null)
        {
            return null;
        }

        if (e.Value.ValueKind == JsonValueKind.String)
        {
            var s = e.Value.GetString();
            if (s == string.Empty)
            {
                return null;
            }

            if (s == "json")
            {
                return e;
            }
        }
        else if (e.Value.ValueKind == JsonValueKind.Object)
        {
            return e;
        }

        throw HttpError.InStream(500, $"invalid format: {TextTools.GoQuote(e.Value.GetRawText())}; expected \"json\" or a valid JSON Schema object", stream);
    }

    /// <summary>Decodes a base64 <c>images</c> array (Go <c>[]api.ImageData</c>); returns the bytes of each.</summary>
    public static List<byte[]> Images(RequestJson req, JsonElement? images, string field)
    {
        var list = new List<byte[]>();
        if (images is null)
        {
            return list;
        }

        if (images.Value.ValueKind != JsonValueKind.Array)
        {
            throw req.TypeError(field, images.Value, "[]api.ImageData");
        }

        foreach (var img in images.Value.EnumerateArray())
        {
            if (img.ValueKind != JsonValueKind.String)
            {
                throw req.TypeError(field, img, "api.ImageData");
            }

            var s = img.GetString()!;
            var buffer = new byte[(s.Length * 3 / 4) + 3];
            if (!Convert.TryFromBase64String(s, buffer, out var written))
            {
                throw HttpError.BadRequest("illegal base64 data at input byte " + FirstBadBase64(s));
            }

            list.Add(buffer[..written]);
        }

        return list;
    }

    /// <summary>The <c>model</c> field, or the deprecated <c>name</c> when <c>model</c> is empty (Go's <c>cmp.Or</c>).</summary>
    public static string ModelOrName(RequestJson req)
    {
        var model = req.String("model");
        return string.IsNullOrEmpty(model) ? req.String("name") ?? string.Empty : model;
    }

    /// <summary>
    /// Looks a request's model up after <c>parseAndValidateModelRef</c>: an empty name fails with
    /// <paramref name="requiredStatus"/> and <paramref name="requiredMessage"/> (each handler has its own), an unparsable
    /// one with 400 <c>invalid model name</c>, an unknown one with 404 and <paramref name="notFound"/>.
    /// </summary>
    public static TestModel FindModel(Exchange x, string raw, int requiredStatus, string requiredMessage, Func<string, string> notFound)
    {
        switch (ModelName.Ref(raw, out var name))
        {
            case ModelName.RefStatus.Required:
                throw new HttpError(requiredStatus, requiredMessage);
            case ModelName.RefStatus.Invalid:
                throw HttpError.BadRequest("invalid model name");
            default:
                return x.Server.Models.Find(name) ?? throw HttpError.NotFound(notFound(name));
        }
    }

    private static int FirstBadBase64(string s)
    {
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '='))
            {
                return i;
            }
        }

        return s.Length;
    }
}
