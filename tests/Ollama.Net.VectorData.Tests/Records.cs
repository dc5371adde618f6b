using Microsoft.Extensions.AI;
using Microsoft.Extensions.VectorData;

namespace Ollama.Net.VectorData.Tests;

/// <summary>A record with a data property of every type the store takes.</summary>
public sealed class Poem
{
    [VectorStoreKey]
    public int Id { get; set; }

    [VectorStoreData]
    public string? Author { get; set; }

    [VectorStoreData]
    public string? Title { get; set; }

    [VectorStoreData]
    public int Lines { get; set; }

    [VectorStoreData]
    public long Long { get; set; }

    [VectorStoreData]
    public short Short { get; set; }

    [VectorStoreData]
    public byte Byte { get; set; }

    [VectorStoreData]
    public float Float { get; set; }

    [VectorStoreData]
    public double Double { get; set; }

    [VectorStoreData]
    public decimal Decimal { get; set; }

    [VectorStoreData]
    public bool Rhymes { get; set; }

    [VectorStoreData]
    public Guid Guid { get; set; }

    [VectorStoreData]
    public DateTime DateTime { get; set; }

    [VectorStoreData]
    public DateTimeOffset DateTimeOffset { get; set; }

    [VectorStoreData]
    public DateOnly DateOnly { get; set; }

    [VectorStoreData]
    public TimeOnly TimeOnly { get; set; }

    [VectorStoreData]
    public int? NullableInt { get; set; }

    [VectorStoreData]
    public string[]? Tags { get; set; }

    [VectorStoreData]
    public List<string>? Themes { get; set; }

    [VectorStoreVector(3)]
    public ReadOnlyMemory<float> Embedding { get; set; }
}

/// <summary>A record with several vectors, one of each vector type.</summary>
public sealed class MultiVector
{
    [VectorStoreKey]
    public string Key { get; set; } = "";

    [VectorStoreData]
    public string? Name { get; set; }

    [VectorStoreVector(2)]
    public ReadOnlyMemory<float>? Memory { get; set; }

    [VectorStoreVector(2, DistanceFunction = DistanceFunction.DotProductSimilarity)]
    public Embedding<float>? Embedding { get; set; }

    [VectorStoreVector(2, DistanceFunction = DistanceFunction.EuclideanDistance)]
    public float[]? Array { get; set; }
}

/// <summary>A record whose vector is generated from its text.</summary>
public sealed class Sentence
{
    [VectorStoreKey]
    public Guid Id { get; set; }

    [VectorStoreData]
    public string Author { get; set; } = "";

    [VectorStoreVector(8)]
    public string Text { get; set; } = "";
}

/// <summary>A record of any key type.</summary>
public sealed class Keyed<TKey>
{
    [VectorStoreKey]
    public TKey Key { get; set; } = default!;

    [VectorStoreData]
    public int Value { get; set; }

    [VectorStoreVector(2)]
    public float[]? Vector { get; set; }
}
