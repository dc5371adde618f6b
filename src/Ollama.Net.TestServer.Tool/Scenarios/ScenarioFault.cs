namespace Ollama.Net.TestServer.Tool.Scenarios;

/// <summary>
/// A fault: which requests it hits (<see cref="Path"/>, <see cref="Model"/>, <see cref="Once"/>) and what it does (every
/// other member; several combine as <c>Fault.And</c>).
/// </summary>
internal sealed class ScenarioFault
{
    /// <summary>Only requests for this exact path (case-insensitive), e.g. <c>/api/chat</c>.</summary>
    public string? Path { get; init; }

    /// <summary>Only requests for this model.</summary>
    public string? Model { get; init; }

    /// <summary>True: the next matching request only; false (default): every matching request.</summary>
    public bool? Once { get; init; }

    public string? DelayFirstByte { get; init; }

    public string? DelayEachChunk { get; init; }

    public int? CutAfterChunks { get; init; }

    public int? ErrorAfterChunks { get; init; }

    /// <summary>The text of the <see cref="ErrorAfterChunks"/> error line.</summary>
    public string? ErrorMessage { get; init; }

    public int? MalformedLineAfterChunks { get; init; }

    public int? HangAfterChunks { get; init; }

    public bool? Trickle { get; init; }

    /// <summary>Answer with this status instead, with <see cref="Error"/> as an Ollama error body or <see cref="Body"/>.</summary>
    public int? Status { get; init; }

    public string? Error { get; init; }

    public string? Body { get; init; }

    public string? ContentType { get; init; }

    /// <summary>503 <c>server busy, please try again.  maximum pending requests exceeded</c>.</summary>
    public bool? Busy { get; init; }

    /// <summary>401 <c>unauthorized</c> with a <c>signin_url</c>.</summary>
    public bool? Unauthorized { get; init; }

    public string? SigninUrl { get; init; }
}
