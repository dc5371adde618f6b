namespace Ollama.Net.Diagnostics;

/// <summary>
/// What a call is, for logs and telemetry: the gen_ai operation name (null for calls that are logged but not traced,
/// such as model management) and the request's model and settings.
/// </summary>
internal sealed class OperationInfo
{
    public const string Chat = "chat";
    public const string TextCompletion = "text_completion";
    public const string Embeddings = "embeddings";

    private OperationInfo(string? name, string? model)
    {
        Name = name;
        Model = string.IsNullOrEmpty(model) ? null : model;
    }

    /// <summary>The <c>gen_ai.operation.name</c>, or null when the call is only logged.</summary>
    public string? Name { get; }

    /// <summary>The requested model.</summary>
    public string? Model { get; }

    /// <summary>The runtime options of the request (temperature, top_p...).</summary>
    public ModelOptions? Options { get; private init; }

    /// <summary>True when the request asks for JSON (<c>format</c> set).</summary>
    public bool JsonOutput { get; private init; }

    /// <summary>The requested embedding size.</summary>
    public int? Dimensions { get; private init; }

    /// <summary>The reasoning level requested with <c>think</c>.</summary>
    public ThinkValue? Think { get; private init; }

    /// <summary>The chat request (content capture when opted in).</summary>
    public ChatRequest? ChatRequest { get; private init; }

    /// <summary>The generate request (content capture when opted in).</summary>
    public GenerateRequest? GenerateRequest { get; private init; }

    public static OperationInfo ForChat(ChatRequest request) => new(Chat, request.Model)
    {
        Options = request.Options,
        JsonOutput = request.Format is not null,
        Think = request.Think,
        ChatRequest = request,
    };

    public static OperationInfo ForGenerate(GenerateRequest request) => new(TextCompletion, request.Model)
    {
        Options = request.Options,
        JsonOutput = request.Format is not null,
        Think = request.Think,
        GenerateRequest = request,
    };

    public static OperationInfo ForEmbed(EmbedRequest request) => new(Embeddings, request.Model)
    {
        Options = request.Options,
        Dimensions = request.Dimensions,
    };

    /// <summary>A call that is logged (with its model) but not traced, such as a model pull.</summary>
    public static OperationInfo ForModel(string? model) => new(null, model);
}
