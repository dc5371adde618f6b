using System.Text;

namespace ImportAdapter;

/// <summary>
/// Writes a GGUF file (version 3, little-endian): the header, metadata key/values, tensor descriptions, and the
/// float32 tensor data, each tensor aligned to <c>general.alignment</c> (32 bytes). Enough for the small models and LoRA
/// adapters this sample makes; the layout follows the GGUF specification of ggml.
/// </summary>
internal sealed class GgufWriter
{
    private const int Alignment = 32;
    private const uint TypeUInt32 = 4, TypeInt32 = 5, TypeFloat32 = 6, TypeString = 8, TypeArray = 9;
    private const uint GgmlTypeF32 = 0;

    private readonly List<(string Key, Action<BinaryWriter> Write)> _metadata = [];
    private readonly List<(string Name, ulong[] Shape, float[] Data)> _tensors = [];

    public int TensorCount => _tensors.Count;

    public GgufWriter Add(string key, string value) => Add(key, w => { w.Write(TypeString); WriteString(w, value); });

    public GgufWriter Add(string key, uint value) => Add(key, w => { w.Write(TypeUInt32); w.Write(value); });

    public GgufWriter Add(string key, float value) => Add(key, w => { w.Write(TypeFloat32); w.Write(value); });

    public GgufWriter Add(string key, IReadOnlyList<string> values) => Add(key, w =>
    {
        w.Write(TypeArray);
        w.Write(TypeString);
        w.Write((ulong)values.Count);
        foreach (var value in values)
        {
            WriteString(w, value);
        }
    });

    public GgufWriter Add(string key, IReadOnlyList<int> values) => Add(key, w =>
    {
        w.Write(TypeArray);
        w.Write(TypeInt32);
        w.Write((ulong)values.Count);
        foreach (var value in values)
        {
            w.Write(value);
        }
    });

    /// <summary>Adds a float32 tensor; <paramref name="shape"/> is in ggml order (the fastest-changing dimension first).</summary>
    public GgufWriter AddTensor(string name, ulong[] shape, float[] data)
    {
        var count = shape.Aggregate(1UL, (a, b) => a * b);
        if (count != (ulong)data.Length)
        {
            throw new ArgumentException($"Tensor {name} has {data.Length} values but its shape [{string.Join(", ", shape)}] needs {count}.", nameof(data));
        }

        _tensors.Add((name, shape, data));
        return this;
    }

    public void Save(string path)
    {
        using var stream = File.Create(path);
        using var w = new BinaryWriter(stream, Encoding.UTF8);
        w.Write("GGUF"u8);
        w.Write(3u);
        w.Write((ulong)_tensors.Count);
        w.Write((ulong)_metadata.Count);
        foreach (var (key, write) in _metadata)
        {
            WriteString(w, key);
            write(w);
        }

        ulong offset = 0;
        foreach (var (name, shape, data) in _tensors)
        {
            WriteString(w, name);
            w.Write((uint)shape.Length);
            foreach (var dimension in shape)
            {
                w.Write(dimension);
            }

            w.Write(GgmlTypeF32);
            w.Write(offset);
            offset += Align((ulong)data.Length * sizeof(float));
        }

        Pad(w);
        foreach (var (_, _, data) in _tensors)
        {
            foreach (var value in data)
            {
                w.Write(value);
            }

            Pad(w);
        }
    }

    private GgufWriter Add(string key, Action<BinaryWriter> write)
    {
        _metadata.Add((key, write));
        return this;
    }

    private static void WriteString(BinaryWriter w, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        w.Write((ulong)bytes.Length);
        w.Write(bytes);
    }

    private static ulong Align(ulong n) => (n + Alignment - 1) / Alignment * Alignment;

    private static void Pad(BinaryWriter w)
    {
        var position = (ulong)w.BaseStream.Position;
        for (var i = position; i < Align(position); i++)
        {
            w.Write((byte)0);
        }
    }
}
