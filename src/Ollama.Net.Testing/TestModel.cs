using System.Text.Json.Nodes;
using Ollama.Net.Testing.Internal;

namespace Ollama.Net.Testing;

/// <summary>
/// A model that an <see cref="OllamaTestServer"/> reports as installed (in <see cref="OllamaTestServer.Models"/>) or as
/// available to pull (in <see cref="OllamaTestServer.Registry"/>). Every property has a sensible default; set only what
/// your test cares about.
/// </summary>
/// <example>
/// <code>
/// server.Models.Add(new TestModel("qwen2.5:0.5b")
/// {
///     Capabilities = TestModelCapabilities.Completion | TestModelCapabilities.Tools,
///     ContextLength = 32768,
/// });
/// </code>
/// </example>
public sealed record TestModel
{
    private readonly string _name = string.Empty;

    /// <summary>Creates a model. The tag defaults to <c>latest</c>, so <c>"all-minilm"</c> becomes <c>"all-minilm:latest"</c>.</summary>
    /// <param name="name">A model name such as <c>qwen2.5:0.5b</c> or <c>me/model:tag</c>.</param>
    /// <exception cref="ArgumentException">The name is not a valid Ollama model name.</exception>
    public TestModel(string name)
    {
        Name = name;
        Digest = TextTools.Sha256Hex("manifest:" + Name);
    }

    /// <summary>
    /// The model name in Ollama's short form with a tag (<c>qwen2.5:0.5b</c>, <c>all-minilm:latest</c>). Requests match it
    /// case-insensitively, with or without <c>:latest</c> and with or without the <c>registry.ollama.ai/library/</c> prefix.
    /// </summary>
    /// <exception cref="ArgumentException">The name is not a valid Ollama model name.</exception>
    public string Name
    {
        get => _name;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            _name = ModelName.Normalize(value)
                ?? throw new ArgumentException(
                    $"'{value}' is not a valid Ollama model name. Use [namespace/]model[:tag], e.g. 'qwen2.5:0.5b'.", nameof(value));
        }
    }

    /// <summary>What the model can do. Default: <see cref="TestModelCapabilities.Completion"/>.</summary>
    public TestModelCapabilities Capabilities { get; init; } = TestModelCapabilities.Completion;

    /// <summary><c>details.family</c>, also the architecture in <c>model_info</c>. Default <c>llama</c>.</summary>
    public string Family { get; init; } = "llama";

    /// <summary>
    /// <c>details.families</c>; null means a list holding only <see cref="Family"/>, and an empty list is sent as JSON
    /// <c>null</c>, as Ollama sends a model with no families.
    /// </summary>
    public IReadOnlyList<string>? Families { get; init; }

    /// <summary><c>details.format</c>: <c>gguf</c> (default) or <c>safetensors</c>.</summary>
    public string Format { get; init; } = "gguf";

    /// <summary><c>details.parameter_size</c>, for example <c>494.03M</c> or <c>8.0B</c>. Default <c>1.0B</c>.</summary>
    public string ParameterSize { get; init; } = "1.0B";

    /// <summary><c>details.quantization_level</c>, for example <c>Q4_K_M</c> (default) or <c>F16</c>.</summary>
    public string QuantizationLevel { get; init; } = "Q4_K_M";

    /// <summary><c>details.parent_model</c>; empty by default. Set by <c>/api/create</c> from <c>from</c>.</summary>
    public string ParentModel { get; init; } = string.Empty;

    /// <summary>The trained context length (<c>model_info</c> and <c>details.context_length</c>). Default 4096.</summary>
    public int ContextLength { get; init; } = 4096;

    /// <summary>The embedding length: the number of dimensions <c>/api/embed</c> returns. Default 384.</summary>
    public int EmbeddingLength { get; init; } = 384;

    /// <summary>Size on disk in bytes (<c>size</c> in <c>/api/tags</c> and <c>/api/ps</c>). Default 400,000,000.</summary>
    public long Size { get; init; } = 400_000_000;

    /// <summary>The manifest digest as bare 64-character hex (no <c>sha256:</c> prefix). Defaults to a hash of the name.</summary>
    public string Digest { get; init; }

    /// <summary><c>modified_at</c>. Default 2026-01-15 10:30 at offset -07:00 (a fixed, deterministic time).</summary>
    public DateTimeOffset ModifiedAt { get; init; } = new(2026, 1, 15, 10, 30, 0, TimeSpan.FromHours(-7));

    /// <summary>The prompt template shown by <c>/api/show</c>. Default <c>{{ .Prompt }}</c>.</summary>
    public string Template { get; init; } = "{{ .Prompt }}";

    /// <summary>The SYSTEM prompt shown by <c>/api/show</c>; none by default.</summary>
    public string? System { get; init; }

    /// <summary>The license text shown by <c>/api/show</c>; none by default.</summary>
    public string? License { get; init; }

    /// <summary>Modelfile PARAMETERs (same keys as request <c>options</c>), shown by <c>/api/show</c>; none by default.</summary>
    public JsonObject? Parameters { get; init; }

    /// <summary>Seed conversation (Modelfile MESSAGEs) shown by <c>/api/show</c>: objects with <c>role</c> and <c>content</c>.</summary>
    public JsonArray? Messages { get; init; }

    /// <summary>The built-in renderer name shown by <c>/api/show</c> (<c>renderer</c>); none by default.</summary>
    public string? Renderer { get; init; }

    /// <summary>The built-in parser name shown by <c>/api/show</c> (<c>parser</c>); none by default.</summary>
    public string? Parser { get; init; }

    /// <summary>The minimum Ollama version (<c>requires</c>) shown by <c>/api/show</c>; none by default.</summary>
    public string? Requires { get; init; }

    /// <summary>
    /// For a remote (proxy or cloud) model: the upstream host, reported as <c>remote_host</c> by <c>/api/tags</c>,
    /// <c>/api/show</c>, chat and generate. None by default.
    /// </summary>
    public string? RemoteHost { get; init; }

    /// <summary>For a remote model: the upstream model name (<c>remote_model</c>). None by default.</summary>
    public string? RemoteModel { get; init; }

    /// <summary>
    /// Sizes of the layers that pull and push report progress for, in bytes. Null (default) derives a model layer of
    /// <see cref="Size"/> bytes plus small template and parameter layers.
    /// </summary>
    public IReadOnlyList<long>? LayerSizes { get; init; }

    /// <summary>Returns <see cref="Name"/>.</summary>
    /// <returns>The model name.</returns>
    public override string ToString() => Name;

    internal bool Has(TestModelCapabilities capability) => (Capabilities & capability) == capability;

    internal IReadOnlyList<string> FamilyList => Families ?? [Family];

    internal IEnumerable<string> CapabilityNames()
    {
        foreach (var (flag, text) in CapabilityTable)
        {
            if (Has(flag))
            {
                yield return text;
            }
        }
    }

    internal IReadOnlyList<(string Digest, long Size)> Layers()
    {
        var sizes = LayerSizes ?? [Math.Max(1, Size - 1_500), Math.Min(Size, 1_024), Math.Min(Size, 476)];
        var layers = new List<(string, long)>(sizes.Count);
        for (var i = 0; i < sizes.Count; i++)
        {
            layers.Add(("sha256:" + TextTools.Sha256Hex($"layer:{Digest}:{i}"), sizes[i]));
        }

        return layers;
    }

    internal static readonly (TestModelCapabilities Flag, string Text)[] CapabilityTable =
    [
        (TestModelCapabilities.Completion, "completion"),
        (TestModelCapabilities.Tools, "tools"),
        (TestModelCapabilities.Insert, "insert"),
        (TestModelCapabilities.Vision, "vision"),
        (TestModelCapabilities.Embedding, "embedding"),
        (TestModelCapabilities.Thinking, "thinking"),
        (TestModelCapabilities.Audio, "audio"),
        (TestModelCapabilities.Image, "image"),
    ];
}
