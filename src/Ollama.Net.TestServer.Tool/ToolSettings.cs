using System.Net;
using Ollama.Net.TestServer.Tool.Scenarios;

namespace Ollama.Net.TestServer.Tool;

/// <summary>What to serve and where: the command line and the scenario file, checked and merged.</summary>
internal sealed record ToolSettings
{
    /// <summary>Ollama's default port.</summary>
    public const int DefaultPort = 11434;

    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>The port; 0 picks a free one.</summary>
    public int Port { get; init; } = DefaultPort;

    public Scenario Scenario { get; init; } = new();

    /// <summary>A file to write every request to, one JSON line each (NDJSON), or null.</summary>
    public string? RequestLog { get; init; }
}
