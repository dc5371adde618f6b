namespace Ollama.Net.IntegrationTests.Client;

/// <summary>
/// Hang guards. They only stop a broken test from hanging the run (the test then fails with "hung"); no test asserts
/// on time.
/// </summary>
internal static class Guard
{
    /// <summary>The longest any single await may take against the loopback server before the test fails.</summary>
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(8);

    /// <summary>A token that cancels after the bound: a hang guard for code that takes a token (not a timing assertion).</summary>
    public static CancellationToken Token(TimeSpan? bound = null) => new CancellationTokenSource(bound ?? Bound).Token;

    /// <summary>Awaits <paramref name="task"/>, failing the test if it has not finished within the bound.</summary>
    public static async Task<T> Within<T>(this Task<T> task, TimeSpan? bound = null)
    {
        await Within((Task)task, bound);
        return await task;
    }

    /// <summary>Awaits <paramref name="task"/>, failing the test if it has not finished within the bound.</summary>
    public static async Task Within(this Task task, TimeSpan? bound = null)
    {
        var limit = bound ?? Bound;
        try
        {
            await task.WaitAsync(limit);
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            throw new Xunit.Sdk.XunitException($"Hung: the operation did not finish within the {limit} hang guard.");
        }
    }

    /// <summary>Reads a whole stream, each MoveNextAsync guarded.</summary>
    public static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source, TimeSpan? bound = null)
    {
        var list = new List<T>();
        await using var e = source.GetAsyncEnumerator();
        while (await e.MoveNextAsync().AsTask().Within(bound))
        {
            list.Add(e.Current);
        }

        return list;
    }

    /// <summary>Reads a stream until it throws; returns what came before and the exception (which must come).</summary>
    public static async Task<(List<T> Items, Exception Error)> ReadUntilErrorAsync<T>(IAsyncEnumerable<T> source, TimeSpan? bound = null)
    {
        var list = new List<T>();
        var e = source.GetAsyncEnumerator();
        try
        {
            while (await e.MoveNextAsync().AsTask().Within(bound))
            {
                list.Add(e.Current);
            }
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            await e.DisposeAsync();
            return (list, ex);
        }

        await e.DisposeAsync();
        throw new Xunit.Sdk.XunitException($"The stream ended normally after {list.Count} item(s); an exception was expected.");
    }

    /// <summary>Awaits a call that must throw <typeparamref name="T"/> (exactly that type), guarded against hangs.</summary>
    public static async Task<T> Throws<T>(Func<Task> call, TimeSpan? bound = null)
        where T : Exception
    {
        return await Assert.ThrowsAsync<T>(() => call().Within(bound));
    }
}
