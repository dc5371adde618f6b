using System.Text.Json;
using System.Text.Json.Nodes;
using Ollama.Net.Testing;

namespace Samples.Common.Offline;

/// <summary>
/// Offline answers for the Tools sample. Without tools the model makes the mistakes small models make (a wrong product,
/// 9.11 &gt; 9.9); with the calculator tool it calls it with the right expression and then answers from the tool's result;
/// the structured-output request gets the facts of the paragraph as JSON.
/// </summary>
public sealed class ToolsScenario : OfflineScenario
{
    /// <inheritdoc />
    public override void Configure(OllamaTestServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rules = new ReplyRules()
            .When(c => c.Format is { ValueKind: JsonValueKind.Object }, _ => new ScriptedReply { Json = PoemFacts() })
            .When(c => c.LastRole == "tool", AnswerFromTool)
            .When(c => HasTools(c) && Has(c, "3666"), _ => Call("3666 * 5444"))
            .When(c => HasTools(c) && Has(c, "9.11"), _ => Call("9.9 > 9.11"))
            .When(c => Has(c, "3666"), _ => Text("3666 × 5444 = 19,956,704."))
            .When(c => Has(c, "9.11"), _ => Text("9.11 is larger than 9.9, because 11 is larger than 9."));
        options.ReplyGenerator = rules.Reply;
    }

    private static ScriptedReply AnswerFromTool(ReplyContext context)
    {
        // A tool result may arrive as a JSON string ("19957704") from clients that serialize results.
        var result = context.Prompt.Trim().Trim('"');
        if (Has(context, "9.11"))
        {
            return Text(result == "true"
                ? "9.9 is larger than 9.11 (the calculator confirms 9.9 > 9.11)."
                : "9.11 is larger than 9.9 (the calculator says 9.9 > 9.11 is false).");
        }

        return Text($"3666 × 5444 = {result}.");
    }

    private static JsonObject PoemFacts() => new()
    {
        ["title"] = "念奴娇·赤壁怀古",
        ["author"] = "Su Shi",
        ["dynasty"] = "Song",
        ["year"] = 1082,
        ["place"] = "Huangzhou, at the Red Cliff",
        ["peopleMentioned"] = new JsonArray("Zhou Yu", "Xiao Qiao"),
        ["themes"] = new JsonArray("heroes of the past", "the shortness of life", "the river and the moon"),
    };

    private static ScriptedReply Call(string expression)
        => new() { ToolCalls = [new ScriptedToolCall("calculator", new JsonObject { ["expression"] = expression })] };

    private static bool HasTools(ReplyContext context) => context.Tools is { ValueKind: JsonValueKind.Array } tools && tools.GetArrayLength() > 0;

    private static bool Has(ReplyContext context, string text)
        => ReplyRules.ConversationText(context).Contains(text, StringComparison.Ordinal);

    private static ScriptedReply Text(string content) => new() { Content = content };
}
