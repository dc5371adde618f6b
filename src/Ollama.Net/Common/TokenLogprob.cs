using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>A token with its log probability (an alternative in <see cref="Logprob.TopLogprobs"/>).</summary>
public class TokenLogprob
{
    /// <summary>The token text.</summary>
    [JsonPropertyName("token")]
    public string Token { get; set; } = string.Empty;

    /// <summary>The natural log of the token's probability (<c>logprob</c>).</summary>
    [JsonPropertyName("logprob")]
    public double LogProbability { get; set; }

    /// <summary>The token's UTF-8 bytes (a token may hold part of a multi-byte character).</summary>
    [JsonPropertyName("bytes")]
    public IList<int>? Bytes { get; set; }

    /// <summary>The probability, <c>exp(logprob)</c>.</summary>
    [JsonIgnore]
    public double Probability => Math.Exp(LogProbability);
}
