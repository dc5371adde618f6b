using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ollama.Net.Testing.Internal;

/// <summary>Plausible, deterministic offline answers for <see cref="ScriptedReply.Simulated"/>.</summary>
internal static partial class SimulatedAnswers
{
    private static readonly string[] s_templates =
    [
        "Here is a short overview of {0}. At its core, {0} is about a few key ideas that fit together. "
            + "The details depend on the context, but the main points stay the same: understand the basics, "
            + "look at a concrete example, and then apply it step by step.",
        "Good question. {1} can be explained in three parts. First, there is the basic idea. Second, there are the "
            + "conditions that make it work. Third, there are the practical consequences, which are usually what "
            + "people notice in everyday use.",
        "In short: {0} comes down to cause and effect. When you look closely, the pattern is consistent, and most "
            + "explanations you will find agree on the essentials. If you want, I can go into more detail on any part.",
    ];

    private static readonly HashSet<string> s_notNames = new(StringComparer.Ordinal)
    {
        "What", "How", "Is", "The", "Tell", "Can", "Could", "In", "I", "Describe", "Please", "Give", "Get", "Find", "Who",
        "Where", "When", "Why", "Which", "Show", "Write", "Explain", "Do", "Does", "A", "An", "My", "Me", "It", "This",
    };

    private static readonly string[] s_cities = ["Paris", "Tokyo", "London", "Berlin", "Sydney"];

    public static ScriptedReply Create(ReplyContext c)
    {
        var prompt = c.Prompt.Trim();
        var topic = Topic(prompt);
        var thinking = c.Think
            ? $"The user is asking about {topic}. Let me recall the key points and give a clear, short answer."
            : null;

        if (c.IsChat && c.LastRole == "tool")
        {
            var toolName = LastToolName(c) ?? "tool";
            return new ScriptedReply
            {
                Content = $"According to the {toolName} result, {Sentence(prompt)}",
                Thinking = c.Think ? "I have the tool result now; I will summarize it for the user." : null,
            };
        }

        if (c.Tools is { ValueKind: JsonValueKind.Array } tools && tools.GetArrayLength() > 0 && c.LastRole == "user"
            && c.Model.Has(TestModelCapabilities.Tools) && PickTool(tools, prompt) is { } call)
        {
            return new ScriptedReply
            {
                ToolCalls = [call],
                Thinking = c.Think ? $"I should call the {call.Name} tool to answer this." : null,
            };
        }

        if (c.Format is { } format)
        {
            var node = format.ValueKind == JsonValueKind.Object
                ? Sample(format, prompt, "value", 0)
                : new JsonObject { ["answer"] = Answer(prompt, topic) };
            return new ScriptedReply { Json = node, Thinking = thinking };
        }

        return new ScriptedReply { Content = Answer(prompt, topic), Thinking = thinking };
    }

    private static string Answer(string prompt, string topic)
    {
        var lower = prompt.ToLowerInvariant();
        if (prompt.Length == 0)
        {
            return "Hello! How can I help you today?";
        }

        if (prompt.Any(TextTools.IsCjk))
        {
            return $"这是一个离线模拟的回答。关于「{topic}」，主要有三点：先理解基本概念，再看一个具体的例子，最后一步一步地应用。";
        }

        if (GreetingPattern().IsMatch(lower))
        {
            return "Hello! I'm a simulated assistant running offline. How can I help you today?";
        }

        var range = RangePattern().Match(lower);
        if (range.Success
            && long.TryParse(range.Groups[1].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var lo)
            && long.TryParse(range.Groups[2].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var hi) && hi >= lo)
        {
            var span = (ulong)(hi - lo) + 1;
            return (lo + (long)(TextTools.Fnv1a(prompt) % span)).ToString(CultureInfo.InvariantCulture);
        }

        var labels = LabelsPattern().Match(prompt);
        if (labels.Success)
        {
            var options = LabelSplit().Split(labels.Groups[1].Value)
                .Select(s => s.Trim().Trim('"', '\'', '`', '.', '[', ']'))
                .Where(s => s.Length > 0 && s.Length < 40)
                .ToList();
            if (options.Count > 1)
            {
                return options[(int)(TextTools.Fnv1a(prompt) % (ulong)options.Count)];
            }
        }

        if (YesNoPattern().IsMatch(lower))
        {
            return TextTools.Fnv1a(prompt) % 2 == 0 ? "Yes." : "No.";
        }

        var math = MathPattern().Match(prompt);
        if (math.Success
            && double.TryParse(math.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
            && double.TryParse(math.Groups[3].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var b))
        {
            double? result = math.Groups[2].Value switch
            {
                "+" => a + b,
                "-" => a - b,
                "*" or "x" or "×" => a * b,
                "/" when b != 0 => a / b,
                _ => null,
            };
            if (result is { } r)
            {
                return string.Create(CultureInfo.InvariantCulture, $"{math.Groups[1].Value} {math.Groups[2].Value} {math.Groups[3].Value} = {Math.Round(r, 6)}.");
            }
        }

        if (lower.Contains("step by step", StringComparison.Ordinal) || lower.Contains("steps", StringComparison.Ordinal))
        {
            return $"Here are the steps for {topic}:\n1. Understand what is being asked.\n2. Break {topic} into smaller parts.\n"
                + "3. Work through each part in order.\n4. Check the result against the original question.";
        }

        if (lower.StartsWith("summarize", StringComparison.Ordinal) || lower.Contains("summary", StringComparison.Ordinal))
        {
            return $"Summary: the text is mainly about {topic}. It makes a few connected points and ends with a short conclusion.";
        }

        var template = s_templates[(int)(TextTools.Fnv1a(prompt) % (ulong)s_templates.Length)];
        return string.Format(CultureInfo.InvariantCulture, template, topic, Capitalize(topic));
    }

    private static string Topic(string prompt)
    {
        var t = prompt.Trim();
        var lines = t.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        t = lines.Length > 0 ? lines[^1] : t;
        t = LeadPattern().Replace(t, string.Empty);
        t = t.TrimEnd('?', '.', '!', ' ', '？', '。');
        var words = t.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length > 8)
        {
            t = string.Join(' ', words[..8]);
        }

        if (t.Length > 60)
        {
            t = string.Concat(TextTools.TextElements(t).Take(20));
        }

        return t.Length == 0 ? "this topic" : t;
    }

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static string Sentence(string s)
    {
        s = s.Trim();
        if (s.Length == 0)
        {
            return "there was nothing to report.";
        }

        return s.EndsWith('.') || s.EndsWith('!') || s.EndsWith('?') ? s : s + ".";
    }

    private static string? LastToolName(ReplyContext c)
    {
        var last = c.Messages[^1];
        return last.TryGetProperty("tool_name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
    }

    private static ScriptedToolCall? PickTool(JsonElement tools, string prompt)
    {
        var words = new HashSet<string>(WordPattern().Matches(prompt.ToLowerInvariant()).Select(m => m.Value), StringComparer.Ordinal);
        JsonElement? best = null;
        var bestScore = -1;
        foreach (var tool in tools.EnumerateArray())
        {
            if (!tool.TryGetProperty("function", out var fn) || fn.ValueKind != JsonValueKind.Object
                || !fn.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
            {
                continue;
            }

            var text = name.GetString()!.Replace('_', ' ') + " "
                + (fn.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : string.Empty);
            var score = WordPattern().Matches(text.ToLowerInvariant()).Count(m => words.Contains(m.Value));
            if (score > bestScore)
            {
                best = fn;
                bestScore = score;
            }
        }

        if (best is not { } f)
        {
            return null;
        }

        var args = new JsonObject();
        if (f.TryGetProperty("parameters", out var p) && p.ValueKind == JsonValueKind.Object
            && p.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object)
        {
            var required = p.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.Array
                ? r.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToHashSet(StringComparer.Ordinal)
                : null;
            foreach (var prop in props.EnumerateObject())
            {
                if (required is null || required.Count == 0 || required.Contains(prop.Name))
                {
                    args[prop.Name] = Sample(prop.Value, prompt, prop.Name, 1);
                }
            }
        }

        return new ScriptedToolCall(f.GetProperty("name").GetString()!, args);
    }

    private static JsonNode? Sample(JsonElement schema, string prompt, string name, int depth)
    {
        if (schema.ValueKind != JsonValueKind.Object || depth > 6)
        {
            return null;
        }

        if (schema.TryGetProperty("const", out var constant))
        {
            return JsonNode.Parse(constant.GetRawText());
        }

        if (schema.TryGetProperty("enum", out var e) && e.ValueKind == JsonValueKind.Array && e.GetArrayLength() > 0)
        {
            var pick = (int)(TextTools.Fnv1a(prompt + name) % (ulong)e.GetArrayLength());
            return JsonNode.Parse(e[pick].GetRawText());
        }

        foreach (var combinator in (ReadOnlySpan<string>)["anyOf", "oneOf", "allOf"])
        {
            if (schema.TryGetProperty(combinator, out var alts) && alts.ValueKind == JsonValueKind.Array && alts.GetArrayLength() > 0)
            {
                foreach (var alt in alts.EnumerateArray())
                {
                    if (!(alt.TryGetProperty("type", out var at) && at.ValueKind == JsonValueKind.String && at.GetString() == "null"))
                    {
                        return Sample(alt, prompt, name, depth + 1);
                    }
                }
            }
        }

        var type = TypeOf(schema);
        switch (type)
        {
            case "object":
                var obj = new JsonObject();
                if (schema.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object)
                {
                    foreach (var prop in props.EnumerateObject())
                    {
                        obj[prop.Name] = Sample(prop.Value, prompt, prop.Name, depth + 1);
                    }
                }

                return obj;
            case "array":
                var arr = new JsonArray();
                var min = schema.TryGetProperty("minItems", out var mi) && mi.TryGetInt32(out var m) ? m : 1;
                var items = schema.TryGetProperty("items", out var it) ? it : default;
                for (var i = 0; i < Math.Clamp(min, 1, 3); i++)
                {
                    arr.Add(Sample(items, prompt + i.ToString(CultureInfo.InvariantCulture), name, depth + 1));
                }

                return arr;
            case "integer":
            case "number":
                var low = schema.TryGetProperty("minimum", out var mn) && mn.TryGetDouble(out var lv) ? lv : 1;
                var high = schema.TryGetProperty("maximum", out var mx) && mx.TryGetDouble(out var hv) ? hv : Math.Max(low, 100);
                var number = FirstNumber(prompt) is { } n && n >= low && n <= high ? n : low + (TextTools.Fnv1a(prompt + name) % (ulong)Math.Max(1, high - low + 1));
                return type == "integer" ? JsonValue.Create((long)Math.Floor(number)) : JsonValue.Create(Math.Round(number, 2));
            case "boolean":
                return JsonValue.Create(TextTools.Fnv1a(prompt + name) % 2 == 0);
            case "null":
                return null;
            default:
                return JsonValue.Create(StringFor(name, schema, prompt));
        }
    }

    private static string TypeOf(JsonElement schema)
    {
        if (!schema.TryGetProperty("type", out var t))
        {
            return schema.TryGetProperty("properties", out _) ? "object" : "string";
        }

        if (t.ValueKind == JsonValueKind.String)
        {
            return t.GetString()!;
        }

        if (t.ValueKind == JsonValueKind.Array)
        {
            foreach (var v in t.EnumerateArray())
            {
                if (v.ValueKind == JsonValueKind.String && v.GetString() != "null")
                {
                    return v.GetString()!;
                }
            }
        }

        return "string";
    }

    private static string StringFor(string name, JsonElement schema, string prompt)
    {
        var lower = name.ToLowerInvariant();
        var format = schema.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
        switch (format)
        {
            case "date":
                return "2026-01-15";
            case "date-time":
                return "2026-01-15T10:30:00Z";
            case "email":
                return "alex@example.com";
            case "uri" or "url":
                return "https://example.com/";
        }

        if (lower.Contains("city", StringComparison.Ordinal) || lower.Contains("location", StringComparison.Ordinal)
            || lower.Contains("place", StringComparison.Ordinal))
        {
            return ProperNoun(prompt) ?? s_cities[(int)(TextTools.Fnv1a(prompt) % (ulong)s_cities.Length)];
        }

        if (lower is "unit" or "units")
        {
            return "celsius";
        }

        if (lower.Contains("name", StringComparison.Ordinal))
        {
            return ProperNoun(prompt) ?? "Alex";
        }

        if (lower is "query" or "q" or "text" or "input" or "question" or "prompt" or "expression")
        {
            return prompt.Length > 0 ? prompt : "example";
        }

        if (lower is "answer" or "summary" or "description" or "reason" or "explanation" or "response")
        {
            return Answer(prompt, Topic(prompt));
        }

        return Topic(prompt) is { Length: > 0 and < 40 } t && lower is "topic" or "subject" or "title" ? t : "example " + name;
    }

    private static string? ProperNoun(string prompt)
    {
        string? fallback = null;
        foreach (Match m in ProperNounPattern().Matches(prompt))
        {
            if (s_notNames.Contains(m.Value))
            {
                continue;
            }

            var before = prompt[..m.Index].TrimEnd();
            var sentenceStart = before.Length == 0 || before[^1] is '.' or '!' or '?' or '\n';
            if (!sentenceStart)
            {
                return m.Value;
            }

            fallback ??= m.Value;
        }

        return fallback;
    }

    private static double? FirstNumber(string text)
    {
        var m = NumberPattern().Match(text);
        return m.Success && double.TryParse(m.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    [GeneratedRegex(@"^(hi|hello|hey|good (morning|afternoon|evening)|greetings)\b")]
    private static partial Regex GreetingPattern();

    [GeneratedRegex(@"between\s+(-?\d+)\s+and\s+(-?\d+)")]
    private static partial Regex RangePattern();

    [GeneratedRegex(@"(?:one of|choose from|pick from|labels?|categories|options?)\s*[:\-]?\s*\[?([^\n\]]+)", RegexOptions.IgnoreCase)]
    private static partial Regex LabelsPattern();

    [GeneratedRegex(@"\s*(?:,|\||/|\bor\b)\s*")]
    private static partial Regex LabelSplit();

    [GeneratedRegex(@"\b(yes or no|yes/no)\b")]
    private static partial Regex YesNoPattern();

    [GeneratedRegex(@"(-?\d+(?:\.\d+)?)\s*([+\-*/x×])\s*(-?\d+(?:\.\d+)?)")]
    private static partial Regex MathPattern();

    [GeneratedRegex(@"^(please\s+)?(can you\s+|could you\s+)?(tell me about|explain|describe|what is|what are|what's|why is|why are|why do|why does|how does|how do|how to|who is|who was|when was|when did|where is|write about|give me)\s+(the\s+|a\s+|an\s+)?", RegexOptions.IgnoreCase)]
    private static partial Regex LeadPattern();

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"\b[A-Z][a-z]+\b")]
    private static partial Regex ProperNounPattern();

    [GeneratedRegex(@"-?\d+(?:\.\d+)?")]
    private static partial Regex NumberPattern();
}
