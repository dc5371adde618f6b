using Ollama.Net.Testing;

namespace Samples.Common.Offline;

/// <summary>
/// Offline answers for the Logprobs sample, scripted token by token with their log probabilities and alternatives (the
/// simulated answers would give generic ones): the capital of Australia, where the model wavers between Canberra and
/// Sydney, and the tutorial's 1-10 score, where it is fairly sure of 8 but not certain.
/// </summary>
public sealed class LogprobsScenario : OfflineScenario
{
    /// <inheritdoc />
    public override void Configure(OllamaTestServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ReplyGenerator = new ReplyRules()
            .WhenConversationContains("Australia", _ => new ScriptedReply
            {
                Tokens =
                [
                    new("The", -0.02),
                    new(" capital", -0.01),
                    new(" of", -0.003),
                    new(" Australia", -0.004),
                    new(" is", -0.03),
                    new(" Canberra", -0.21) { Alternatives = [new(" Sydney", -1.9), new(" Melbourne", -3.6), new(" the", -5.2)] },
                    new(".", -0.08) { Alternatives = [new(",", -2.7)] },
                ],
            })
            .WhenConversationContains("AI原生公司", _ => new ScriptedReply
            {
                Tokens = [new("8", -0.46) { Alternatives = [new("7", -1.6), new("9", -2.3), new("6", -3.4), new("10", -4.1)] }],
            })
            .Reply;
    }
}
