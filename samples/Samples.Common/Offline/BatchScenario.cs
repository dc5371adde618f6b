using System.Text.Json;
using Ollama.Net.Testing;

namespace Samples.Common.Offline;

/// <summary>
/// Offline server for the Batch sample: plausible scores per company, and every failure path of a batch run: one
/// company meets a busy server once (retried, then scored), one first answers in words (re-asked, then scored), and one
/// always hits a server error (fails for good and is reported).
/// </summary>
public sealed class BatchScenario : OfflineScenario
{
    /// <summary>The company whose first request finds the server busy (503).</summary>
    public const string BusyOnce = "百度";

    /// <summary>The company whose first reply is not a number.</summary>
    public const string WordsFirst = "特斯拉";

    /// <summary>The company whose every request fails with a server error (500).</summary>
    public const string AlwaysFails = "贵州茅台";

    private static readonly (string Name, int Score)[] Scores =
    [
        ("OpenAI", 10), ("Anthropic", 10), ("月之暗面", 9), ("科大讯飞", 8), ("百度", 7), ("字节跳动", 6),
        ("英伟达", 6), ("多邻国", 5), ("特斯拉", 4), ("美团", 3), ("海底捞", 1), ("贵州茅台", 1),
    ];

    /// <inheritdoc />
    public override void Configure(OllamaTestServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ReplyGenerator = Reply;
    }

    /// <inheritdoc />
    public override void Script(OllamaTestServer server, string model)
    {
        ArgumentNullException.ThrowIfNull(server);
        server.Faults.Next(r => Mentions(r, BusyOnce), Fault.Busy());
        server.Faults.Always(r => Mentions(r, AlwaysFails),
            Fault.Error(500, "llama runner process has terminated: signal: killed"));
    }

    private static ScriptedReply Reply(ReplyContext context)
    {
        var text = ReplyRules.ConversationText(context);
        if (text.Contains(WordsFirst, StringComparison.Ordinal) && ReplyRules.AssistantTurns(context) == 0)
        {
            return new ScriptedReply { Content = "这要看怎么定义：它的汽车业务并不依赖人工智能，但自动驾驶是。" };
        }

        foreach (var (name, score) in Scores)
        {
            if (text.Contains(name, StringComparison.Ordinal))
            {
                return new ScriptedReply { Content = score.ToString(System.Globalization.CultureInfo.InvariantCulture) };
            }
        }

        // A company from an --input file: a stable score from its name.
        var hash = text.Aggregate(17, (h, c) => unchecked((h * 31) + c));
        return new ScriptedReply { Content = (1 + (int)((uint)hash % 10)).ToString(System.Globalization.CultureInfo.InvariantCulture) };
    }

    // The request's message texts (decoded: the client may escape non-ASCII characters in the JSON body).
    private static bool Mentions(RecordedRequest request, string text)
    {
        if (request.Json is not { ValueKind: JsonValueKind.Object } body || !body.TryGetProperty("messages", out var messages)
            || messages.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        return messages.EnumerateArray().Any(m => ReplyRules.MessageContent(m).Contains(text, StringComparison.Ordinal));
    }
}
