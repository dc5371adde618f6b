using BenchmarkDotNet.Attributes;
using OllamaSharp;
using SharpModels = OllamaSharp.Models;

namespace Ollama.Net.Benchmarks.Client;

/// <summary>
/// An /api/embed reply of <see cref="Count"/> × <see cref="Dimensions"/> floats (Go-formatted float32 text) parsed by
/// each client's public EmbedAsync. The raw float payload is Count × Dimensions × 4 bytes (1 MiB and 256 KiB).
/// </summary>
[Config(typeof(ClientBenchmarkConfig))]
public class EmbedBenchmarks
{
    private OllamaClient _ours = null!;
    private OllamaApiClient _sharp = null!;
    private EmbedRequest _oursRequest = null!;
    private SharpModels.EmbedRequest _sharpRequest = null!;

    [Params("256x1024", "16x4096")]
    public string Shape { get; set; } = "256x1024";

    public int Count => int.Parse(Shape.AsSpan(0, Shape.IndexOf('x')));

    public int Dimensions => int.Parse(Shape.AsSpan(Shape.IndexOf('x') + 1));

    [GlobalSetup]
    public void Setup()
    {
        var handler = new ReplayHandler(WireData.EmbedReply(Count, Dimensions));
        _ours = ClientFactory.Ours(handler);
        _sharp = ClientFactory.OllamaSharp(handler);
        var inputs = Enumerable.Range(0, Count).Select(i => $"text number {i}").ToList();
        _oursRequest = new EmbedRequest("nomic-embed-text", inputs);
        _sharpRequest = new SharpModels.EmbedRequest { Model = "nomic-embed-text", Input = inputs };
    }

    [Benchmark(Baseline = true, Description = "OllamaSharp EmbedAsync")]
    public async Task<float> OllamaSharp()
    {
        var result = await _sharp.EmbedAsync(_sharpRequest);
        return result.Embeddings[^1][^1];
    }

    [Benchmark(Description = "Ollama.Net EmbedAsync")]
    public async Task<float> OllamaNet()
    {
        var result = await _ours.EmbedAsync(_oursRequest);
        return result.Buffer.Span[^1];
    }

    /// <summary>Every value from both clients, for the check mode (bit-exact comparison).</summary>
    internal async Task<(float[] Sharp, float[] Ours)> AllValuesAsync()
    {
        var sharp = await _sharp.EmbedAsync(_sharpRequest);
        var ours = await _ours.EmbedAsync(_oursRequest);
        return (sharp.Embeddings.SelectMany(v => v).ToArray(), ours.Buffer.ToArray());
    }
}
