namespace Ollama.Net.Tests.Infrastructure;

/// <summary>An <see cref="IProgress{T}"/> that records every report synchronously (no synchronization context involved).</summary>
public sealed class CollectingProgress<T> : IProgress<T>
{
    public List<T> Reports { get; } = [];

    public void Report(T value) => Reports.Add(value);
}
