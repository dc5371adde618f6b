using System.Buffers;
using System.Text.Json;

namespace Ollama.Net.Serialization;

/// <summary>
/// Collects embedding values into one pooled buffer, vector by vector, checking that all vectors have the same length;
/// <see cref="Build"/> copies them into one exact-size array (the only allocation that stays). Dispose returns the buffer.
/// </summary>
internal struct EmbeddingBuilder : IDisposable
{
    private const int InitialCapacity = 1024;

    private float[] _buffer;
    private int _length;
    private int _vectorStart;
    private int _count;
    private int _dimensions;

    public EmbeddingBuilder(int capacityHint)
    {
        _buffer = ArrayPool<float>.Shared.Rent(Math.Max(capacityHint, InitialCapacity));
        _dimensions = -1;
    }

    public void Add(float value)
    {
        if (_length == _buffer.Length)
        {
            Grow();
        }

        _buffer[_length++] = value;
    }

    /// <summary>Ends the current vector; throws when its length differs from the first one's.</summary>
    public void EndVector()
    {
        var length = _length - _vectorStart;
        if (_dimensions < 0)
        {
            _dimensions = length;
        }
        else if (length != _dimensions)
        {
            throw new JsonException(
                $"Embedding vector {_count} has {length} values but vector 0 has {_dimensions}; all vectors must have the same length.");
        }

        _count++;
        _vectorStart = _length;
    }

    public readonly IReadOnlyList<ReadOnlyMemory<float>> Build()
        => _count == 0 ? EmbeddingList.Empty : new EmbeddingList(_buffer.AsSpan(0, _length).ToArray(), _count, _dimensions);

    public void Dispose()
    {
        if (_buffer is { Length: > 0 } buffer)
        {
            _buffer = [];
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    private void Grow()
    {
        var bigger = ArrayPool<float>.Shared.Rent(checked(_buffer.Length * 2));
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<float>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
