using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Ollama.Net.Numerics;

namespace Ollama.Net.Tests.Numerics;

/// <summary>Index files crafted to pass the checksums but lie: about their length, or with rows that are not normalized.</summary>
public class IndexFileHardeningTests
{
    /// <summary>Recomputes the payload checksum after a test edited the payload, so only the edit itself is wrong.</summary>
    internal static void FixPayloadCrc(byte[] file) =>
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(file.Length - 8), IndexFile.Crc32C(0, file.AsSpan(64, file.Length - 72)));

    private static byte[] Header(EmbeddingStorage storage, int dimensions, long count)
    {
        long words = (dimensions + 63) / 64;
        long rows = ((storage & EmbeddingStorage.Float32) != 0 ? count * dimensions * 4 : 0)
            + ((storage & EmbeddingStorage.Int8) != 0 ? count * (4 + dimensions) : 0)
            + ((storage & EmbeddingStorage.Binary) != 0 ? count * words * 8 : 0);
        var header = new byte[IndexFile.HeaderLength];
        IndexFile.WriteHeader(header, new IndexFile.Header(storage, dimensions, IndexFile.KeyInt32, count, count * 4, (count * 4) + rows));
        return header;
    }

    private static (Exception? Error, long Allocated) LoadCounting(Stream stream)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            using var index = EmbeddingIndex<int>.Load(stream);
            return (null, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        catch (Exception e)
        {
            return (e, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_72_byte_file_declaring_sixteen_million_rows_is_truncated_without_allocating_for_them(bool seekable)
    {
        // 16,777,216 rows of 768 sign bits and int keys: the old loader allocated 1.7 GB for them before reading a row.
        byte[] file = [.. Header(EmbeddingStorage.Binary, 768, 1 << 24), .. new byte[8]];
        Assert.Equal(72, file.Length);
        (Exception? error, long allocated) = LoadCounting(seekable ? new MemoryStream(file) : new ForwardOnlyStream(file, 4096));
        Assert.Contains("truncated", Assert.IsType<InvalidDataException>(error).Message);
        Assert.InRange(allocated, 0, 256 * 1024);
    }

    [Fact]
    public void A_stream_that_ends_early_allocates_with_the_bytes_that_arrived_not_the_declared_count()
    {
        // Declares a million rows of 16 floats (64 MB of rows + 4 MB of keys) but sends the keys and 1,000 rows.
        const int Declared = 1_000_000, Sent = 1_000, Dimensions = 16;
        var random = new Random(5);
        var rows = new float[Sent * Dimensions];
        for (int r = 0; r < Sent; r++)
        {
            float[] v = Reference.RandomVector(random, Dimensions);
            EmbeddingMath.Normalize(v);
            v.CopyTo(rows, r * Dimensions);
        }

        byte[] file = [.. Header(EmbeddingStorage.Float32, Dimensions, Declared), .. new byte[Declared * 4], .. MemoryMarshal.AsBytes(rows.AsSpan())];
        (Exception? error, long allocated) = LoadCounting(new ForwardOnlyStream(file, 65536));
        Assert.Contains("truncated", Assert.IsType<InvalidDataException>(error).Message);
        Assert.InRange(allocated, 0, (4L * file.Length) + (1 << 20));
    }

    [Fact]
    public void A_Float32_row_that_is_not_unit_length_is_refused_even_with_valid_checksums()
    {
        using EmbeddingIndex<int> index = PersistenceTests.Filled(8, EmbeddingStorage.Float32, 5, i => i);
        byte[] file = PersistenceTests.Saved(index);
        int row2 = 64 + (5 * 4) + (2 * 8 * 4);
        Span<float> floats = MemoryMarshal.Cast<byte, float>(file.AsSpan(row2, 8 * 4));
        foreach (float factor in new[] { 2f, 0.5f, 1.01f })
        {
            byte[] crafted = (byte[])file.Clone();
            Span<float> row = MemoryMarshal.Cast<byte, float>(crafted.AsSpan(row2, 8 * 4));
            for (int i = 0; i < row.Length; i++)
            {
                row[i] = floats[i] * factor;
            }

            FixPayloadCrc(crafted);
            var error = Assert.Throws<InvalidDataException>(() => EmbeddingIndex<int>.Load(new MemoryStream(crafted)));
            Assert.Contains("float32 row 2 is not a unit vector", error.Message);
        }

        // A row of tiny values whose squares underflow to 0 is neither a unit vector nor the zero vector.
        byte[] tiny = (byte[])file.Clone();
        MemoryMarshal.Cast<byte, float>(tiny.AsSpan(row2, 8 * 4)).Fill(1e-30f);
        FixPayloadCrc(tiny);
        Assert.Throws<InvalidDataException>(() => EmbeddingIndex<int>.Load(new MemoryStream(tiny)));
    }

    [Fact]
    public void An_int8_row_that_does_not_encode_a_unit_vector_is_refused_even_with_valid_checksums()
    {
        using EmbeddingIndex<int> index = PersistenceTests.Filled(64, EmbeddingStorage.Int8, 3, i => i);
        byte[] file = PersistenceTests.Saved(index);
        int scales = 64 + (3 * 4), codes = scales + (3 * 4);

        byte[] halved = (byte[])file.Clone();
        for (int i = 0; i < 64; i++)
        {
            halved[codes + i] = (byte)(sbyte)((sbyte)halved[codes + i] / 2);
        }

        FixPayloadCrc(halved);
        Assert.Contains("int8 row 0 does not encode a unit vector", Assert.Throws<InvalidDataException>(() => EmbeddingIndex<int>.Load(new MemoryStream(halved))).Message);

        byte[] scaled = (byte[])file.Clone();
        BinaryPrimitives.WriteSingleLittleEndian(scaled.AsSpan(scales), BinaryPrimitives.ReadSingleLittleEndian(scaled.AsSpan(scales)) * 1.5f);
        FixPayloadCrc(scaled);
        Assert.Contains("int8 row 0", Assert.Throws<InvalidDataException>(() => EmbeddingIndex<int>.Load(new MemoryStream(scaled))).Message);

        byte[] large = (byte[])file.Clone();
        BinaryPrimitives.WriteSingleLittleEndian(large.AsSpan(scales + 4), 1f);
        FixPayloadCrc(large);
        Assert.Contains("outside [0, 1/127]", Assert.Throws<InvalidDataException>(() => EmbeddingIndex<int>.Load(new MemoryStream(large))).Message);

        // Row 1 is the zero vector (scale 0, every code 0): a code there is refused too.
        byte[] zero = (byte[])file.Clone();
        zero[codes + 64 + 5] = 127;
        FixPayloadCrc(zero);
        Assert.Contains("int8 row 1", Assert.Throws<InvalidDataException>(() => EmbeddingIndex<int>.Load(new MemoryStream(zero))).Message);
    }
}
