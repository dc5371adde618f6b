namespace Ollama.Net.TestServer.Tool.Scenarios;

/// <summary>The scheduler and context settings (<c>OllamaTestServerOptions</c>, named after Ollama's environment variables).</summary>
internal sealed class ScenarioScheduler
{
    public string? ModelLoadTime { get; init; }

    public int? MaxLoadedModels { get; init; }

    public int? NumParallel { get; init; }

    public int? MaxQueue { get; init; }

    public double? TokensPerSecond { get; init; }

    public string? KeepAlive { get; init; }

    public int? ContextLength { get; init; }
}
