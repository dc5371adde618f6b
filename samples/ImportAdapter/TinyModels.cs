namespace ImportAdapter;

/// <summary>The shape of one weight matrix a LoRA adapter changes: its name and its two ggml dimensions (in, out).</summary>
internal sealed record LoraTarget(string Tensor, ulong In, ulong Out);

/// <summary>
/// The GGUF files the sample makes when it is given none: a tiny llama-architecture base model (one block, 32
/// dimensions, a 256-token byte vocabulary) and a rank-4 LoRA adapter for two of its attention matrices. Weights are
/// seeded random numbers, so the files are the same on every run.
/// </summary>
internal static class TinyModels
{
    public const int Dimensions = 32;
    public const int Vocabulary = 256;
    public const int Rank = 4;

    /// <summary>The matrices of the tiny base that its adapter changes.</summary>
    public static IReadOnlyList<LoraTarget> TinyTargets { get; } =
        [new("blk.0.attn_q.weight", Dimensions, Dimensions), new("blk.0.attn_v.weight", Dimensions, Dimensions)];

    /// <summary>Writes the tiny base model; returns how many tensors it has.</summary>
    public static int WriteBase(string path)
    {
        const uint hidden = Dimensions * 2;
        var random = new Random(20260301);
        var gguf = new GgufWriter()
            .Add("general.architecture", "llama")
            .Add("general.type", "model")
            .Add("general.name", "Ollama.Net tiny llama (sample)")
            .Add("general.file_type", 0u)
            .Add("llama.context_length", 256u)
            .Add("llama.embedding_length", (uint)Dimensions)
            .Add("llama.block_count", 1u)
            .Add("llama.feed_forward_length", hidden)
            .Add("llama.attention.head_count", 4u)
            .Add("llama.attention.head_count_kv", 4u)
            .Add("llama.rope.dimension_count", (uint)Dimensions / 4)
            .Add("llama.attention.layer_norm_rms_epsilon", 1e-5f)
            .Add("tokenizer.ggml.model", "llama")
            .Add("tokenizer.ggml.tokens", [.. Enumerable.Range(0, Vocabulary).Select(b => $"<0x{b:X2}>")])
            .Add("tokenizer.ggml.token_type", [.. Enumerable.Repeat(6, Vocabulary)]);   // 6: byte tokens

        gguf.AddTensor("token_embd.weight", [Dimensions, Vocabulary], Weights(random, Dimensions * Vocabulary))
            .AddTensor("blk.0.attn_norm.weight", [Dimensions], Ones(Dimensions));
        foreach (var name in new[] { "attn_q", "attn_k", "attn_v", "attn_output" })
        {
            gguf.AddTensor($"blk.0.{name}.weight", [Dimensions, Dimensions], Weights(random, Dimensions * Dimensions));
        }

        gguf.AddTensor("blk.0.ffn_norm.weight", [Dimensions], Ones(Dimensions))
            .AddTensor("blk.0.ffn_gate.weight", [Dimensions, hidden], Weights(random, (int)(Dimensions * hidden)))
            .AddTensor("blk.0.ffn_up.weight", [Dimensions, hidden], Weights(random, (int)(Dimensions * hidden)))
            .AddTensor("blk.0.ffn_down.weight", [hidden, Dimensions], Weights(random, (int)(Dimensions * hidden)))
            .AddTensor("output_norm.weight", [Dimensions], Ones(Dimensions))
            .AddTensor("output.weight", [Dimensions, Vocabulary], Weights(random, Dimensions * Vocabulary));
        gguf.Save(path);
        return gguf.TensorCount;
    }

    /// <summary>
    /// Writes a LoRA adapter for <paramref name="architecture"/>: for each target W (in × out), A (in × rank) and
    /// B (rank × out), so that W' = W + alpha / rank · B·A. With <paramref name="noOp"/> B is zero and the model's
    /// answers do not change (for a real model, where random weights would only do harm).
    /// </summary>
    public static void WriteAdapter(string path, string architecture, IReadOnlyList<LoraTarget> targets, bool noOp)
    {
        var random = new Random(20260302);
        var gguf = new GgufWriter()
            .Add("general.architecture", architecture)
            .Add("general.type", "adapter")
            .Add("general.name", "Ollama.Net sample LoRA adapter")
            .Add("adapter.type", "lora")
            .Add("adapter.lora.alpha", (float)(Rank * 2));
        foreach (var target in targets)
        {
            gguf.AddTensor(target.Tensor + ".lora_a", [target.In, Rank], Weights(random, (int)target.In * Rank));
            gguf.AddTensor(target.Tensor + ".lora_b", [Rank, target.Out], noOp ? new float[Rank * (int)target.Out] : Weights(random, Rank * (int)target.Out));
        }

        gguf.Save(path);
    }

    private static float[] Weights(Random random, int count)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1) * 0.05f;
        }

        return values;
    }

    private static float[] Ones(int count) => Enumerable.Repeat(1f, count).ToArray();
}
