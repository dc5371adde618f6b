using System.Text.Json;

namespace Ollama.Net.Testing;

/// <summary>
/// What a reply generator (<see cref="ReplyScript.Generator"/>) knows about the chat or generate request it answers.
/// </summary>
public sealed class ReplyContext
{
    internal ReplyContext(
        TestModel model, string requestedModel, bool isChat, string prompt, string? system, string lastRole,
        IReadOnlyList<JsonElement> messages, bool think, JsonElement? tools, JsonElement? format, JsonElement request,
        RecordedRequest recorded)
    {
        Model = model;
        RequestedModel = requestedModel;
        IsChat = isChat;
        Prompt = prompt;
        System = system;
        LastRole = lastRole;
        Messages = messages;
        Think = think;
        Tools = tools;
        Format = format;
        Request = request;
        RecordedRequest = recorded;
    }

    /// <summary>The registered model that answers.</summary>
    public TestModel Model { get; }

    /// <summary>The model name exactly as the request gave it.</summary>
    public string RequestedModel { get; }

    /// <summary>True for <c>/api/chat</c>, false for <c>/api/generate</c>.</summary>
    public bool IsChat { get; }

    /// <summary>The <c>prompt</c> of a generate request, or the content of the last message of a chat request.</summary>
    public string Prompt { get; }

    /// <summary>The <c>system</c> of a generate request or the first system message of a chat, or null.</summary>
    public string? System { get; }

    /// <summary>The role of the last chat message (<c>user</c>, <c>tool</c>, ...); <c>user</c> for generate.</summary>
    public string LastRole { get; }

    /// <summary>The chat messages as sent (empty for generate).</summary>
    public IReadOnlyList<JsonElement> Messages { get; }

    /// <summary>Whether thinking is on for this request (explicit <c>think</c>, or absent on a thinking-capable model).</summary>
    public bool Think { get; }

    /// <summary>The <c>tools</c> array, or null.</summary>
    public JsonElement? Tools { get; }

    /// <summary>The <c>format</c> value (<c>"json"</c> or a JSON Schema object), or null.</summary>
    public JsonElement? Format { get; }

    /// <summary>The whole request body.</summary>
    public JsonElement Request { get; }

    /// <summary>The recorded HTTP request.</summary>
    public RecordedRequest RecordedRequest { get; }
}
