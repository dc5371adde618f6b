namespace Ollama.Net;

/// <summary>The progress of a batched embedding job, reported after each batch that completed.</summary>
public sealed class EmbedProgress
{
    /// <summary>Creates a progress report.</summary>
    /// <param name="completed">The texts embedded so far.</param>
    /// <param name="total">All texts of the job.</param>
    /// <param name="completedBatches">The batches done so far.</param>
    /// <param name="totalBatches">All batches of the job.</param>
    public EmbedProgress(int completed, int total, int completedBatches, int totalBatches)
    {
        Completed = completed;
        Total = total;
        CompletedBatches = completedBatches;
        TotalBatches = totalBatches;
    }

    /// <summary>The texts embedded so far.</summary>
    public int Completed { get; }

    /// <summary>All texts of the job.</summary>
    public int Total { get; }

    /// <summary>The batches done so far.</summary>
    public int CompletedBatches { get; }

    /// <summary>All batches of the job.</summary>
    public int TotalBatches { get; }

    /// <summary>Describes the progress, such as <c>640/1000 texts (10/16 batches)</c>.</summary>
    public override string ToString() => $"{Completed}/{Total} texts ({CompletedBatches}/{TotalBatches} batches)";
}
