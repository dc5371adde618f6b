namespace Ollama.Net.IntegrationTests.Client;

/// <summary>
/// A real Ollama at <c>OLLAMA_TEST_HOST</c>, with <c>OLLAMA_TEST_MODEL</c> (default qwen2.5:0.5b) and
/// <c>OLLAMA_TEST_EMBED_MODEL</c> (default all-minilm) already pulled.
/// </summary>
public sealed class LiveTarget : OllamaTarget
{
    public const string HostVariable = "OLLAMA_TEST_HOST";
    public const string ModelVariable = "OLLAMA_TEST_MODEL";
    public const string EmbedModelVariable = "OLLAMA_TEST_EMBED_MODEL";
    public const string DefaultChatModel = "qwen2.5:0.5b";
    public const string DefaultEmbedModel = "all-minilm";

    private LiveTarget(Uri endpoint, string chatModel, string embedModel)
    {
        Endpoint = endpoint;
        ChatModel = chatModel;
        EmbedModel = embedModel;
    }

    public override Uri Endpoint { get; }

    public override string ChatModel { get; }

    public override string EmbedModel { get; }

    /// <summary>A real server may load the model from disk first.</summary>
    public override TimeSpan Bound => TimeSpan.FromMinutes(3);

    /// <summary>True when OLLAMA_TEST_HOST is set.</summary>
    public static bool IsConfigured => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(HostVariable));

    /// <summary>Reads the environment (OLLAMA_TEST_HOST follows the OLLAMA_HOST rules).</summary>
    public static LiveTarget FromEnvironment()
    {
        var host = Environment.GetEnvironmentVariable(HostVariable);
        if (string.IsNullOrWhiteSpace(host))
        {
            throw new InvalidOperationException($"{HostVariable} is not set; the live tests should have been skipped.");
        }

        return new LiveTarget(
            OllamaEndpoint.Parse(host),
            Environment.GetEnvironmentVariable(ModelVariable) is { Length: > 0 } model ? model : DefaultChatModel,
            Environment.GetEnvironmentVariable(EmbedModelVariable) is { Length: > 0 } embed ? embed : DefaultEmbedModel);
    }
}
