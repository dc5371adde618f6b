using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>
/// One progress line of a pull, push or create stream (Go <c>ProgressResponse</c>): a free-text <see cref="Status"/>
/// such as <c>pulling manifest</c> or <c>pulling 6a0746a1ec1a</c>, and for byte transfers the layer
/// <see cref="Digest"/>, <see cref="Total"/> and <see cref="Completed"/>. The stream ends with <see cref="IsSuccess"/>
/// (<c>{"status":"success"}</c>). Fold updates into one overall figure with <see cref="ProgressAggregator"/>.
/// </summary>
public sealed class ProgressUpdate
{
    /// <summary>The status text of the final line.</summary>
    public const string SuccessStatus = "success";

    /// <summary>What the server is doing, such as <c>pulling manifest</c>, <c>pulling 6a0746a1ec1a</c>, <c>writing manifest</c> or <c>success</c>.</summary>
    [JsonPropertyName("status")]
    public string Status { get; set; } = string.Empty;

    /// <summary>The layer being transferred (<c>sha256:...</c>), when this line reports bytes.</summary>
    [JsonPropertyName("digest")]
    public string? Digest { get; set; }

    /// <summary>The size of the layer in bytes (absent when the line reports no bytes).</summary>
    [JsonPropertyName("total")]
    public long? Total { get; set; }

    /// <summary>The bytes of the layer done so far (absent while it is 0).</summary>
    [JsonPropertyName("completed")]
    public long? Completed { get; set; }

    /// <summary>True on the final <c>{"status":"success"}</c> line.</summary>
    [JsonIgnore]
    public bool IsSuccess => string.Equals(Status, SuccessStatus, StringComparison.Ordinal);

    /// <summary><see cref="Completed"/> / <see cref="Total"/> between 0 and 1, or null when the line has no total.</summary>
    [JsonIgnore]
    public double? Fraction => Total is > 0 and var total ? Math.Clamp((double)(Completed ?? 0) / total, 0, 1) : null;

    /// <summary>Returns the status with the byte counts, when present.</summary>
    public override string ToString() => Total is { } total ? $"{Status} {Completed ?? 0}/{total}" : Status;
}
