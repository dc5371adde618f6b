namespace Ollama.Net;

/// <summary>A client for the Ollama native <c>/api</c>. Work in progress (milestone 1: signatures only).</summary>
public partial class OllamaClient
{
    /// <summary>Mocking constructor.</summary>
    protected OllamaClient()
    {
    }
}
