using System.Buffers.Binary;
using System.Text;
using Ollama.Net.Numerics;

namespace Ollama.Net.Tests.Numerics;

public class PersistenceTests
{
    private const EmbeddingStorage All = EmbeddingStorage.Float32 | EmbeddingStorage.Int8 | EmbeddingStorage.Binary;

    public readonly record struct ChunkKey(string Source, int Chunk);

    private sealed class ChunkKeySerializer : IEmbeddingKeySerializer<ChunkKey>
    {
        public void Write(BinaryWriter writer, ChunkKey key)
        {
            writer.Write(key.Source);
            writer.Write(key.Chunk);
        }

        public ChunkKey Read(BinaryReader reader) => new(reader.ReadString(), reader.ReadInt32());
    }

    internal static EmbeddingIndex<TKey> Filled<TKey>(int dimensions, EmbeddingStorage storage, int count, Func<int, TKey> key)
        where TKey : notnull
    {
        var index = new EmbeddingIndex<TKey>(dimensions, new EmbeddingIndexOptions { Storage = storage });
        var random = new Random(dimensions * 31 + count);
        for (int i = 0; i < count; i++)
        {
            float[] v = Reference.RandomVector(random, dimensions);
            if (i == 1)
            {
                v.AsSpan().Clear(); // a zero row survives too
            }

            index.Add(key(i), v);
        }

        return index;
    }

    internal static byte[] Saved<TKey>(EmbeddingIndex<TKey> index)
        where TKey : notnull
    {
        using var memory = new MemoryStream();
        index.Save(memory);
        return memory.ToArray();
    }

    private static void AssertSame<TKey>(EmbeddingIndex<TKey> expected, EmbeddingIndex<TKey> actual)
        where TKey : notnull
    {
        Assert.Equal(expected.Dimensions, actual.Dimensions);
        Assert.Equal(expected.Storage, actual.Storage);
        Assert.Equal(expected.Count, actual.Count);
        for (int row = 0; row < expected.Count; row++)
        {
            Assert.Equal(expected.GetKey(row), actual.GetKey(row));
            if ((expected.Storage & EmbeddingStorage.Float32) != 0)
            {
                Assert.Equal(expected.GetVector(row).ToArray(), actual.GetVector(row).ToArray());
            }
        }

        var random = new Random(99);
        foreach (EmbeddingSearchMode mode in new[] { EmbeddingSearchMode.Float32, EmbeddingSearchMode.Int8, EmbeddingSearchMode.Binary })
        {
            if ((expected.Storage & (EmbeddingStorage)(1 << ((int)mode - 1))) == 0)
            {
                continue;
            }

            var options = new EmbeddingSearchOptions { Mode = mode };
            for (int q = 0; q < 3; q++)
            {
                float[] query = Reference.RandomVector(random, expected.Dimensions);
                Assert.Equal(expected.Search(query, 10, options), actual.Search(query, 10, options));
            }
        }
    }

    [Theory]
    [InlineData(1, EmbeddingStorage.Float32, 0)]
    [InlineData(5, EmbeddingStorage.Float32, 37)]
    [InlineData(16, EmbeddingStorage.Int8, 37)]
    [InlineData(64, EmbeddingStorage.Binary, 37)]
    [InlineData(70, EmbeddingStorage.Int8 | EmbeddingStorage.Binary, 37)]
    [InlineData(130, All, 37)]
    [InlineData(128, All, 300)]
    public void Every_storage_round_trips_with_string_keys(int dimensions, EmbeddingStorage storage, int count)
    {
        using EmbeddingIndex<string> index = Filled(dimensions, storage, count, i => i % 3 == 0 ? $"doc-{i}-ünïcødé-🙂" : string.Empty);
        byte[] file = Saved(index);
        using var loaded = EmbeddingIndex<string>.Load(new MemoryStream(file));
        AssertSame(index, loaded);
        using var trickled = EmbeddingIndex<string>.Load(new ForwardOnlyStream(file));
        AssertSame(index, trickled);

        // A loaded index keeps working: it grows and searches like a fresh one.
        loaded.Add("new", Reference.RandomVector(new Random(1), dimensions));
        Assert.Equal(count + 1, loaded.Count);
        Assert.Equal("new", loaded.GetKey(count));
    }

    [Fact]
    public void Int_long_Guid_and_custom_keys_round_trip()
    {
        using (EmbeddingIndex<int> index = Filled(20, All, 50, i => i * 7 - 100))
        {
            using var loaded = EmbeddingIndex<int>.Load(new MemoryStream(Saved(index)));
            AssertSame(index, loaded);
        }

        using (EmbeddingIndex<long> index = Filled(20, EmbeddingStorage.Float32, 50, i => long.MaxValue - i))
        {
            using var loaded = EmbeddingIndex<long>.Load(new MemoryStream(Saved(index)));
            AssertSame(index, loaded);
        }

        using (EmbeddingIndex<Guid> index = Filled(20, EmbeddingStorage.Float32, 50, i => new Guid(i, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10)))
        {
            using var loaded = EmbeddingIndex<Guid>.Load(new MemoryStream(Saved(index)));
            AssertSame(index, loaded);
        }

        using (EmbeddingIndex<ChunkKey> index = Filled(20, EmbeddingStorage.Int8, 50, i => new ChunkKey($"file{i % 4}.md", i)))
        {
            var serializer = new ChunkKeySerializer();
            using var memory = new MemoryStream();
            Assert.Throws<NotSupportedException>(() => index.Save(memory));
            index.Save(memory, serializer);
            memory.Position = 0;
            Assert.Throws<NotSupportedException>(() => EmbeddingIndex<ChunkKey>.Load(memory));
            using var loaded = EmbeddingIndex<ChunkKey>.Load(memory, serializer);
            AssertSame(index, loaded);
        }
    }

    /// <summary>Blocks are written and read in 16 MiB chunks (a block of a million rows is over 2 GB, more than one span of bytes).</summary>
    [Fact]
    public void Blocks_larger_than_one_chunk_round_trip()
    {
        using EmbeddingIndex<int> index = Filled(16_384, EmbeddingStorage.Float32 | EmbeddingStorage.Binary, 300, i => i); // 19.7 MB of floats
        byte[] file = Saved(index);
        using var loaded = EmbeddingIndex<int>.Load(new ForwardOnlyStream(file, 1 << 20));
        AssertSame(index, loaded);
        Assert.Equal(file, Saved(loaded));
    }

    [Fact]
    public void Load_leaves_the_stream_after_the_index_so_indexes_can_be_concatenated()
    {
        using EmbeddingIndex<string> first = Filled(8, All, 10, i => $"a{i}");
        using EmbeddingIndex<string> second = Filled(3, EmbeddingStorage.Float32, 4, i => $"b{i}");
        using var memory = new MemoryStream();
        first.Save(memory);
        long firstLength = memory.Length;
        second.Save(memory);
        memory.WriteByte(42);
        memory.Position = 0;
        using var loadedFirst = EmbeddingIndex<string>.Load(memory);
        Assert.Equal(firstLength, memory.Position);
        using var loadedSecond = EmbeddingIndex<string>.Load(memory);
        Assert.Equal(memory.Length - 1, memory.Position);
        AssertSame(first, loadedFirst);
        AssertSame(second, loadedSecond);
    }

    [Fact]
    public void Every_truncation_throws_InvalidDataException()
    {
        using EmbeddingIndex<string> index = Filled(10, All, 3, i => $"k{i}");
        byte[] file = Saved(index);
        Assert.Equal(64 + (3 * 6) + (3 * 40) + (3 * 4) + (3 * 10) + (3 * 8) + 8, file.Length);
        for (int length = 0; length < file.Length; length++)
        {
            byte[] cut = file[..length];
            var seekable = Assert.Throws<InvalidDataException>(() => EmbeddingIndex<string>.Load(new MemoryStream(cut)));
            Assert.Contains("truncated", seekable.Message);
            var streamed = Assert.Throws<InvalidDataException>(() => EmbeddingIndex<string>.Load(new ForwardOnlyStream(cut)));
            Assert.Contains("truncated", streamed.Message);
        }
    }

    [Theory]
    [InlineData(0x01)]
    [InlineData(0x80)]
    [InlineData(0xFF)]
    public void Every_flipped_byte_throws_InvalidDataException(int mask)
    {
        using EmbeddingIndex<string> index = Filled(10, All, 3, i => $"k{i}");
        byte[] file = Saved(index);
        for (int at = 0; at < file.Length; at++)
        {
            byte[] corrupt = (byte[])file.Clone();
            corrupt[at] ^= (byte)mask;
            Assert.Throws<InvalidDataException>(() => EmbeddingIndex<string>.Load(new MemoryStream(corrupt)));
            Assert.Throws<InvalidDataException>(() => EmbeddingIndex<string>.Load(new ForwardOnlyStream(corrupt)));
        }
    }

    [Fact]
    public void A_wrong_magic_version_or_key_type_gives_a_clear_message()
    {
        using EmbeddingIndex<string> index = Filled(4, EmbeddingStorage.Float32, 2, i => $"k{i}");
        byte[] file = Saved(index);

        byte[] magic = (byte[])file.Clone();
        "NOTANIDX"u8.CopyTo(magic);
        Assert.Contains("not an Ollama.Net embedding index", Assert.Throws<InvalidDataException>(() => EmbeddingIndex<string>.Load(new MemoryStream(magic))).Message);
        Assert.Contains("not an Ollama.Net embedding index", Assert.Throws<InvalidDataException>(() => EmbeddingIndex<string>.Load(new MemoryStream(Encoding.UTF8.GetBytes("{\"json\": true, \"padding\": \"................................................\"}")))).Message);

        byte[] version = (byte[])file.Clone();
        BinaryPrimitives.WriteUInt16LittleEndian(version.AsSpan(8), 3);
        string message = Assert.Throws<InvalidDataException>(() => EmbeddingIndex<string>.Load(new MemoryStream(version))).Message;
        Assert.Contains("version 3", message);
        Assert.Contains("versions 1 and 2", message);

        message = Assert.Throws<InvalidDataException>(() => EmbeddingIndex<int>.Load(new MemoryStream(file))).Message;
        Assert.Contains("string keys", message);
        Assert.Contains("EmbeddingIndex<Int32>", message);

        using EmbeddingIndex<ChunkKey> custom = Filled(4, EmbeddingStorage.Float32, 2, i => new ChunkKey("s", i));
        using var memory = new MemoryStream();
        custom.Save(memory, new ChunkKeySerializer());
        message = Assert.Throws<InvalidDataException>(() => EmbeddingIndex<string>.Load(new MemoryStream(memory.ToArray()))).Message;
        Assert.Contains("IEmbeddingKeySerializer", message);

        Assert.Contains("truncated", Assert.Throws<InvalidDataException>(() => EmbeddingIndex<string>.Load(new MemoryStream())).Message);
    }

    [Fact]
    public void A_header_with_a_valid_checksum_but_inconsistent_lengths_is_rejected()
    {
        using EmbeddingIndex<int> index = Filled(4, EmbeddingStorage.Float32, 2, i => i);
        byte[] file = Saved(index);
        IndexFile.Header header = IndexFile.ReadHeader(file);
        foreach (IndexFile.Header bad in new[]
        {
            header with { PayloadLength = header.PayloadLength + 1 },
            header with { Count = header.Count + 1 },
            header with { Count = -1 },
            header with { Count = long.MaxValue / 2 },
            header with { Dimensions = 0 },
            header with { Dimensions = EmbeddingIndex<int>.MaxDimensions + 1 },
            header with { Storage = 0 },
            header with { Storage = (EmbeddingStorage)8 },
            header with { KeysLength = -4 },
            header with { IvfLength = -1 },
            header with { IvfLength = 8, PayloadLength = header.PayloadLength + 8 }, // an IVF section on an index of 2 rows cannot be 8 bytes
        })
        {
            byte[] crafted = (byte[])file.Clone();
            IndexFile.WriteHeader(crafted, bad);
            Assert.Throws<InvalidDataException>(() => EmbeddingIndex<int>.Load(new MemoryStream(crafted)));
        }
    }

    [Fact]
    public void Stream_arguments_and_a_disposed_index_are_checked()
    {
        using var index = new EmbeddingIndex<int>(3);
        Assert.Throws<ArgumentNullException>(() => index.Save(null!));
        Assert.Equal("stream", Assert.Throws<ArgumentException>(() => index.Save(new MemoryStream([], writable: false))).ParamName);
        Assert.Throws<ArgumentNullException>(() => EmbeddingIndex<int>.Load(null!));
        Assert.Equal("stream", Assert.Throws<ArgumentException>(() => EmbeddingIndex<int>.Load(new WriteOnlyStream())).ParamName);
        index.Dispose();
        Assert.Throws<ObjectDisposedException>(() => index.Save(new MemoryStream()));
    }

    [Fact]
    public void A_key_with_an_unpaired_surrogate_cannot_be_saved()
    {
        using var index = new EmbeddingIndex<string>(2);
        index.Add("bad\uD800", [1, 0]);
        Assert.Throws<InvalidOperationException>(() => index.Save(new MemoryStream()));
    }

    [Fact]
    public void Crc32C_matches_the_standard_check_value_in_one_chunk_or_many()
    {
        Assert.Equal(0xE3069283u, IndexFile.Crc32C(0, "123456789"u8));
        byte[] large = Enumerable.Range(0, 1000).Select(i => (byte)(i * 31)).ToArray();
        uint whole = IndexFile.Crc32C(0, large);
        Assert.Equal(whole, IndexFile.Crc32C(IndexFile.Crc32C(0, large.AsSpan(0, 333)), large.AsSpan(333)));
        Assert.NotEqual(whole, IndexFile.Crc32C(0, large.AsSpan(1)));
    }

    /// <summary>A file written by the first release (hand-written CRC-32C): it must load, and saving it again gives the same bytes.</summary>
    [Fact]
    public void A_file_from_the_first_release_loads_and_saves_byte_identical()
    {
        byte[] file = Convert.FromBase64String(
            "T05FVFZJRFgBAEAABwAAAAUAAAABAAAAAwAAAAAAAAATAAAAAAAAAIIAAAAAAAAAAAAAAAAAAAAAAAAA9sBQJAUAAABhbHBoYQIAAADOsgAAAAB+" +
            "Ewo+fhOKPjwdzz5+Ewo/XZgsP9Khh77SoQc+AAAAANKhBz+8cku/AAAAAAAAAAAAAAAAAAAAAAAAAABG9K071gzNOwAAAAAZM0xmf9YVAFWBAAAA" +
            "AAAfAAAAAAAAAAoAAAAAAAAAAAAAAAAAAAB8X7TtRU5EWA==");
        using var loaded = EmbeddingIndex<string>.Load(new MemoryStream(file));
        Assert.Equal(["alpha", "β", string.Empty], Enumerable.Range(0, loaded.Count).Select(loaded.GetKey));
        Assert.Equal(All, loaded.Storage);
        float norm = MathF.Sqrt(55f);
        Assert.Equal([1 / norm, 2 / norm, 3 / norm, 4 / norm, 5 / norm], loaded.GetVector(0).ToArray(), (a, b) => MathF.Abs(a - b) < 1e-6f);
        Assert.Equal(file, Saved(loaded));
    }

    private sealed class WriteOnlyStream : MemoryStream
    {
        public override bool CanRead => false;
    }
}
