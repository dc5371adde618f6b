using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>
/// The log probability of one generated token, with the most likely alternatives when <c>top_logprobs</c> was asked
/// (request <c>logprobs: true</c>, server v0.12.11+).
/// </summary>
public sealed class Logprob : TokenLogprob
{
    /// <summary>The most likely tokens at this position, best first.</summary>
    [JsonPropertyName("top_logprobs")]
    public IList<TokenLogprob>? TopLogprobs { get; set; }
}
