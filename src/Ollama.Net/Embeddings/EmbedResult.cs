using System.Text.Json.Serialization;
using Ollama.Net.Serialization;

namespace Ollama.Net;

/// <summary>
/// The reply of <c>POST /api/embed</c>: one L2-normalized vector per input. All vectors are slices of one contiguous
/// <see cref="Buffer"/> (row-major, <see cref="Dimensions"/> floats per row), parsed straight from the JSON.
/// </summary>
public sealed class EmbedResult
{
    private IReadOnlyList<ReadOnlyMemory<float>> _embeddings = EmbeddingList.Empty;
    private ReadOnlyMemory<float>? _buffer;

    /// <summary>The model that answered.</summary>
    [JsonPropertyName("model")]
    public string Model { get; set; } = string.Empty;

    /// <summary>The vectors, one per input, in input order. Each is a slice of <see cref="Buffer"/>.</summary>
    [JsonPropertyName("embeddings")]
    [JsonConverter(typeof(EmbeddingsConverter))]
    public IReadOnlyList<ReadOnlyMemory<float>> Embeddings
    {
        get => _embeddings;
        set
        {
            _embeddings = value ?? EmbeddingList.Empty;
            _buffer = null;
        }
    }

    /// <summary>
    /// All vectors back to back in one contiguous block: vector <c>i</c> is <c>Buffer.Slice(i * Dimensions, Dimensions)</c>.
    /// When <see cref="Embeddings"/> was set by hand to separate arrays, this is a copy made on first use.
    /// </summary>
    [JsonIgnore]
    public ReadOnlyMemory<float> Buffer => _buffer ??= _embeddings is EmbeddingList list ? list.Buffer : EmbeddingList.Concatenate(_embeddings);

    /// <summary>The length of each vector (0 when there are none).</summary>
    [JsonIgnore]
    public int Dimensions => _embeddings.Count == 0 ? 0 : _embeddings[0].Length;

    /// <summary>Time spent on the whole request (wire: nanoseconds).</summary>
    [JsonPropertyName("total_duration")]
    [JsonConverter(typeof(NanosecondsConverter))]
    public TimeSpan? TotalDuration { get; set; }

    /// <summary>Time spent loading the model (wire: nanoseconds).</summary>
    [JsonPropertyName("load_duration")]
    [JsonConverter(typeof(NanosecondsConverter))]
    public TimeSpan? LoadDuration { get; set; }

    /// <summary>Total number of input tokens.</summary>
    [JsonPropertyName("prompt_eval_count")]
    public int? PromptEvalCount { get; set; }
}
