using System.Globalization;
using System.Text;

namespace Ollama.Net.Benchmarks.Client;

/// <summary>The fixed server replies and requests both clients are fed.</summary>
public static class WireData
{
    public const string Model = "qwen2.5:0.5b";
    public static readonly Uri Endpoint = new("http://127.0.0.1:11434/");

    private static readonly string[] Words =
    [
        " the", " quick", " brown", " fox", " jumps", " over", " lazy", " dogs", ",", " and", " then", " it",
        " runs", " away", ".", " Après", " ça", " 猫", " is", " happy", " again", "!", "\\n", " \\\"quoted\\\"",
    ];

    /// <summary>One streamed chat chunk line (about 130 bytes with its newline).</summary>
    public static string ChatChunk(int i)
    {
        var second = i / 1000 % 60;
        var nanos = 123_456_789 + i;
        return "{\"model\":\"" + Model + "\",\"created_at\":\"2025-06-01T12:34:" + second.ToString("00", CultureInfo.InvariantCulture) +
               "." + nanos.ToString("000000000", CultureInfo.InvariantCulture) + "Z\",\"message\":{\"role\":\"assistant\",\"content\":\"" +
               Words[i % Words.Length] + "\"},\"done\":false}";
    }

    /// <summary>The final chunk of a chat stream: empty content, done reason and metrics.</summary>
    public static string ChatFinalChunk(int evalCount)
        => "{\"model\":\"" + Model + "\",\"created_at\":\"2025-06-01T12:35:00.000000001Z\",\"message\":{\"role\":\"assistant\",\"content\":\"\"}," +
           "\"done\":true,\"done_reason\":\"stop\",\"total_duration\":4935886791,\"load_duration\":534986708,\"prompt_eval_count\":26," +
           "\"prompt_eval_duration\":107345000,\"eval_count\":" + evalCount.ToString(CultureInfo.InvariantCulture) + ",\"eval_duration\":4289432000}";

    /// <summary>A whole NDJSON chat stream: <paramref name="chunks"/> content chunks, then the final chunk.</summary>
    public static byte[] ChatStream(int chunks)
    {
        var text = new StringBuilder(chunks * 140);
        for (var i = 0; i < chunks; i++)
        {
            text.Append(ChatChunk(i)).Append('\n');
        }

        text.Append(ChatFinalChunk(chunks)).Append('\n');
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>A non-streamed chat reply of about 2 KB of content.</summary>
    public static byte[] ChatReply()
    {
        var content = new StringBuilder();
        for (var i = 0; i < 400; i++)
        {
            content.Append(Words[i % Words.Length]);
        }

        return Encoding.UTF8.GetBytes(
            "{\"model\":\"" + Model + "\",\"created_at\":\"2025-06-01T12:35:00.000000001Z\",\"message\":{\"role\":\"assistant\",\"content\":\"" +
            content + "\"},\"done\":true,\"done_reason\":\"stop\",\"total_duration\":4935886791,\"load_duration\":534986708," +
            "\"prompt_eval_count\":26,\"prompt_eval_duration\":107345000,\"eval_count\":400,\"eval_duration\":4289432000}");
    }

    /// <summary>A tiny non-streamed chat reply (for request-side benchmarks).</summary>
    public static byte[] TinyChatReply()
        => Encoding.UTF8.GetBytes(
            "{\"model\":\"" + Model + "\",\"created_at\":\"2025-06-01T12:35:00Z\",\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},\"done\":true,\"done_reason\":\"stop\"}");

    /// <summary>An /api/embed reply of <paramref name="count"/> vectors × <paramref name="dimensions"/> floats, formatted as Go does.</summary>
    public static byte[] EmbedReply(int count, int dimensions, int seed = 42)
    {
        var random = new Random(seed);
        var text = new StringBuilder(count * dimensions * 12 + 200);
        text.Append("{\"model\":\"nomic-embed-text\",\"embeddings\":[");
        var vector = new float[dimensions];
        for (var v = 0; v < count; v++)
        {
            // Gaussian-ish values, L2-normalized like Ollama's output.
            double norm = 0;
            for (var d = 0; d < dimensions; d++)
            {
                var x = (float)(random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5);
                vector[d] = x;
                norm += x * x;
            }

            var scale = (float)(1 / Math.Sqrt(norm));
            text.Append(v == 0 ? "[" : ",[");
            for (var d = 0; d < dimensions; d++)
            {
                if (d > 0)
                {
                    text.Append(',');
                }

                // Shortest round-trip float32 text, like Go's encoding/json for []float32.
                AppendGoFloat32(text, vector[d] * scale);
            }

            text.Append(']');
        }

        text.Append("],\"total_duration\":14143917,\"load_duration\":1019500,\"prompt_eval_count\":8}");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>
    /// Appends a float the way Go's encoding/json writes a float32: shortest round-trip digits, fixed notation for
    /// 1e-6 ≤ |x| &lt; 1e21, otherwise an exponent without leading zeros ("1e-7").
    /// </summary>
    public static void AppendGoFloat32(StringBuilder text, float value)
    {
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var e = shortest.IndexOf('E');
        if (e < 0)
        {
            text.Append(shortest);
            return;
        }

        var exponent = int.Parse(shortest.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = shortest[..e];
        var abs = Math.Abs(value);
        if (abs >= 1e-6f && abs < 1e21f)
        {
            var negative = mantissa.StartsWith('-');
            var digits = mantissa.TrimStart('-').Replace(".", "", StringComparison.Ordinal);
            var pointAt = 1 + exponent; // position of the decimal point within digits
            if (negative)
            {
                text.Append('-');
            }

            if (pointAt <= 0)
            {
                text.Append("0.").Append('0', -pointAt).Append(digits);
            }
            else if (pointAt >= digits.Length)
            {
                text.Append(digits).Append('0', pointAt - digits.Length);
            }
            else
            {
                text.Append(digits, 0, pointAt).Append('.').Append(digits, pointAt, digits.Length - pointAt);
            }

            return;
        }

        text.Append(mantissa).Append('e').Append(exponent.ToString(CultureInfo.InvariantCulture));
    }

    public static string LongText(int i) =>
        $"Message {i}: please summarise the quarterly report for the northern region, compare it with last year, and list the three biggest risks with one line each.";
}
