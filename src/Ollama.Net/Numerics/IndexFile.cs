using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ollama.Net.Numerics;

/// <summary>
/// Constants, header encoding and checksummed I/O of the embedding index file format (docs/numerics.md).
/// All integers are little-endian.
/// </summary>
internal static class IndexFile
{
    /// <summary>The format version of files without inverted lists (byte-identical to the first release).</summary>
    public const ushort Version = 1;

    /// <summary>The format version of files with inverted lists: version 1 plus the IVF section, whose length is at offset 48.</summary>
    public const ushort VersionWithIvf = 2;

    /// <summary>Header bytes, including its own CRC.</summary>
    public const int HeaderLength = 64;

    /// <summary>Trailer bytes: the payload CRC and the end marker.</summary>
    public const int TrailerLength = 8;

    /// <summary>Key encodings.</summary>
    public const int KeyString = 1, KeyInt32 = 2, KeyInt64 = 3, KeyGuid = 4, KeyCustom = 100;

    /// <summary>The first 8 bytes of every file: "ONETVIDX".</summary>
    public static ReadOnlySpan<byte> Magic => "ONETVIDX"u8;

    /// <summary>The last 4 bytes of every file: "ENDX".</summary>
    public static ReadOnlySpan<byte> EndMarker => "ENDX"u8;

    /// <summary>A readable name of a key encoding for error messages.</summary>
    public static string KeyKindName(int kind) => kind switch
    {
        KeyString => "string",
        KeyInt32 => "int",
        KeyInt64 => "long",
        KeyGuid => "Guid",
        KeyCustom => "custom (written with an IEmbeddingKeySerializer)",
        _ => $"unknown ({kind})",
    };

    /// <summary>The decoded header fields.</summary>
    public readonly record struct Header(EmbeddingStorage Storage, int Dimensions, int KeyKind, long Count, long KeysLength, long PayloadLength, long IvfLength = 0);

    /// <summary>Encodes a header, CRC included.</summary>
    public static void WriteHeader(Span<byte> destination, in Header header)
    {
        destination[..HeaderLength].Clear();
        Magic.CopyTo(destination);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[8..], header.IvfLength == 0 ? Version : VersionWithIvf);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[10..], HeaderLength);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[12..], (uint)header.Storage);
        BinaryPrimitives.WriteInt32LittleEndian(destination[16..], header.Dimensions);
        BinaryPrimitives.WriteInt32LittleEndian(destination[20..], header.KeyKind);
        BinaryPrimitives.WriteInt64LittleEndian(destination[24..], header.Count);
        BinaryPrimitives.WriteInt64LittleEndian(destination[32..], header.KeysLength);
        BinaryPrimitives.WriteInt64LittleEndian(destination[40..], header.PayloadLength);
        BinaryPrimitives.WriteInt64LittleEndian(destination[48..], header.IvfLength);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[60..], Crc32C(0, destination[..60]));
    }

    /// <summary>Decodes and checks a header: magic, version, length, CRC and reserved bytes.</summary>
    public static Header ReadHeader(ReadOnlySpan<byte> source)
    {
        if (!source[..8].SequenceEqual(Magic))
        {
            throw new InvalidDataException("The stream is not an Ollama.Net embedding index: the first 8 bytes are not the \"ONETVIDX\" signature.");
        }

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(source[8..]);
        if (version is not (Version or VersionWithIvf))
        {
            throw new InvalidDataException(
                $"The embedding index has format version {version}; this library reads versions {Version} and {VersionWithIvf} only. Save it again with a matching version of Ollama.Net.");
        }

        ushort headerLength = BinaryPrimitives.ReadUInt16LittleEndian(source[10..]);
        uint crc = BinaryPrimitives.ReadUInt32LittleEndian(source[60..]);
        if (headerLength != HeaderLength || crc != Crc32C(0, source[..60]))
        {
            throw new InvalidDataException("The embedding index header is corrupted (its checksum does not match).");
        }

        long ivfLength = BinaryPrimitives.ReadInt64LittleEndian(source[48..]);
        if (source[56..60].ContainsAnyExcept((byte)0) || (version == Version ? ivfLength != 0 : ivfLength <= 0))
        {
            throw new InvalidDataException("The embedding index header uses reserved fields this library does not know.");
        }

        return new Header(
            (EmbeddingStorage)BinaryPrimitives.ReadUInt32LittleEndian(source[12..]),
            BinaryPrimitives.ReadInt32LittleEndian(source[16..]),
            BinaryPrimitives.ReadInt32LittleEndian(source[20..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[24..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[32..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[40..]),
            ivfLength);
    }

    /// <summary>
    /// Continues a CRC-32C (Castagnoli): start with 0, pass the previous result for the next chunk. The runtime's
    /// <see cref="BitOperations.Crc32C(uint, ulong)"/> uses the SSE4.2 or ARMv8 CRC instructions where present.
    /// </summary>
    public static uint Crc32C(uint crc, ReadOnlySpan<byte> data)
    {
        uint state = ~crc;
        while (data.Length >= sizeof(ulong))
        {
            state = BitOperations.Crc32C(state, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[sizeof(ulong)..];
        }

        foreach (byte b in data)
        {
            state = BitOperations.Crc32C(state, b);
        }

        return ~state;
    }

    /// <summary>The largest span passed to the stream at once (16 MiB).</summary>
    private const int ChunkBytes = 16 << 20;

    /// <summary>Writes to a stream while keeping a running CRC-32C.</summary>
    public sealed class Writer(Stream stream)
    {
        public uint Crc { get; private set; }

        public void Write(ReadOnlySpan<byte> data)
        {
            Crc = Crc32C(Crc, data);
            stream.Write(data);
        }

        /// <summary>Writes elements as their bytes, in chunks (a block of rows can exceed 2 GB, the limit of one byte span).</summary>
        public void Write<T>(ReadOnlySpan<T> elements)
            where T : unmanaged
        {
            int chunk = ChunkBytes / Unsafe.SizeOf<T>();
            for (int at = 0; at < elements.Length; at += chunk)
            {
                Write(MemoryMarshal.AsBytes(elements.Slice(at, Math.Min(chunk, elements.Length - at))));
            }
        }
    }

    /// <summary>Reads exact byte counts from a stream while keeping a running CRC-32C; a short read is a truncation error.</summary>
    public sealed class Reader(Stream stream, long expectedTotal)
    {
        public uint Crc { get; set; }

        public long Position { get; private set; }

        public long ExpectedTotal { get; set; } = expectedTotal;

        public void ReadExactly(Span<byte> buffer)
        {
            int total = 0;
            while (total < buffer.Length)
            {
                int read = stream.Read(buffer[total..]);
                if (read == 0)
                {
                    throw Truncated(Position + total);
                }

                total += read;
            }

            Crc = Crc32C(Crc, buffer);
            Position += buffer.Length;
        }

        /// <summary>
        /// Reads a section of <paramref name="length"/> bytes into a buffer that grows with the bytes that arrive
        /// (16 KiB, then doubling), so a declared length alone never allocates.
        /// </summary>
        public byte[] ReadSection(int length)
        {
            var buffer = new byte[Math.Min(length, 16 * 1024)];
            int filled = 0;
            while (true)
            {
                ReadExactly(buffer.AsSpan(filled));
                filled = buffer.Length;
                if (filled == length)
                {
                    return buffer;
                }

                Array.Resize(ref buffer, (int)Math.Min(length, 2L * filled));
            }
        }

        /// <summary>Reads elements as their bytes, in chunks (a block of rows can exceed 2 GB, the limit of one byte span).</summary>
        public void ReadExactly<T>(Span<T> elements)
            where T : unmanaged
        {
            int chunk = ChunkBytes / Unsafe.SizeOf<T>();
            for (int at = 0; at < elements.Length; at += chunk)
            {
                ReadExactly(MemoryMarshal.AsBytes(elements.Slice(at, Math.Min(chunk, elements.Length - at))));
            }
        }

        public InvalidDataException Truncated(long at) => new(
            ExpectedTotal > 0
                ? $"The embedding index is truncated: the stream ended after {at} bytes but the file is {ExpectedTotal} bytes long."
                : $"The embedding index is truncated: the stream ended after {at} bytes, inside the {HeaderLength}-byte header.");
    }
}
