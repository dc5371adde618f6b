using System.Text.Json.Serialization;
using Ollama.Net.Serialization;

namespace Ollama.Net;

/// <summary>
/// A request to <c>POST /api/embed</c>: embed one or several texts. A single input is sent as a JSON string, several
/// as an array.
/// </summary>
public sealed class EmbedRequest
{
    /// <summary>Creates an empty request.</summary>
    public EmbedRequest()
    {
    }

    /// <summary>Creates a request for a model and its inputs.</summary>
    /// <param name="model">The embedding model, such as <c>nomic-embed-text</c>.</param>
    /// <param name="input">The texts to embed.</param>
    public EmbedRequest(string model, params IEnumerable<string> input)
    {
        Model = model;
        Input = [.. input];
    }

    /// <summary>The embedding model name (required).</summary>
    [JsonPropertyName("model")]
    public string Model { get; set; } = string.Empty;

    /// <summary>The texts to embed; one vector comes back per text, in order. Empty only loads the model.</summary>
    [JsonPropertyName("input")]
    [JsonConverter(typeof(StringOrListConverter))]
    public IList<string> Input { get; set; } = [];

    /// <summary>Truncate inputs longer than the context (server default true); false makes them an error.</summary>
    [JsonPropertyName("truncate")]
    public bool? Truncate { get; set; }

    /// <summary>Truncate each vector to this many dimensions and re-normalize it (server v0.11.11+).</summary>
    [JsonPropertyName("dimensions")]
    public int? Dimensions { get; set; }

    /// <summary>How long the model stays loaded after the request.</summary>
    [JsonPropertyName("keep_alive")]
    public KeepAlive? KeepAlive { get; set; }

    /// <summary>Runtime options.</summary>
    [JsonPropertyName("options")]
    public ModelOptions? Options { get; set; }
}
