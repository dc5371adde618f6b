namespace Ollama.Net;

/// <summary>
/// Folds the <see cref="ProgressUpdate"/> lines of a pull, push or create stream into one
/// <see cref="ModelTransferProgress"/>: per-layer bytes keyed by digest, summed over all layers. Not thread-safe: feed it
/// from one enumeration.
/// </summary>
/// <example>
/// <code>
/// var aggregator = new ProgressAggregator();
/// await foreach (var update in client.PullModelStreamingAsync("llama3.2"))
/// {
///     var progress = aggregator.Add(update);
///     Console.Write($"\r{progress.Status} {progress.Fraction:P0}");
/// }
/// </code>
/// </example>
public sealed class ProgressAggregator
{
    private readonly List<LayerProgress> _layers = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);

    /// <summary>The progress so far (<see cref="ModelTransferProgress.Empty"/> before the first update).</summary>
    public ModelTransferProgress Current { get; private set; } = ModelTransferProgress.Empty;

    /// <summary>Adds an update and returns the new overall progress.</summary>
    /// <param name="update">The next line of the stream.</param>
    /// <returns>The new snapshot (also in <see cref="Current"/>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="update"/> is null.</exception>
    public ModelTransferProgress Add(ProgressUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (!string.IsNullOrEmpty(update.Digest) && update.Total is { } total)
        {
            var layer = new LayerProgress(update.Digest, total, update.Completed ?? 0);
            if (_index.TryGetValue(update.Digest, out var i))
            {
                _layers[i] = layer;
            }
            else
            {
                _index.Add(update.Digest, _layers.Count);
                _layers.Add(layer);
            }
        }

        Current = new ModelTransferProgress(update, [.. _layers]);
        return Current;
    }
}
