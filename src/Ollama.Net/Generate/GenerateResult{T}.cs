namespace Ollama.Net;

/// <summary>
/// A structured generate answer (<see cref="OllamaClient.GenerateAsync{T}(GenerateRequest, System.Text.Json.Serialization.Metadata.JsonTypeInfo{T}, CancellationToken)"/>):
/// the <see cref="Value"/> parsed from the response, and the <see cref="Raw"/> reply with its metrics.
/// </summary>
/// <typeparam name="T">The type of the answer.</typeparam>
public sealed class GenerateResult<T>
{
    /// <summary>Creates a result.</summary>
    /// <param name="value">The parsed answer.</param>
    /// <param name="raw">The reply it was parsed from.</param>
    /// <exception cref="ArgumentNullException"><paramref name="raw"/> is null.</exception>
    public GenerateResult(T value, GenerateResult raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        Value = value;
        Raw = raw;
    }

    /// <summary>The answer parsed from the response.</summary>
    public T Value { get; }

    /// <summary>The whole reply: the response text, thinking, done reason and metrics.</summary>
    public GenerateResult Raw { get; }

    /// <summary>Returns the raw response.</summary>
    public override string ToString() => Raw.ToString();
}
