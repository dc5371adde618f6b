namespace Ollama.Net.Testing;

/// <summary>
/// One token of a <see cref="ScriptedReply"/> given token by token (<see cref="ScriptedReply.Tokens"/>): its text, its
/// log probability, and the alternatives the model weighed, which the server returns as <c>top_logprobs</c>.
/// </summary>
/// <example>
/// <code>new ScriptedToken("8", -0.36) { Alternatives = [new("7", -1.4), new("9", -2.6)] }</code>
/// </example>
public sealed record ScriptedToken
{
    /// <summary>Creates a token.</summary>
    /// <param name="text">The token text (one stream chunk).</param>
    /// <param name="logprob">Its natural-log probability, at most 0.</param>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="logprob"/> is above 0 or not a number.</exception>
    public ScriptedToken(string text, double logprob)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!(logprob <= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(logprob), logprob, "A log probability is at most 0 (probability 1).");
        }

        Text = text;
        Logprob = logprob;
    }

    /// <summary>The token text.</summary>
    public string Text { get; }

    /// <summary>The natural-log probability of the token (<c>logprob</c>).</summary>
    public double Logprob { get; }

    /// <summary>
    /// The other candidates for this position, returned with the token itself in <c>top_logprobs</c> (most likely
    /// first, as many as the request's <c>top_logprobs</c> asks; generic filler tokens make up any shortfall). None by default.
    /// </summary>
    public IReadOnlyList<ScriptedToken>? Alternatives { get; init; }
}
