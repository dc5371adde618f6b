using Ollama.Net.Testing;

namespace Samples.Common.Offline;

/// <summary>
/// Offline answers for the PromptEngineering sample: each technique gets a reply that shows what it changes, like a small
/// model would answer: a wrong product when asked directly and the right one step by step, a score that first comes back
/// as prose (so the re-ask runs), the zero-counting rule, a label, a list of rulers, a teacher's explanation in Chinese.
/// </summary>
public sealed class PromptEngineeringScenario : OfflineScenario
{
    /// <inheritdoc />
    public override void Configure(OllamaTestServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rules = new ReplyRules()
            .When(c => Has(c, "9.11") && Has(c, "experts"), _ => Text(
                "Expert 1: Compare the whole parts: both are 9.\nExpert 2: Compare tenths: 9.9 has 9 tenths, 9.11 has 1 tenth.\n"
                + "Expert 3: 9.11 only looks larger because 11 > 9, but 0.11 < 0.9.\nAll experts agree.\nAnswer: 9.9"))
            .When(c => Has(c, "3666") && Has(c, "3666 × 444"), _ => Text(
                "1. 3666 × 5000 = 18,330,000\n2. 3666 × 444 = 1,627,704\n3. 18,330,000 + 1,627,704 = 19,957,704\nAnswer: 19957704"))
            .When(c => Has(c, "3666") && Has(c, "step by step"), _ => Text(
                "Step 1: split 5444 into 5000 + 444.\nStep 2: 3666 × 5000 = 18,330,000.\nStep 3: 3666 × 444 = 1,627,704.\n"
                + "Step 4: 18,330,000 + 1,627,704 = 19,957,704.\nAnswer: 19957704"))
            .When(c => Has(c, "3666"), _ => Text("19958704"))
            .When(c => Has(c, "5023512004"), _ => Text("3"))
            .When(c => Has(c, "Duolingo"), c => Text(ReplyRules.AssistantTurns(c) == 0
                ? "Duolingo uses AI for lessons and grading, so it fits the definition fairly well."
                : "8"))
            .When(c => Has(c, "Tesla"), c => Text(Has(c, "Definition") ? "No" : "Yes"))
            .When(c => Has(c, "mood"), _ => Text("sorrowful"))
            .When(c => Has(c, "five rulers"), _ => Text(
                "1. Qin Shi Huang\n2. Emperor Wu of Han\n3. Emperor Taizong of Tang\n4. Emperor Taizu of Song\n5. Genghis Khan"))
            .When(c => Has(c, "Tell me about this poem"), _ => Text(
                "This is \"Snow\" (沁园春·雪), written by Mao Zedong in 1936. It paints a vast northern landscape under snow and "
                + "then looks back at famous emperors of the past, finding each lacking, before saying that the truly great "
                + "people are those of the present."))
            .When(c => Has(c, "婵娟"), _ => Text(
                "这句话的意思是：希望我们爱的人都平平安安、长长久久；就算隔着千里，也能一起看到同一轮美丽的月亮。"
                + "苏轼在中秋节想念弟弟，就把这份思念和祝福写进了诗里。"));
        options.ReplyGenerator = rules.Reply;
    }

    private static bool Has(ReplyContext context, string text)
        => ReplyRules.ConversationText(context).Contains(text, StringComparison.OrdinalIgnoreCase);

    private static ScriptedReply Text(string content) => new() { Content = content };
}
