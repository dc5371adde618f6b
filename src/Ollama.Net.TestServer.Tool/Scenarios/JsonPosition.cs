namespace Ollama.Net.TestServer.Tool.Scenarios;

/// <summary>A place in a JSON text: 1-based line and column (in characters).</summary>
internal readonly record struct JsonPosition(int Line, int Column);
