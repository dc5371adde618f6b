using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>
/// A request to <c>POST /api/chat</c>: the model, the conversation and optional tools, plus the settings every
/// <see cref="GenerationRequest"/> has.
/// </summary>
public sealed class ChatRequest : GenerationRequest
{
    /// <summary>Creates an empty request.</summary>
    public ChatRequest()
    {
    }

    /// <summary>Creates a request for a model and messages.</summary>
    /// <param name="model">The model name, such as <c>qwen2.5:0.5b</c>.</param>
    /// <param name="messages">The conversation so far.</param>
    public ChatRequest(string model, params IEnumerable<Message> messages)
    {
        Model = model;
        Messages = [.. messages];
    }

    /// <summary>The conversation. Empty loads the model (and, with <see cref="KeepAlive"/> 0, unloads it).</summary>
    [JsonPropertyName("messages")]
    public IList<Message> Messages { get; set; } = [];

    /// <summary>Tools the model may call.</summary>
    [JsonPropertyName("tools")]
    public IList<Tool>? Tools { get; set; }
}
