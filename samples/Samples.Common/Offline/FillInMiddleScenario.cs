using System.Text.Json;
using Ollama.Net.Testing;

namespace Samples.Common.Offline;

/// <summary>
/// Offline answers for the FillInMiddle sample: the body of the sample's Fibonacci function when the prefix and suffix
/// are the sample's own, and a placeholder comment (saying it is simulated) for any other code. Requests with a suffix
/// reach only models with the insert capability: the test server refuses the others, as Ollama does.
/// </summary>
public sealed class FillInMiddleScenario : OfflineScenario
{
    /// <summary>The middle the simulated model writes for the sample's Fibonacci example.</summary>
    public const string FibonacciBody = """
            if (n < 2)
            {
                return n;
            }

            long previous = 0, current = 1;
            for (var i = 2; i <= n; i++)
            {
                (previous, current) = (current, previous + current);
            }

            return current;

        """;

    /// <inheritdoc />
    public override void Configure(OllamaTestServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ReplyGenerator = new ReplyRules()
            .When(c => !c.IsChat && c.Request.TryGetProperty("suffix", out var s) && s.ValueKind == JsonValueKind.String, Complete)
            .Reply;
    }

    private static ScriptedReply Complete(ReplyContext context)
        => new()
        {
            Content = context.Prompt.Contains("Fibonacci", StringComparison.Ordinal)
                ? FibonacciBody
                : "    // (simulated completion: the offline server writes no real code)\n",
            ChunkSize = 3,
        };
}
