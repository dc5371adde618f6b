using CsCheck;
using Ollama.Net.Numerics;

namespace Ollama.Net.Tests.Numerics;

/// <summary>
/// Any bytes given to <see cref="EmbeddingIndex{TKey}.Load(Stream)"/>, seekable or not, end in an index or an
/// <see cref="InvalidDataException"/>, and the loader allocates in proportion to the bytes it was given, whatever the
/// header claims.
/// </summary>
public class IndexFileProperties
{
    private const EmbeddingStorage All = EmbeddingStorage.Float32 | EmbeddingStorage.Int8 | EmbeddingStorage.Binary;

    /// <summary>
    /// Allocation allowed for an input of n bytes: 64 bytes per input byte (a row is padded to 64 bytes per stored form
    /// in memory) plus 1 MiB (the first read buffers and one row of the largest index shape).
    /// </summary>
    private static long Bound(int inputLength) => (64L * inputLength) + (1 << 20);

    private static readonly byte[] Valid = ValidFile();

    private static byte[] ValidFile()
    {
        using EmbeddingIndex<int> index = PersistenceTests.Filled(70, All, 20, i => i * 3);
        index.BuildIvf(new IvfOptions { Lists = 3 }); // the IVF section is fuzzed too
        return PersistenceTests.Saved(index);
    }

    /// <summary>A header with a valid signature and checksum and random fields (sizes from tiny to absurd), then random bytes.</summary>
    private static readonly Gen<byte[]> CraftedHeader =
        Gen.Select(Gen.Int[1, 7], Gen.OneOf(Gen.Int[1, 70], Gen.Int[1, 70_000]), Gen.OneOf(Gen.Long[0, 50], Gen.Long[0, long.MaxValue]),
                Gen.OneOf(Gen.Long[0, 1000], Gen.Long[0, long.MaxValue]), Gen.Bool, Gen.Byte.Array[0, 3000])
            .Select((storage, dimensions, count, keys, consistent, tail) =>
            {
                long words = (dimensions + 63) / 64;
                long payload = consistent
                    ? unchecked((count * 4) + ((storage & 1) != 0 ? count * dimensions * 4 : 0) + ((storage & 2) != 0 ? count * (4 + dimensions) : 0) + ((storage & 4) != 0 ? count * words * 8 : 0))
                    : keys;
                var header = new byte[IndexFile.HeaderLength];
                IndexFile.WriteHeader(header, new IndexFile.Header((EmbeddingStorage)storage, dimensions, IndexFile.KeyInt32, count, consistent ? count * 4 : keys, payload));
                return (byte[])[.. header, .. tail];
            });

    /// <summary>The valid file cut short, or with 1 to 4 bytes overwritten.</summary>
    private static readonly Gen<byte[]> Damaged =
        Gen.OneOf(
            Gen.Int[0, Valid.Length - 1].Select(length => Valid[..length]),
            Gen.Select(Gen.Int[0, Valid.Length - 1], Gen.Byte).Array[1, 4].Select(edits =>
            {
                byte[] bytes = (byte[])Valid.Clone();
                foreach ((int at, byte value) in edits)
                {
                    bytes[at] ^= (byte)(value | 1);
                }

                return bytes;
            }));

    private static void AssertRefusedWithinBound(byte[] input, Stream stream)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        Exception? error = Record.Exception(() => EmbeddingIndex<int>.Load(stream).Dispose());
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        if (error is not InvalidDataException)
        {
            throw new InvalidOperationException($"Expected InvalidDataException for {input.Length} bytes: {Convert.ToHexString(input.AsSpan(0, Math.Min(96, input.Length)))}", error);
        }

        Assert.True(allocated <= Bound(input.Length), $"{allocated} bytes allocated for an input of {input.Length} bytes");
    }

    [Fact]
    public void Random_bytes_crafted_headers_and_damaged_files_are_refused_allocating_in_proportion_to_the_input()
        => Gen.OneOf(Gen.Byte.Array[0, 200], CraftedHeader, Damaged).Sample(input =>
        {
            AssertRefusedWithinBound(input, new MemoryStream(input));
            AssertRefusedWithinBound(input, new ForwardOnlyStream(input, 1 + (input.Length % 4096)));
        }, iter: 3000);
}
