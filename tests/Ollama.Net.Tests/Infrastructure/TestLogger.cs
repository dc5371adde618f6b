using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Ollama.Net.Tests.Infrastructure;

/// <summary>One captured log entry, with the formatted message and the structured state.</summary>
public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception, IReadOnlyList<KeyValuePair<string, object?>> State)
{
    public object? this[string key] => State.FirstOrDefault(p => p.Key == key).Value;

    /// <summary>Everything that could be written out: message, state values and the exception text.</summary>
    public string AllText => string.Join("\n", [Message, .. State.Select(p => $"{p.Key}={p.Value}"), Exception?.ToString() ?? string.Empty]);
}

/// <summary>A logger provider that records every entry at every level.</summary>
public sealed class TestLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new TestLogger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class TestLogger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IReadOnlyList<KeyValuePair<string, object?>> ?? [];
            entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception), exception, [.. values]));
        }
    }
}

public static class TestLogging
{
    public static (ILoggerFactory Factory, TestLoggerProvider Provider) Create()
    {
        var provider = new TestLoggerProvider();
        var factory = LoggerFactory.Create(builder => builder.SetMinimumLevel(LogLevel.Trace).AddProvider(provider));
        return (factory, provider);
    }
}
