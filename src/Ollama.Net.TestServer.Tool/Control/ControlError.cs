namespace Ollama.Net.TestServer.Tool.Control;

/// <summary>A control API error body, <c>{"error":"..."}</c>, the shape Ollama's own errors have.</summary>
internal sealed record ControlError(string Error);
