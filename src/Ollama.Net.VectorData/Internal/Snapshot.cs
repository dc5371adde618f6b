using System.Buffers.Binary;
using System.Collections;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;

namespace Ollama.Net.VectorData.Internal;

/// <summary>
/// The snapshot file of a collection: written whole to a temporary file, flushed to disk and renamed over the previous
/// snapshot (a crash at any point leaves the previous or the new file, never a mix), with a CRC-32C over the content.
/// </summary>
/// <remarks>
/// Layout (little-endian): magic "ONETVSTR", version (2 bytes) = 1, 2 reserved bytes, the collection's signature
/// (names, types, dimensions, index kinds, distance functions; a length-prefixed UTF-8 string), the record count (8
/// bytes), each record (its values by the declared types, each after a presence byte; then per vector property a
/// presence byte and the floats as given, and for a generated vector the text it was made from), the CRC-32C of
/// everything before it (4 bytes), and "ENDS".
/// </remarks>
internal static class Snapshot
{
    private const int Version = 1;
    private static readonly byte[] Magic = "ONETVSTR"u8.ToArray();
    private static readonly byte[] End = "ENDS"u8.ToArray();

    public static void Save(CollectionData data, string path)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write((ushort)Version);
            writer.Write((ushort)0);
            writer.Write(data.Shape.Signature);
            writer.Write((long)data.Count);
            foreach (StoredRecord record in data.Records)
            {
                for (int i = 0; i < data.Shape.Values.Length; i++)
                {
                    WriteValue(writer, data.Shape.Values[i].Type, record.Values[i]);
                }

                for (int v = 0; v < record.Vectors.Length; v++)
                {
                    float[]? vector = record.Vectors[v];
                    writer.Write(vector is null ? (byte)0 : (byte)1);
                    if (vector is not null)
                    {
                        writer.Write(MemoryMarshal.AsBytes(vector.AsSpan()));
                    }

                    if (data.Shape.Vectors[v].Generated)
                    {
                        WriteValue(writer, typeof(string), record.Sources[v] as string);
                    }
                }
            }
        }

        uint crc = Crc32C(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        Span<byte> tail = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(tail, crc);
        End.CopyTo(tail[4..]);
        buffer.Write(tail);

        string temporary = path + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            buffer.Position = 0;
            buffer.CopyTo(file);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }

    public static CollectionData Load(string path, CollectionShape shape)
    {
        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length < Magic.Length + 8 + 8 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw Invalid(path, "it is not an Ollama.Net vector store snapshot");
        }

        if (!bytes.AsSpan(bytes.Length - 4).SequenceEqual(End))
        {
            throw Invalid(path, "it is truncated (no end marker)");
        }

        uint stored = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 8));
        if (Crc32C(bytes.AsSpan(0, bytes.Length - 8)) != stored)
        {
            throw Invalid(path, "its checksum does not match its content (the file is damaged)");
        }

        using var reader = new BinaryReader(new MemoryStream(bytes, 0, bytes.Length - 8, writable: false), Encoding.UTF8);
        reader.ReadBytes(Magic.Length);
        int version = reader.ReadUInt16();
        if (version != Version)
        {
            throw Invalid(path, $"its format version {version} is not supported");
        }

        reader.ReadUInt16();
        string signature = reader.ReadString();
        if (signature != shape.Signature)
        {
            throw new InvalidOperationException(
                $"The snapshot '{path}' was saved with other properties ({signature}) than this record definition ({shape.Signature}); delete the collection or use the same definition.");
        }

        var data = new CollectionData(shape);
        long count = reader.ReadInt64();
        try
        {
            for (long r = 0; r < count; r++)
            {
                var values = new object?[shape.Values.Length];
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = ReadValue(reader, shape.Values[i].Type);
                }

                var vectors = new float[]?[shape.Vectors.Length];
                var sources = new object?[shape.Vectors.Length];
                for (int v = 0; v < vectors.Length; v++)
                {
                    if (reader.ReadByte() != 0)
                    {
                        float[] vector = new float[shape.Vectors[v].Dimensions];
                        reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(vector.AsSpan()));
                        vectors[v] = vector;
                    }

                    if (shape.Vectors[v].Generated)
                    {
                        sources[v] = ReadValue(reader, typeof(string));
                    }
                }

                data.Upsert(new StoredRecord(values, vectors, sources));
            }

            data.Changed();
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException)
        {
            data.Dispose();
            throw Invalid(path, e.Message);
        }

        return data;
    }

    /// <summary>CRC-32C (Castagnoli) with <see cref="BitOperations.Crc32C(uint, ulong)"/>.</summary>
    internal static uint Crc32C(ReadOnlySpan<byte> data)
    {
        uint crc = uint.MaxValue;
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (byte b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }

    private static void WriteValue(BinaryWriter writer, Type type, object? value)
    {
        if (value is null)
        {
            writer.Write((byte)0);
            return;
        }

        writer.Write((byte)1);
        Type declared = Nullable.GetUnderlyingType(type) ?? type;
        if (ModelBuilder.ElementOf(declared) is { } element)
        {
            var list = (IList)value;
            writer.Write(list.Count);
            foreach (object? item in list)
            {
                WriteValue(writer, element, item);
            }

            return;
        }

        switch (value)
        {
            case string s: writer.Write(s); break;
            case int i: writer.Write(i); break;
            case long l: writer.Write(l); break;
            case short s: writer.Write(s); break;
            case byte b: writer.Write(b); break;
            case float f: writer.Write(f); break;
            case double d: writer.Write(d); break;
            case decimal m: writer.Write(m); break;
            case bool b: writer.Write(b); break;
            case Guid g: writer.Write(g.ToByteArray()); break;
            case DateTime t: writer.Write(t.ToBinary()); break;
            case DateTimeOffset o: writer.Write(o.Ticks); writer.Write((short)o.Offset.TotalMinutes); break;
            case DateOnly d: writer.Write(d.DayNumber); break;
            case TimeOnly t: writer.Write(t.Ticks); break;
            default: throw new NotSupportedException($"Values of type '{value.GetType().Name}' cannot be saved.");
        }
    }

    private static object? ReadValue(BinaryReader reader, Type type)
    {
        if (reader.ReadByte() == 0)
        {
            return null;
        }

        Type declared = Nullable.GetUnderlyingType(type) ?? type;
        if (ModelBuilder.ElementOf(declared) is { } element)
        {
            int count = reader.ReadInt32();
            if (count < 0 || count > reader.BaseStream.Length - reader.BaseStream.Position)
            {
                throw new EndOfStreamException($"A list declares {count} items, more than the file holds.");
            }

            IList list = declared.IsArray ? Array.CreateInstance(element, count) : (IList)Activator.CreateInstance(declared)!;
            for (int i = 0; i < count; i++)
            {
                object? item = ReadValue(reader, element);
                if (declared.IsArray)
                {
                    list[i] = item;
                }
                else
                {
                    list.Add(item);
                }
            }

            return list;
        }

        return declared switch
        {
            _ when declared == typeof(string) => reader.ReadString(),
            _ when declared == typeof(int) => reader.ReadInt32(),
            _ when declared == typeof(long) => reader.ReadInt64(),
            _ when declared == typeof(short) => reader.ReadInt16(),
            _ when declared == typeof(byte) => reader.ReadByte(),
            _ when declared == typeof(float) => reader.ReadSingle(),
            _ when declared == typeof(double) => reader.ReadDouble(),
            _ when declared == typeof(decimal) => reader.ReadDecimal(),
            _ when declared == typeof(bool) => reader.ReadBoolean(),
            _ when declared == typeof(Guid) => new Guid(reader.ReadBytes(16)),
            _ when declared == typeof(DateTime) => DateTime.FromBinary(reader.ReadInt64()),
            _ when declared == typeof(DateTimeOffset) => new DateTimeOffset(reader.ReadInt64(), TimeSpan.FromMinutes(reader.ReadInt16())),
            _ when declared == typeof(DateOnly) => DateOnly.FromDayNumber(reader.ReadInt32()),
            _ when declared == typeof(TimeOnly) => new TimeOnly(reader.ReadInt64()),
            _ => throw new NotSupportedException($"Values of type '{declared.Name}' cannot be loaded."),
        };
    }

    private static InvalidDataException Invalid(string path, string reason) => new($"The snapshot '{path}' cannot be loaded: {reason}.");
}
