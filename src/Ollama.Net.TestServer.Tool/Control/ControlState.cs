namespace Ollama.Net.TestServer.Tool.Control;

/// <summary>What <c>GET /_test/state</c> and the other control calls answer: the server's scripted state at a glance.</summary>
internal sealed class ControlState
{
    public required IReadOnlyList<string> Models { get; init; }

    public required IReadOnlyList<string> Registry { get; init; }

    public required IReadOnlyList<string> LoadedModels { get; init; }

    public required int PendingReplies { get; init; }

    public required int PendingFaults { get; init; }

    /// <summary>Requests recorded since the last clear or reset.</summary>
    public required int Requests { get; init; }
}
