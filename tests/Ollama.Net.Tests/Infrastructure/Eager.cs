namespace Ollama.Net.Tests.Infrastructure;

/// <summary>Asserts that a Task-returning call throws synchronously (validation before any request), not in its task.</summary>
public static class Eager
{
    public static T Throws<T>(string? paramName, Func<Task> call)
        where T : ArgumentException
        => Assert.Throws<T>(paramName, () => { _ = call(); });

    public static T Throws<T>(Func<Task> call)
        where T : Exception
        => Assert.Throws<T>(() => { _ = call(); });
}
