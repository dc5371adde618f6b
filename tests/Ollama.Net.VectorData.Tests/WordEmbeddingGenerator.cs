using Microsoft.Extensions.AI;

namespace Ollama.Net.VectorData.Tests;

/// <summary>A deterministic generator for tests: each word adds one to the dimension its hash picks.</summary>
public sealed class WordEmbeddingGenerator(int dimensions) : IEmbeddingGenerator<string, Embedding<float>>
{
    public int Calls { get; private set; }

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls++;
        var result = new GeneratedEmbeddings<Embedding<float>>();
        foreach (string value in values)
        {
            result.Add(new Embedding<float>(Embed(value, dimensions)));
        }

        return Task.FromResult(result);
    }

    public static float[] Embed(string text, int dimensions)
    {
        float[] vector = new float[dimensions];
        foreach (string word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            uint hash = 2166136261;
            foreach (char c in word.ToLowerInvariant())
            {
                hash = (hash ^ c) * 16777619;
            }

            vector[hash % (uint)dimensions] += 1;
        }

        return vector;
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
