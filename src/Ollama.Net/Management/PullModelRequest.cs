namespace Ollama.Net;

/// <summary>A request to <c>POST /api/pull</c>: download a model from a registry.</summary>
public sealed class PullModelRequest : ModelTransferRequest
{
    /// <summary>Creates a request for a model.</summary>
    /// <param name="model">The model name, such as <c>llama3.2</c> or <c>hf.co/org/repo:Q4_K_M</c>.</param>
    public PullModelRequest(string model)
        : base(model)
    {
    }
}
