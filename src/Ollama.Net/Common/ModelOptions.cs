using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ollama.Net;

/// <summary>
/// Runtime model options (the <c>options</c> object of chat, generate and embed requests, and the <c>parameters</c> of
/// a create request). Every known option is a nullable property: null means "not sent", so the Modelfile or server
/// default applies. Options this SDK does not know yet go into <see cref="AdditionalOptions"/>, written as extra keys.
/// </summary>
public sealed class ModelOptions
{
    /// <summary><c>num_ctx</c>: Size of the context window in tokens. Load-time option: a change reloads the model.</summary>
    [JsonPropertyName("num_ctx")]
    public int? NumCtx { get; set; }

    /// <summary><c>num_batch</c>: Prompt processing batch size (default 512). Load-time option.</summary>
    [JsonPropertyName("num_batch")]
    public int? NumBatch { get; set; }

    /// <summary><c>num_gpu</c>: Number of layers to offload to the GPU (-1 = automatic). Load-time option.</summary>
    [JsonPropertyName("num_gpu")]
    public int? NumGpu { get; set; }

    /// <summary><c>main_gpu</c>: The GPU that holds small tensors and scratch buffers. Load-time option.</summary>
    [JsonPropertyName("main_gpu")]
    public int? MainGpu { get; set; }

    /// <summary><c>use_mmap</c>: Whether to memory-map the model file (unset = automatic). Load-time option.</summary>
    [JsonPropertyName("use_mmap")]
    public bool? UseMmap { get; set; }

    /// <summary><c>num_thread</c>: Number of CPU threads (0 = automatic). Load-time option.</summary>
    [JsonPropertyName("num_thread")]
    public int? NumThread { get; set; }

    /// <summary><c>draft_num_predict</c>: Tokens the draft model predicts per step in speculative decoding (0 turns it off; server v0.30.0+).</summary>
    [JsonPropertyName("draft_num_predict")]
    public int? DraftNumPredict { get; set; }

    /// <summary><c>num_keep</c>: Tokens of the prompt kept when the context shifts (default 4).</summary>
    [JsonPropertyName("num_keep")]
    public int? NumKeep { get; set; }

    /// <summary><c>seed</c>: Random seed (-1 = random). Set it, with a fixed temperature, for repeatable output.</summary>
    [JsonPropertyName("seed")]
    public int? Seed { get; set; }

    /// <summary><c>num_predict</c>: Maximum number of tokens to generate (-1 = unlimited).</summary>
    [JsonPropertyName("num_predict")]
    public int? NumPredict { get; set; }

    /// <summary><c>top_k</c>: Sample only among the K most likely tokens (default 40).</summary>
    [JsonPropertyName("top_k")]
    public int? TopK { get; set; }

    /// <summary><c>top_p</c>: Nucleus sampling: the cumulative probability kept (default 0.9).</summary>
    [JsonPropertyName("top_p")]
    public float? TopP { get; set; }

    /// <summary><c>min_p</c>: Minimum probability of a token relative to the most likely one (default 0.0).</summary>
    [JsonPropertyName("min_p")]
    public float? MinP { get; set; }

    /// <summary><c>typical_p</c>: Locally typical sampling parameter (default 1.0 = off).</summary>
    [JsonPropertyName("typical_p")]
    public float? TypicalP { get; set; }

    /// <summary><c>repeat_last_n</c>: How far back the repeat penalty looks (default 64; 0 = off, -1 = num_ctx).</summary>
    [JsonPropertyName("repeat_last_n")]
    public int? RepeatLastN { get; set; }

    /// <summary><c>temperature</c>: Sampling temperature (default 0.8); higher is more creative, 0 is greedy.</summary>
    [JsonPropertyName("temperature")]
    public float? Temperature { get; set; }

    /// <summary><c>repeat_penalty</c>: Penalty for repeated tokens (default 1.0 since server v0.32.10).</summary>
    [JsonPropertyName("repeat_penalty")]
    public float? RepeatPenalty { get; set; }

    /// <summary><c>presence_penalty</c>: Penalty for tokens already present (default 0.0).</summary>
    [JsonPropertyName("presence_penalty")]
    public float? PresencePenalty { get; set; }

    /// <summary><c>frequency_penalty</c>: Penalty proportional to how often a token already appeared (default 0.0).</summary>
    [JsonPropertyName("frequency_penalty")]
    public float? FrequencyPenalty { get; set; }

    /// <summary><c>stop</c>: stop sequences; generation stops when the model emits one of them (sent as an array).</summary>
    [JsonPropertyName("stop")]
    public IList<string>? Stop { get; set; }

    /// <summary>
    /// Options the SDK has no property for, written as extra keys of the <c>options</c> object (and filled with unknown
    /// keys when reading). A key that duplicates a typed property is sent twice: prefer the property.
    /// </summary>
    [JsonExtensionData]
    public IDictionary<string, JsonElement>? AdditionalOptions { get; set; }
}
