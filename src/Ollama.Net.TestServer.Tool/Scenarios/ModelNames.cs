using Ollama.Net.Testing;

namespace Ollama.Net.TestServer.Tool.Scenarios;

/// <summary>Model names as the test server matches them (<see cref="TestModel.Name"/>: <c>x</c> is <c>x:latest</c>).</summary>
internal static class ModelNames
{
    /// <summary>The normalized name, or null when <paramref name="name"/> is not a valid Ollama model name.</summary>
    public static string? Normalize(string name)
    {
        try
        {
            return new TestModel(name).Name;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
