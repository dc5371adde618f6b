namespace Ollama.Net.Readme.Tests.Packages;

/// <summary>Tests that redirect <see cref="Console.Out"/> or set environment variables: never run beside other tests.</summary>
[CollectionDefinition(nameof(ConsoleCollection), DisableParallelization = true)]
public sealed class ConsoleCollection;

/// <summary>Runs a snippet with <see cref="Console.Out"/> redirected and returns what it printed.</summary>
internal static class ConsoleCapture
{
    public static async Task<string> RunAsync(Func<Task> snippet)
    {
        var output = new StringWriter();
        var console = Console.Out;
        Console.SetOut(output);
        try
        {
            await snippet();
        }
        finally
        {
            Console.SetOut(console);
        }

        return output.ToString();
    }
}
