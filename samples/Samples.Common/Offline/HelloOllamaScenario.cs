using System.Text.Json;
using Ollama.Net.Testing;

namespace Samples.Common.Offline;

/// <summary>
/// Offline answers for HelloOllama: the simulated answer, except for requests with a thinking level
/// (<c>"think": "low"</c>, <c>"medium"</c>, <c>"high"</c>), whose reasoning grows with the level, as gpt-oss's does.
/// </summary>
public sealed class HelloOllamaScenario : OfflineScenario
{
    private static readonly Dictionary<string, string> s_thinking = new(StringComparer.Ordinal)
    {
        ["low"] = "s-t-r-a-w-b-e-r-r-y: r at 3, 8, 9. Three.",
        ["medium"] = "Spell it out: s, t, r, a, w, b, e, r, r, y. The r's are the 3rd letter, then the 8th and 9th (the double r "
            + "in \"berry\"). That makes three.",
        ["high"] = "The question is about letters, not sounds, so I should spell the word rather than guess: s, t, r, a, w, b, e, "
            + "r, r, y; ten letters. The r's: position 3 (st-r-aw), positions 8 and 9 (be-rr-y). People often say two "
            + "because they hear one r in \"berry\", so let me check again from the end: y (no), r (1), r (2), e, b, w, a, "
            + "r (3), t, s. Both counts agree: three r's.",
        ["max"] = "Spelling it out twice, forwards and backwards, both give three r's: positions 3, 8 and 9.",
    };

    /// <inheritdoc />
    public override void Configure(OllamaTestServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ReplyGenerator = new ReplyRules().When(c => Level(c) is not null, ThinkAtLevel).Reply;
    }

    private static ScriptedReply ThinkAtLevel(ReplyContext context)
        => new() { Thinking = s_thinking[Level(context)!], Content = "There are 3 r's in \"strawberry\".", ChunkSize = 5 };

    private static string? Level(ReplyContext context)
        => context.Request.TryGetProperty("think", out var think) && think.ValueKind == JsonValueKind.String
            && s_thinking.ContainsKey(think.GetString()!) ? think.GetString() : null;
}
