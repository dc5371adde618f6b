namespace Ollama.Net.IntegrationTests.Client;

/// <summary>A fact that runs only against a real Ollama: skipped unless <c>OLLAMA_TEST_HOST</c> is set.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class LiveOllamaFactAttribute : FactAttribute
{
    public const string SkipReason = "Set OLLAMA_TEST_HOST to run against a real Ollama server";

    public LiveOllamaFactAttribute()
    {
        if (!LiveTarget.IsConfigured)
        {
            Skip = SkipReason;
        }
    }
}
