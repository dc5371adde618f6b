namespace Samples.Common;

/// <summary>
/// An <see cref="IProgress{T}"/> that runs the callback on the reporting thread, at once and in order (unlike
/// <see cref="Progress{T}"/>, which posts to the thread pool, so updates can arrive late or out of order).
/// </summary>
public sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    /// <inheritdoc />
    public void Report(T value) => report(value);
}
