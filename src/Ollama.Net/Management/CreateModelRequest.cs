using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Ollama.Net.Serialization;

namespace Ollama.Net;

/// <summary>
/// A request to <c>POST /api/create</c>: create a model <see cref="From"/> an existing one, or from GGUF/safetensors
/// <see cref="Files"/> uploaded earlier as blobs, with an optional template, system prompt, parameters, messages,
/// quantization and license. To create from local files in one call, use
/// <see cref="OllamaClient.CreateModelFromFilesAsync(CreateModelRequest, IDictionary{string, string}, IDictionary{string, string}?, IProgress{ModelTransferProgress}?, CancellationToken)"/>,
/// which hashes and uploads them first.
/// </summary>
public sealed class CreateModelRequest
{
    /// <summary>Creates an empty request.</summary>
    public CreateModelRequest()
    {
    }

    /// <summary>Creates a request for a new model name.</summary>
    /// <param name="model">The name of the model to create.</param>
    public CreateModelRequest(string model) => Model = model;

    /// <summary>The name of the model to create (required).</summary>
    [JsonPropertyName("model")]
    public string Model { get; set; } = string.Empty;

    /// <summary>Always true: the client reads the progress as it comes, and errors arrive as they happen.</summary>
    [JsonInclude]
    [JsonPropertyName("stream")]
    internal bool Stream => true;

    /// <summary>
    /// Quantize the weights: <c>q4_K_M</c> (or <c>q4_K</c>), <c>q4_K_S</c>, <c>q8_0</c>, <c>f16</c>, <c>f32</c>,
    /// <c>bf16</c>. Works only on F16, BF16 or F32 sources.
    /// </summary>
    [JsonPropertyName("quantize")]
    public string? Quantize { get; set; }

    /// <summary>The quantization of the draft model; needs <see cref="DraftFiles"/> (server v0.30.0+).</summary>
    [JsonPropertyName("draft_quantize")]
    public string? DraftQuantize { get; set; }

    /// <summary>An existing model (or <c>:cloud</c> model) to start from. This or <see cref="Files"/> is required.</summary>
    [JsonPropertyName("from")]
    public string? From { get; set; }

    /// <summary>Makes a remote (proxy) model that points at another Ollama host.</summary>
    [JsonPropertyName("remote_host")]
    public string? RemoteHost { get; set; }

    /// <summary>
    /// The model files, file name (relative, such as <c>model.gguf</c> or <c>config.json</c>) → blob digest
    /// (<c>sha256:...</c>), uploaded earlier with <see cref="OllamaClient.UploadBlobAsync(string, Stream, CancellationToken)"/>.
    /// </summary>
    [JsonPropertyName("files")]
    public IDictionary<string, string>? Files { get; set; }

    /// <summary>The files of a draft model for speculative decoding, file name → digest (server v0.30.0+).</summary>
    [JsonPropertyName("draft_files")]
    public IDictionary<string, string>? DraftFiles { get; set; }

    /// <summary>LoRA adapter files, file name → digest (one adapter is supported).</summary>
    [JsonPropertyName("adapters")]
    public IDictionary<string, string>? Adapters { get; set; }

    /// <summary>The prompt template (Go template syntax).</summary>
    [JsonPropertyName("template")]
    public string? Template { get; set; }

    /// <summary>The license text(s); one is written as a JSON string, several as an array.</summary>
    [JsonPropertyName("license")]
    [JsonConverter(typeof(StringOrListConverter))]
    public IList<string>? License { get; set; }

    /// <summary>The SYSTEM prompt.</summary>
    [JsonPropertyName("system")]
    public string? System { get; set; }

    /// <summary>Default options (PARAMETER lines), with the same keys as request options.</summary>
    [JsonPropertyName("parameters")]
    public ModelOptions? Parameters { get; set; }

    /// <summary>A seed conversation (MESSAGE lines).</summary>
    [JsonPropertyName("messages")]
    public IList<Message>? Messages { get; set; }

    /// <summary>A built-in renderer name (server v0.12.0+).</summary>
    [JsonPropertyName("renderer")]
    public string? Renderer { get; set; }

    /// <summary>A built-in output parser name (server v0.12.0+).</summary>
    [JsonPropertyName("parser")]
    public string? Parser { get; set; }

    /// <summary>The minimum Ollama version the model needs (REQUIRES; server v0.14.0+).</summary>
    [JsonPropertyName("requires")]
    public string? Requires { get; set; }

    /// <summary>
    /// Overrides of the model's metadata: <c>capabilities</c> (string array), <c>model_family</c>, <c>base_name</c>,
    /// <c>quantization_level</c>, <c>parameter_size</c> (strings), <c>context_length</c>, <c>embedding_length</c>
    /// (non-negative integers).
    /// </summary>
    [JsonPropertyName("info")]
    public JsonObject? Info { get; set; }

    /// <summary><b>Legacy</b> alias of <see cref="Model"/> (<c>name</c>); the server reads it only when <c>model</c> is empty.</summary>
    [Obsolete("Legacy wire alias: use Model.")]
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary><b>Legacy</b> alias of <see cref="Quantize"/> (<c>quantization</c>).</summary>
    [Obsolete("Legacy wire alias: use Quantize.")]
    [JsonPropertyName("quantization")]
    public string? Quantization { get; set; }

    /// <summary>A shallow copy, for the client to fill in the digests of uploaded files without changing the caller's request.</summary>
    internal CreateModelRequest Copy() => (CreateModelRequest)MemberwiseClone();
}
