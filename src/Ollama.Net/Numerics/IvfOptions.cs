namespace Ollama.Net.Numerics;

/// <summary>How <see cref="EmbeddingIndex{TKey}.BuildIvf(IvfOptions?)"/> clusters the rows into inverted lists.</summary>
public sealed class IvfOptions
{
    /// <summary>The number of lists (k-means clusters). Null: √Count rounded (1,000 lists for a million rows).</summary>
    public int? Lists { get; init; }

    /// <summary>Iterations of k-means over the training sample. Default: 10.</summary>
    public int Iterations { get; init; } = 10;

    /// <summary>Rows sampled to train the centroids. Null: 64 per list (at most every row).</summary>
    public int? TrainingSampleSize { get; init; }

    /// <summary>Seeds the sample and the initial centroids, so a build is reproducible. Default: 0.</summary>
    public int Seed { get; init; }

    /// <summary>Threads used to train and assign: 1 (the default) uses the calling thread; -1 uses every processor.</summary>
    public int MaxDegreeOfParallelism { get; init; } = 1;
}
