namespace Ollama.Net.TestServer.Tool.Tests;

/// <summary>A <see cref="StringWriter"/> that can be awaited until a line with a given start is written.</summary>
internal sealed class LineWriter(string prefix) : StringWriter
{
    private readonly TaskCompletionSource<string> _line = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The first line that starts with the prefix, without it.</summary>
    public Task<string> Line => _line.Task;

    public override void WriteLine(string? value)
    {
        base.WriteLine(value);
        if (value is not null && value.StartsWith(prefix, StringComparison.Ordinal))
        {
            _line.TrySetResult(value[prefix.Length..]);
        }
    }

    public override Task WriteLineAsync(string? value)
    {
        WriteLine(value);
        return Task.CompletedTask;
    }
}
