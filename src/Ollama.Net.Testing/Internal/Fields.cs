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
                throw HttpError.BadRequest($"Unsupported type: '{RequestJson.Kind(e.Value)}'");
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

                throw HttpError.BadRequest($"invalid think value: \"{s}\" (must be \"high\", \"medium\", \"low\", \"max\", true, or false)");
            default:
                throw HttpError.BadRequest("think must be a boolean or string");
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

    /// <summary>Checks <c>options</c> types (500 <c>option "k" must be of type ...</c>) and returns the ones the server uses.</summary>
    public static RuntimeOptions Options(RequestJson req)
    {
        var options = req.Object("options");
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
                expected = kind == JsonValueKind.Number ? null : "float";
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
                    stop.AddRange(p.Value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!));
                }
            }

            if (expected is not null)
            {
                throw new HttpError(500, $"option \"{p.Name}\" must be of type {expected}");
            }
        }

        return new(numCtx, numPredict, stop);
    }

    /// <summary>Checks <c>format</c>: absent, <c>""</c>, <c>"json"</c> or an object; else 500 <c>invalid format</c>.</summary>
    public static JsonElement? Format(RequestJson req)
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

        throw new HttpError(500, $"invalid format: {e.Value.GetRawText()}; expected \"json\" or a valid JSON Schema object");
    }

    /// <summary>Checks a base64 <c>images</c> array; returns the number of images.</summary>
    public static int Images(RequestJson req, JsonElement? images, string field)
    {
        if (images is null)
        {
            return 0;
        }

        if (images.Value.ValueKind != JsonValueKind.Array)
        {
            throw req.TypeError(field, images.Value, "[]api.ImageData");
        }

        var n = 0;
        foreach (var img in images.Value.EnumerateArray())
        {
            if (img.ValueKind != JsonValueKind.String)
            {
                throw req.TypeError(field, img, "api.ImageData");
            }

            var s = img.GetString()!;
            var buffer = new byte[(s.Length * 3 / 4) + 3];
            if (!Convert.TryFromBase64String(s, buffer, out _))
            {
                throw HttpError.BadRequest("illegal base64 data at input byte " + FirstBadBase64(s));
            }

            n++;
        }

        return n;
    }

    /// <summary>The model name field; 400 <c>model is required</c> when empty.</summary>
    public static string RequiredModel(RequestJson req, bool allowLegacyName = false)
    {
        var model = req.String("model");
        if (string.IsNullOrEmpty(model) && allowLegacyName)
        {
            model = req.String("name");
        }

        if (string.IsNullOrEmpty(model))
        {
            throw HttpError.BadRequest("model is required");
        }

        if (ModelName.Normalize(model) is null)
        {
            throw HttpError.BadRequest("invalid model name");
        }

        return model;
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
