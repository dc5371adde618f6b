namespace Ollama.Net.IntegrationTests.Client;

/// <summary>
/// The shared scenarios against a real Ollama (OLLAMA_TEST_HOST; models from OLLAMA_TEST_MODEL and
/// OLLAMA_TEST_EMBED_MODEL, pulled beforehand). Skipped when OLLAMA_TEST_HOST is unset.
/// </summary>
public class LiveOllamaTests
{
    [LiveOllamaFact]
    public async Task Version()
    {
        await using var target = LiveTarget.FromEnvironment();
        await Scenarios.VersionAsync(target);
    }

    [LiveOllamaFact]
    public async Task List()
    {
        await using var target = LiveTarget.FromEnvironment();
        await Scenarios.ListAsync(target);
    }

    [LiveOllamaFact]
    public async Task Chat_stream_shape()
    {
        await using var target = LiveTarget.FromEnvironment();
        await Scenarios.ChatStreamAsync(target);
    }

    [LiveOllamaFact]
    public async Task Embed_shape()
    {
        await using var target = LiveTarget.FromEnvironment();
        await Scenarios.EmbedAsync(target);
    }

    [LiveOllamaFact]
    public async Task Show()
    {
        await using var target = LiveTarget.FromEnvironment();
        await Scenarios.ShowAsync(target);
    }

    [LiveOllamaFact]
    public async Task Chat_non_streaming()
    {
        await using var target = LiveTarget.FromEnvironment();
        await Scenarios.ChatAsync(target);
    }

    [LiveOllamaFact]
    public async Task Chat_structured_output()
    {
        await using var target = LiveTarget.FromEnvironment();
        await Scenarios.StructuredChatAsync(target);
    }

    [LiveOllamaFact]
    public async Task Chat_with_tools()
    {
        await using var target = LiveTarget.FromEnvironment();
        await Scenarios.ToolChatAsync(target);
    }

    [LiveOllamaFact]
    public async Task Generate_stream_shape()
    {
        await using var target = LiveTarget.FromEnvironment();
        await Scenarios.GenerateStreamAsync(target);
    }

    [LiveOllamaFact]
    public async Task Generate_non_streaming()
    {
        await using var target = LiveTarget.FromEnvironment();
        await Scenarios.GenerateAsync(target);
    }

    [LiveOllamaFact]
    public async Task Embed_with_truncate_and_dimensions()
    {
        await using var target = LiveTarget.FromEnvironment();
        await Scenarios.EmbedWithOptionsAsync(target);
    }

    [LiveOllamaFact]
    public async Task Legacy_embeddings()
    {
        await using var target = LiveTarget.FromEnvironment();
        await Scenarios.LegacyEmbeddingsAsync(target);
    }

    [LiveOllamaFact]
    public async Task Running_models_after_generate()
    {
        await using var target = LiveTarget.FromEnvironment();
        await Scenarios.RunningModelsAsync(target);
    }

    [LiveOllamaFact]
    public async Task Copy_then_delete()
    {
        await using var target = LiveTarget.FromEnvironment();
        await Scenarios.CopyThenDeleteAsync(target);
    }

    [LiveOllamaFact]
    public async Task Pull_of_the_installed_model()
    {
        await using var target = LiveTarget.FromEnvironment();
        await Scenarios.PullInstalledAsync(target);
    }

    [LiveOllamaFact]
    public async Task Create_derived_model_then_delete()
    {
        await using var target = LiveTarget.FromEnvironment();
        await Scenarios.CreateDerivedAsync(target);
    }

    [LiveOllamaFact]
    public async Task Model_not_found()
    {
        await using var target = LiveTarget.FromEnvironment();
        await Scenarios.ModelNotFoundAsync(target);
    }

    [LiveOllamaFact]
    public async Task Server_root_status_and_blob_head()
    {
        await using var target = LiveTarget.FromEnvironment();
        await Scenarios.ServerAsync(target);
    }

    [LiveOllamaFact]
    public async Task Recommendations()
    {
        await using var target = LiveTarget.FromEnvironment();
        await Scenarios.RecommendationsAsync(target);
    }
}
