namespace Ollama.Net;

/// <summary>A request to <c>POST /api/push</c>: upload a model to a registry (ollama.com needs a signed-in key).</summary>
public sealed class PushModelRequest : ModelTransferRequest
{
    /// <summary>Creates a request for a model.</summary>
    /// <param name="model">The model name with its namespace, <c>namespace/model:tag</c>, such as <c>me/mymodel:latest</c>.</param>
    public PushModelRequest(string model)
        : base(model)
    {
    }
}
