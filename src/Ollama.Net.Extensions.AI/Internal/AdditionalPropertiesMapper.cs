using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Ollama.Net.Extensions.AI;

/// <summary>
/// Applies <c>AdditionalProperties</c> of chat and embedding options to Ollama requests. Keys are Ollama's wire names:
/// request fields (<c>keep_alive</c>, <c>think</c>, <c>truncate</c>, <c>shift</c>, <c>logprobs</c>, <c>top_logprobs</c>)
/// go to the request, every other key goes into the <c>options</c> object (<c>num_ctx</c>, <c>repeat_penalty</c>,
/// <c>min_p</c>...). A key that a typed <see cref="ChatOptions"/> member already set is ignored (the typed value wins).
/// </summary>
internal static class AdditionalPropertiesMapper
{
    public static void Apply(AdditionalPropertiesDictionary? properties, ChatRequest request)
    {
        if (properties is null)
        {
            return;
        }

        foreach (var (key, value) in properties)
        {
            switch (key)
            {
                case "keep_alive":
                    request.KeepAlive = ToKeepAlive(value);
                    break;
                case "think":
                    request.Think = ToThink(value);
                    break;
                case "truncate":
                    request.Truncate = ToBool(key, value);
                    break;
                case "shift":
                    request.Shift = ToBool(key, value);
                    break;
                case "logprobs":
                    request.Logprobs = ToBool(key, value);
                    break;
                case "top_logprobs":
                    request.TopLogprobs = ToInt(key, value);
                    break;
                default:
                    request.Options = AddOption(request.Options, key, value);
                    break;
            }
        }
    }

    public static void Apply(AdditionalPropertiesDictionary? properties, EmbedRequest request)
    {
        if (properties is null)
        {
            return;
        }

        foreach (var (key, value) in properties)
        {
            switch (key)
            {
                case "keep_alive":
                    request.KeepAlive = ToKeepAlive(value);
                    break;
                case "truncate":
                    request.Truncate = ToBool(key, value);
                    break;
                case "dimensions":
                    request.Dimensions ??= ToInt(key, value);
                    break;
                default:
                    request.Options = AddOption(request.Options, key, value);
                    break;
            }
        }
    }

    private static ModelOptions? AddOption(ModelOptions? options, string key, object? value)
    {
        options ??= new ModelOptions();
        switch (key)
        {
            // The options ChatOptions types: the typed value wins, else the property fills the typed member.
            case "temperature":
                options.Temperature ??= ToFloat(key, value);
                return options;
            case "top_p":
                options.TopP ??= ToFloat(key, value);
                return options;
            case "top_k":
                options.TopK ??= ToInt(key, value);
                return options;
            case "seed":
                options.Seed ??= ToInt(key, value);
                return options;
            case "num_predict":
                options.NumPredict ??= ToInt(key, value);
                return options;
            case "frequency_penalty":
                options.FrequencyPenalty ??= ToFloat(key, value);
                return options;
            case "presence_penalty":
                options.PresencePenalty ??= ToFloat(key, value);
                return options;
            case "stop":
                options.Stop ??= ToStrings(key, value);
                return options;
            default:
                options.AdditionalOptions ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                options.AdditionalOptions[key] = JsonValues.ToElement(value, Describe(key));
                return options;
        }
    }

    private static KeepAlive ToKeepAlive(object? value)
    {
        switch (value)
        {
            case KeepAlive keepAlive:
                return keepAlive;
            case TimeSpan span:
                return KeepAlive.FromTimeSpan(span);
            case string text:
                return KeepAlive.Parse(text);
        }

        var element = JsonValues.ToElement(value, Describe("keep_alive"));
        return element.ValueKind switch
        {
            JsonValueKind.Number => KeepAlive.FromSeconds(element.GetDouble()),
            JsonValueKind.String => KeepAlive.Parse(element.GetString()!),
            _ => throw new ArgumentException(
                $"{Describe("keep_alive")} must be a TimeSpan, a number of seconds or a duration such as \"5m\", but it is {element.ValueKind}."),
        };
    }

    private static ThinkValue ToThink(object? value)
    {
        switch (value)
        {
            case ThinkValue think:
                return think;
            case bool enabled:
                return enabled;
            case string level:
                return ThinkValue.FromLevel(level);
        }

        var element = JsonValues.ToElement(value, Describe("think"));
        return element.ValueKind switch
        {
            JsonValueKind.True => ThinkValue.Enabled,
            JsonValueKind.False => ThinkValue.Disabled,
            JsonValueKind.String => ThinkValue.FromLevel(element.GetString()!),
            _ => throw new ArgumentException($"{Describe("think")} must be true, false or a level such as \"high\", but it is {element.ValueKind}."),
        };
    }

    private static bool ToBool(string key, object? value)
    {
        var element = JsonValues.ToElement(value, Describe(key));
        return element.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new ArgumentException($"{Describe(key)} must be a boolean, but it is {element.ValueKind}."),
        };
    }

    private static int ToInt(string key, object? value)
    {
        var element = JsonValues.ToElement(value, Describe(key));
        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var number))
        {
            return number;
        }

        if (element.ValueKind == JsonValueKind.String &&
            int.TryParse(element.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out number))
        {
            return number;
        }

        throw new ArgumentException($"{Describe(key)} must be a 32-bit integer, but it is {element.GetRawText()}.");
    }

    private static float ToFloat(string key, object? value)
    {
        var element = JsonValues.ToElement(value, Describe(key));
        if (element.ValueKind == JsonValueKind.Number)
        {
            return element.GetSingle();
        }

        if (element.ValueKind == JsonValueKind.String &&
            float.TryParse(element.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        throw new ArgumentException($"{Describe(key)} must be a number, but it is {element.GetRawText()}.");
    }

    private static List<string> ToStrings(string key, object? value)
    {
        if (value is string single)
        {
            return [single];
        }

        var element = JsonValues.ToElement(value, Describe(key));
        if (element.ValueKind == JsonValueKind.Array)
        {
            var list = new List<string>();
            foreach (var item in element.EnumerateArray())
            {
                list.Add(item.ValueKind == JsonValueKind.String
                    ? item.GetString()!
                    : throw new ArgumentException($"{Describe(key)} must hold strings, but it holds {item.ValueKind}."));
            }

            return list;
        }

        throw new ArgumentException($"{Describe(key)} must be a string or a list of strings, but it is {element.ValueKind}.");
    }

    private static string Describe(string key) => $"AdditionalProperties[\"{key}\"]";
}
