using System.Text.Json.Nodes;

namespace Ollama.Net.Testing;

/// <summary>
/// Friendly, realistic model definitions for offline demos and tests. Each property returns a new
/// <see cref="TestModel"/>; change it with a <c>with</c> expression.
/// </summary>
public static class PresetModels
{
    private static readonly DateTimeOffset s_modified = new(2026, 3, 2, 9, 15, 42, TimeSpan.FromHours(-7));

    /// <summary><c>qwen2.5:0.5b</c>: a small chat model with tool calling (completion, tools; 32K context).</summary>
    public static TestModel Qwen25 => new("qwen2.5:0.5b")
    {
        Capabilities = TestModelCapabilities.Completion | TestModelCapabilities.Tools,
        Family = "qwen2",
        ParameterSize = "494.03M",
        QuantizationLevel = "Q4_K_M",
        ContextLength = 32768,
        EmbeddingLength = 896,
        Size = 397_821_319,
        ModifiedAt = s_modified,
        Template = "{{- if .System }}<|im_start|>system\n{{ .System }}<|im_end|>\n{{ end }}<|im_start|>user\n{{ .Prompt }}<|im_end|>\n<|im_start|>assistant\n",
        System = "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.",
        License = "Apache License 2.0",
        Parameters = new JsonObject { ["stop"] = new JsonArray("<|im_start|>", "<|im_end|>") },
    };

    /// <summary><c>qwen3:0.6b</c>: a small reasoning model (completion, tools, thinking; 40K context).</summary>
    public static TestModel Qwen3 => new("qwen3:0.6b")
    {
        Capabilities = TestModelCapabilities.Completion | TestModelCapabilities.Tools | TestModelCapabilities.Thinking,
        Family = "qwen3",
        ParameterSize = "751.63M",
        QuantizationLevel = "Q4_K_M",
        ContextLength = 40960,
        EmbeddingLength = 1024,
        Size = 522_653_767,
        ModifiedAt = s_modified.AddMinutes(-7),
        Template = "{{- range .Messages }}<|im_start|>{{ .Role }}\n{{ .Content }}<|im_end|>\n{{ end }}<|im_start|>assistant\n",
        License = "Apache License 2.0",
        Parameters = new JsonObject
        {
            ["temperature"] = 0.6,
            ["top_k"] = 20,
            ["top_p"] = 0.95,
            ["stop"] = new JsonArray("<|im_start|>", "<|im_end|>"),
        },
    };

    /// <summary><c>all-minilm:latest</c>: a sentence-embedding model with 384 dimensions (embedding only).</summary>
    public static TestModel AllMiniLm => new("all-minilm")
    {
        Capabilities = TestModelCapabilities.Embedding,
        Family = "bert",
        ParameterSize = "23M",
        QuantizationLevel = "F16",
        ContextLength = 512,
        EmbeddingLength = 384,
        Size = 45_960_996,
        ModifiedAt = s_modified.AddHours(-26),
        Template = "{{ .Prompt }}",
        License = "Apache License 2.0",
    };

    /// <summary><c>nomic-embed-text:latest</c>: an embedding model with 768 dimensions (in the registry of the offline preset).</summary>
    public static TestModel NomicEmbedText => new("nomic-embed-text")
    {
        Capabilities = TestModelCapabilities.Embedding,
        Family = "nomic-bert",
        ParameterSize = "137M",
        QuantizationLevel = "F16",
        ContextLength = 2048,
        EmbeddingLength = 768,
        Size = 274_302_450,
        ModifiedAt = s_modified.AddDays(-3),
        License = "Apache License 2.0",
    };

    /// <summary><c>llama3.2:1b</c>: a chat model with tool calling (in the registry of the offline preset).</summary>
    public static TestModel Llama32 => new("llama3.2:1b")
    {
        Capabilities = TestModelCapabilities.Completion | TestModelCapabilities.Tools,
        Family = "llama",
        ParameterSize = "1.2B",
        QuantizationLevel = "Q8_0",
        ContextLength = 131072,
        EmbeddingLength = 2048,
        Size = 1_321_098_329,
        ModifiedAt = s_modified.AddDays(-5),
        License = "LLAMA 3.2 COMMUNITY LICENSE AGREEMENT",
        Parameters = new JsonObject { ["stop"] = new JsonArray("<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>") },
    };

    /// <summary>The installed models of the offline preset: <see cref="Qwen25"/>, <see cref="Qwen3"/>, <see cref="AllMiniLm"/>.</summary>
    public static IReadOnlyList<TestModel> Installed => [Qwen25, Qwen3, AllMiniLm];

    /// <summary>The pullable models of the offline preset: the installed ones plus <see cref="Llama32"/> and <see cref="NomicEmbedText"/>.</summary>
    public static IReadOnlyList<TestModel> Pullable => [Qwen25, Qwen3, AllMiniLm, Llama32, NomicEmbedText];
}
