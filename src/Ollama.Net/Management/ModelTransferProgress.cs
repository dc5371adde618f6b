namespace Ollama.Net;

/// <summary>
/// The overall progress of a pull, push or create (from <see cref="ProgressAggregator"/>), ready for a progress bar:
/// bytes done and total over all layers seen so far, layers done, and the current status. Layers appear as the server
/// starts them, so <see cref="TotalBytes"/> can grow during a pull. An immutable snapshot.
/// </summary>
public sealed class ModelTransferProgress
{
    internal ModelTransferProgress(ProgressUpdate? lastUpdate, IReadOnlyList<LayerProgress> layers)
    {
        LastUpdate = lastUpdate;
        Layers = layers;
        foreach (var layer in layers)
        {
            TotalBytes += layer.Total;
            CompletedBytes += Math.Min(layer.Completed, layer.Total);
            if (layer.IsComplete)
            {
                CompletedLayers++;
            }
        }
    }

    /// <summary>The progress before any update.</summary>
    public static ModelTransferProgress Empty { get; } = new(null, []);

    /// <summary>The status of the latest update, such as <c>pulling 6a0746a1ec1a</c> or <c>success</c> (empty before any update).</summary>
    public string Status => LastUpdate?.Status ?? string.Empty;

    /// <summary>The layer digest of the latest update, if it had one.</summary>
    public string? Digest => LastUpdate?.Digest;

    /// <summary>The latest raw update (null before any).</summary>
    public ProgressUpdate? LastUpdate { get; }

    /// <summary>Every layer seen so far, in the order the server started them.</summary>
    public IReadOnlyList<LayerProgress> Layers { get; }

    /// <summary>The sum of the sizes of the layers seen so far, in bytes.</summary>
    public long TotalBytes { get; }

    /// <summary>The bytes done over all layers seen so far.</summary>
    public long CompletedBytes { get; }

    /// <summary>The number of layers seen so far.</summary>
    public int LayerCount => Layers.Count;

    /// <summary>The number of layers whose bytes are all done.</summary>
    public int CompletedLayers { get; }

    /// <summary><see cref="CompletedBytes"/> / <see cref="TotalBytes"/> between 0 and 1; null while no size is known (1 after success).</summary>
    public double? Fraction => IsSuccess ? 1 : TotalBytes > 0 ? Math.Clamp((double)CompletedBytes / TotalBytes, 0, 1) : null;

    /// <summary>The bytes done of the current step (the latest update's <c>completed</c>; for example while quantizing or hashing a file).</summary>
    public long? CurrentCompleted => LastUpdate?.Total is null ? null : LastUpdate.Completed ?? 0;

    /// <summary>The size of the current step (the latest update's <c>total</c>), or null when it reports no bytes.</summary>
    public long? CurrentTotal => LastUpdate?.Total;

    /// <summary>True once the final <c>{"status":"success"}</c> arrived.</summary>
    public bool IsSuccess => LastUpdate?.IsSuccess == true;

    /// <summary>Returns the status with the overall bytes and layers.</summary>
    public override string ToString()
        => TotalBytes > 0 ? $"{Status} ({CompletedBytes}/{TotalBytes} bytes, {CompletedLayers}/{LayerCount} layers)" : Status;
}
