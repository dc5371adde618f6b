namespace Ollama.Net;

/// <summary>The transfer state of one layer (blob) in a <see cref="ModelTransferProgress"/>.</summary>
/// <param name="Digest">The layer digest (<c>sha256:...</c>).</param>
/// <param name="Total">The layer size in bytes.</param>
/// <param name="Completed">The bytes done so far.</param>
public sealed record LayerProgress(string Digest, long Total, long Completed)
{
    /// <summary>True when all bytes of the layer are done.</summary>
    public bool IsComplete => Total > 0 && Completed >= Total;

    /// <summary><see cref="Completed"/> / <see cref="Total"/> between 0 and 1 (0 when the total is unknown).</summary>
    public double Fraction => Total > 0 ? Math.Clamp((double)Completed / Total, 0, 1) : 0;
}
