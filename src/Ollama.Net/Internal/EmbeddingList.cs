using System.Collections;

namespace Ollama.Net;

/// <summary>A read-only list of equal-length vectors stored back to back in one array.</summary>
internal sealed class EmbeddingList : IReadOnlyList<ReadOnlyMemory<float>>
{
    public static readonly EmbeddingList Empty = new([], 0, 0);

    private readonly float[] _data;

    public EmbeddingList(float[] data, int count, int dimensions)
    {
        _data = data;
        Count = count;
        Dimensions = dimensions;
    }

    public int Count { get; }

    public int Dimensions { get; }

    public ReadOnlyMemory<float> Buffer => _data.AsMemory(0, Count * Dimensions);

    public ReadOnlyMemory<float> this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return _data.AsMemory(index * Dimensions, Dimensions);
        }
    }

    public static ReadOnlyMemory<float> Concatenate(IReadOnlyList<ReadOnlyMemory<float>> vectors)
    {
        var total = 0;
        foreach (var vector in vectors)
        {
            total = checked(total + vector.Length);
        }

        var data = new float[total];
        var offset = 0;
        foreach (var vector in vectors)
        {
            vector.Span.CopyTo(data.AsSpan(offset));
            offset += vector.Length;
        }

        return data;
    }

    public IEnumerator<ReadOnlyMemory<float>> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
