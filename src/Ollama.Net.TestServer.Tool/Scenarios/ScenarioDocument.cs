using System.Text.Json.Serialization;

namespace Ollama.Net.TestServer.Tool.Scenarios;

/// <summary>
/// A scenario file as written (JSON, snake_case names; <c>ollama-test-server.schema.json</c> describes it). Every member
/// is optional. <see cref="ScenarioLoader"/> checks and converts it.
/// </summary>
internal sealed class ScenarioDocument
{
    /// <summary>The schema an editor validates against; ignored by the tool.</summary>
    [JsonPropertyName("$schema")]
    public string? Schema { get; init; }

    /// <summary><c>offline</c> (default): the simulated models; <c>empty</c>: no models.</summary>
    public string? Preset { get; init; }

    /// <summary>What answers when no reply is queued: <c>simulated</c> (the offline preset's default) or <c>echo</c>.</summary>
    public string? Generator { get; init; }

    /// <summary>What <c>/api/version</c> reports.</summary>
    public string? Version { get; init; }

    /// <summary>Installed models, added to the preset's (a model with a preset model's name replaces it).</summary>
    public List<ScenarioModel>? Models { get; init; }

    /// <summary>Models that <c>/api/pull</c> can fetch.</summary>
    public List<ScenarioModel>? Registry { get; init; }

    /// <summary>Scripted replies, queued in order.</summary>
    public List<ScenarioReply>? Replies { get; init; }

    /// <summary>Faults injected into matching requests.</summary>
    public List<ScenarioFault>? Faults { get; init; }

    /// <summary>The scheduler and context settings.</summary>
    public ScenarioScheduler? Scheduler { get; init; }

    /// <summary>Extra CORS origins (<c>OLLAMA_ORIGINS</c>).</summary>
    public List<string>? Origins { get; init; }

    /// <summary>A pause before every streamed chunk (a Go duration such as <c>15ms</c>).</summary>
    public string? ChunkDelay { get; init; }

    /// <summary>Whether a user is signed in (<c>/api/me</c>, push).</summary>
    public bool? SignedIn { get; init; }
}
