using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>
/// The details of a model (<c>POST /api/show</c>, <see cref="OllamaClient.ShowModelAsync(string, CancellationToken)"/>):
/// its Modelfile, template, parameters, license, capabilities and the raw GGUF metadata in <see cref="ModelInfo"/>.
/// </summary>
public sealed class ShowModelResult
{
    /// <summary>The license text(s), joined with new lines.</summary>
    [JsonPropertyName("license")]
    public string? License { get; set; }

    /// <summary>A Modelfile that recreates the model.</summary>
    [JsonPropertyName("modelfile")]
    public string? Modelfile { get; set; }

    /// <summary>The PARAMETER values as text lines (<c>key  value</c>; one line per value for lists such as stop).</summary>
    [JsonPropertyName("parameters")]
    public string? Parameters { get; set; }

    /// <summary>The prompt template (Go template, or the model's own chat template).</summary>
    [JsonPropertyName("template")]
    public string? Template { get; set; }

    /// <summary>The SYSTEM prompt.</summary>
    [JsonPropertyName("system")]
    public string? System { get; set; }

    /// <summary>The built-in renderer name (server v0.12.6+).</summary>
    [JsonPropertyName("renderer")]
    public string? Renderer { get; set; }

    /// <summary>The built-in output parser name (server v0.12.6+).</summary>
    [JsonPropertyName("parser")]
    public string? Parser { get; set; }

    /// <summary>Format, family, size class and quantization.</summary>
    [JsonPropertyName("details")]
    public ModelDetails Details { get; set; } = new();

    /// <summary>The MESSAGE lines of the Modelfile (role and content only).</summary>
    [JsonPropertyName("messages")]
    public IList<Message>? Messages { get; set; }

    /// <summary>For remote (cloud) models: the model name on the remote host.</summary>
    [JsonPropertyName("remote_model")]
    public string? RemoteModel { get; set; }

    /// <summary>For remote (cloud) models: the remote host.</summary>
    [JsonPropertyName("remote_host")]
    public string? RemoteHost { get; set; }

    /// <summary>
    /// The model's metadata (GGUF key/value pairs) such as <c>general.architecture</c>, <c>general.parameter_count</c>
    /// and <c>&lt;arch&gt;.context_length</c>. Arrays longer than 5 items are empty unless the request was verbose.
    /// </summary>
    [JsonPropertyName("model_info")]
    public IDictionary<string, JsonElement> ModelInfo { get; set; } = new Dictionary<string, JsonElement>();

    /// <summary>The metadata of the vision/audio projector, if the model has one.</summary>
    [JsonPropertyName("projector_info")]
    public IDictionary<string, JsonElement>? ProjectorInfo { get; set; }

    /// <summary>The tensors (GGUF models; safetensors models only when verbose).</summary>
    [JsonPropertyName("tensors")]
    public IList<ModelTensor>? Tensors { get; set; }

    /// <summary>What the model can do.</summary>
    [JsonPropertyName("capabilities")]
    public IList<ModelCapability>? Capabilities { get; set; }

    /// <summary>When the model was last changed (with the server's local offset).</summary>
    [JsonPropertyName("modified_at")]
    public DateTimeOffset ModifiedAt { get; set; }

    /// <summary>The minimum Ollama version the model needs (REQUIRES; server v0.14.0+).</summary>
    [JsonPropertyName("requires")]
    public string? Requires { get; set; }

    /// <summary>The architecture from <c>general.architecture</c> (such as <c>llama</c>), or null.</summary>
    [JsonIgnore]
    public string? Architecture => ModelInfo.TryGetValue("general.architecture", out var value) && value.ValueKind == JsonValueKind.String
        ? value.GetString()
        : null;

    /// <summary>The parameter count from <c>general.parameter_count</c>, or null.</summary>
    [JsonIgnore]
    public long? ParameterCount => GetInt64("general.parameter_count");

    /// <summary>The trained context length from <c>&lt;architecture&gt;.context_length</c>, or null.</summary>
    [JsonIgnore]
    public long? ContextLength => Architecture is { } arch ? GetInt64(arch + ".context_length") : null;

    /// <summary>The embedding size from <c>&lt;architecture&gt;.embedding_length</c>, or null.</summary>
    [JsonIgnore]
    public long? EmbeddingLength => Architecture is { } arch ? GetInt64(arch + ".embedding_length") : null;

    /// <summary>True when <see cref="Capabilities"/> contains <paramref name="capability"/>.</summary>
    /// <param name="capability">The capability, such as <see cref="ModelCapability.Tools"/>.</param>
    /// <returns>Whether the model has it.</returns>
    public bool HasCapability(ModelCapability capability) => Capabilities?.Contains(capability) == true;

    private long? GetInt64(string key)
        => ModelInfo.TryGetValue(key, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.TryGetInt64(out var integer) ? integer : (long)value.GetDouble()
            : null;

    /// <summary>Returns the family, size and quantization.</summary>
    public override string ToString() => Details.ToString();
}
