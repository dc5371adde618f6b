using System.Buffers;
using System.Buffers.Binary;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Ollama.Net.Numerics;

public sealed partial class EmbeddingIndex<TKey>
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Writes the index to <paramref name="stream"/> in the versioned binary format described in docs/numerics.md
    /// (header with checksum, keys, every stored representation, payload checksum).
    /// </summary>
    /// <param name="stream">A writable stream; it is written from its current position and left open.</param>
    /// <remarks>
    /// Keys of type <see cref="string"/>, <see cref="int"/>, <see cref="long"/> and <see cref="Guid"/> are written directly;
    /// other key types need <see cref="Save(Stream, IEmbeddingKeySerializer{TKey})"/>.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not writable.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="TKey"/> has no built-in format.</exception>
    /// <exception cref="ObjectDisposedException">The index has been disposed.</exception>
    public void Save(Stream stream) => SaveCore(stream, null);

    /// <summary>Writes the index to <paramref name="stream"/>, writing keys with <paramref name="keySerializer"/>.</summary>
    /// <param name="stream">A writable stream; it is written from its current position and left open.</param>
    /// <param name="keySerializer">Writes each key; loading needs a serializer that reads the same bytes.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="keySerializer"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not writable.</exception>
    /// <exception cref="ObjectDisposedException">The index has been disposed.</exception>
    public void Save(Stream stream, IEmbeddingKeySerializer<TKey> keySerializer)
    {
        ArgumentNullException.ThrowIfNull(keySerializer);
        SaveCore(stream, keySerializer);
    }

    /// <summary>Reads an index written by <see cref="Save(Stream)"/>.</summary>
    /// <param name="stream">A readable stream positioned at the start of the index; it is left open, positioned after the index.</param>
    /// <returns>A new index with the saved dimensions, storage, keys and rows.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not readable.</exception>
    /// <exception cref="NotSupportedException"><typeparamref name="TKey"/> has no built-in format.</exception>
    /// <exception cref="InvalidDataException">
    /// The stream is not an index file, has an unsupported version, is truncated or corrupted (a checksum or length
    /// does not match), or holds keys of another type.
    /// </exception>
    public static EmbeddingIndex<TKey> Load(Stream stream) => LoadCore(stream, null);

    /// <summary>Reads an index written by <see cref="Save(Stream, IEmbeddingKeySerializer{TKey})"/>.</summary>
    /// <param name="stream">A readable stream positioned at the start of the index; it is left open, positioned after the index.</param>
    /// <param name="keySerializer">Reads each key, as written by the serializer used to save.</param>
    /// <returns>A new index with the saved dimensions, storage, keys and rows.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> or <paramref name="keySerializer"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not readable.</exception>
    /// <exception cref="InvalidDataException">
    /// The stream is not an index file, has an unsupported version, is truncated or corrupted, was saved without a key
    /// serializer, or the serializer failed to read a key.
    /// </exception>
    public static EmbeddingIndex<TKey> Load(Stream stream, IEmbeddingKeySerializer<TKey> keySerializer)
    {
        ArgumentNullException.ThrowIfNull(keySerializer);
        return LoadCore(stream, keySerializer);
    }

    private static int BuiltInKeyKind() =>
        typeof(TKey) == typeof(string) ? IndexFile.KeyString :
        typeof(TKey) == typeof(int) ? IndexFile.KeyInt32 :
        typeof(TKey) == typeof(long) ? IndexFile.KeyInt64 :
        typeof(TKey) == typeof(Guid) ? IndexFile.KeyGuid :
        0;

    private static NotSupportedException NoKeyFormat() => new(
        $"Keys of type {typeof(TKey).Name} have no built-in file format; pass an IEmbeddingKeySerializer<{typeof(TKey).Name}> to Save and Load.");

    private static void CheckLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Saving and loading embedding indexes needs a little-endian machine.");
        }
    }

    private static long SectionsLength(EmbeddingStorage storage, int dimensions, long count)
    {
        long words = (dimensions + 63) / 64;
        long length = 0;
        if ((storage & EmbeddingStorage.Float32) != 0)
        {
            length = checked(length + (count * dimensions * sizeof(float)));
        }

        if ((storage & EmbeddingStorage.Int8) != 0)
        {
            length = checked(length + (count * sizeof(float)) + (count * dimensions));
        }

        if ((storage & EmbeddingStorage.Binary) != 0)
        {
            length = checked(length + (count * words * sizeof(ulong)));
        }

        return length;
    }

    /// <summary>The IVF section: list count, a reserved zero, the unit centroids (unpadded), the list of every row.</summary>
    private static long IvfSectionLength(long lists, int dimensions, long count) => 8 + (lists * dimensions * sizeof(float)) + (count * sizeof(int));

    private void SaveCore(Stream stream, IEmbeddingKeySerializer<TKey>? serializer)
    {
        ThrowIfDisposed();
        using LockScope reading = Read();
        ThrowIfDisposed();
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream is not writable.", nameof(stream));
        }

        CheckLittleEndian();
        int kind = serializer is null ? BuiltInKeyKind() : IndexFile.KeyCustom;
        if (kind == 0)
        {
            throw NoKeyFormat();
        }

        Store store = _store;
        int count = _count;
        byte[] keys = EncodeKeys(store.Keys, count, kind, serializer);
        Ivf? ivf = _ivf;
        long ivfLength = ivf is null ? 0 : IvfSectionLength(ivf.Lists, _dimensions, count);
        long payload = keys.Length + SectionsLength(_storage, _dimensions, count) + ivfLength;
        Span<byte> header = stackalloc byte[IndexFile.HeaderLength];
        IndexFile.WriteHeader(header, new IndexFile.Header(_storage, _dimensions, kind, count, keys.Length, payload, ivfLength));
        stream.Write(header);

        var writer = new IndexFile.Writer(stream);
        writer.Write(keys);
        if (store.Floats is { } floats)
        {
            WriteRows(writer, floats.Span, _floatStride, count);
        }

        if (store.Codes is { } codes)
        {
            writer.Write<float>(store.Scales.AsSpan(0, count));
            WriteRows(writer, codes.Span, _codeStride, count);
        }

        if (store.Bits is { } bits)
        {
            writer.Write<ulong>(bits.Span[..(count * _words)]);
        }

        if (ivf is not null)
        {
            Span<byte> lists = stackalloc byte[8];
            BinaryPrimitives.WriteInt32LittleEndian(lists, ivf.Lists);
            BinaryPrimitives.WriteInt32LittleEndian(lists[4..], 0);
            writer.Write(lists);
            WriteRows(writer, ivf.Centroids.Span, _floatStride, ivf.Lists);
            writer.Write<int>(ivf.Assignment.AsSpan(0, count));
        }

        Span<byte> trailer = stackalloc byte[IndexFile.TrailerLength];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, writer.Crc);
        IndexFile.EndMarker.CopyTo(trailer[4..]);
        stream.Write(trailer);
    }

    private void WriteRows<T>(IndexFile.Writer writer, Span<T> block, int stride, int count)
        where T : unmanaged
    {
        if (stride == _dimensions)
        {
            writer.Write<T>(block[..(count * stride)]);
            return;
        }

        for (int row = 0; row < count; row++)
        {
            writer.Write<T>(block.Slice(row * stride, _dimensions));
        }
    }

    private static byte[] EncodeKeys(TKey[] keys, int count, int kind, IEmbeddingKeySerializer<TKey>? serializer)
    {
        if (kind == IndexFile.KeyCustom)
        {
            using var memory = new MemoryStream();
            using (var writer = new BinaryWriter(memory, StrictUtf8, leaveOpen: true))
            {
                for (int i = 0; i < count; i++)
                {
                    serializer!.Write(writer, keys[i]);
                }
            }

            return memory.ToArray();
        }

        var buffer = new ArrayBufferWriter<byte>();
        for (int i = 0; i < count; i++)
        {
            TKey key = keys[i];
            switch (kind)
            {
                case IndexFile.KeyString:
                    string text = Unsafe.As<TKey, string>(ref key);
                    int byteCount;
                    try
                    {
                        byteCount = StrictUtf8.GetByteCount(text);
                    }
                    catch (EncoderFallbackException e)
                    {
                        throw new InvalidOperationException($"The key of row {i} is not valid UTF-16 (it has an unpaired surrogate) and cannot be saved.", e);
                    }

                    Span<byte> span = buffer.GetSpan(4 + byteCount);
                    BinaryPrimitives.WriteInt32LittleEndian(span, byteCount);
                    StrictUtf8.GetBytes(text, span[4..]);
                    buffer.Advance(4 + byteCount);
                    break;
                case IndexFile.KeyInt32:
                    BinaryPrimitives.WriteInt32LittleEndian(buffer.GetSpan(4), Unsafe.As<TKey, int>(ref key));
                    buffer.Advance(4);
                    break;
                case IndexFile.KeyInt64:
                    BinaryPrimitives.WriteInt64LittleEndian(buffer.GetSpan(8), Unsafe.As<TKey, long>(ref key));
                    buffer.Advance(8);
                    break;
                default:
                    Unsafe.As<TKey, Guid>(ref key).TryWriteBytes(buffer.GetSpan(16));
                    buffer.Advance(16);
                    break;
            }
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static EmbeddingIndex<TKey> LoadCore(Stream stream, IEmbeddingKeySerializer<TKey>? serializer)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream is not readable.", nameof(stream));
        }

        CheckLittleEndian();
        int expectedKind = serializer is null ? BuiltInKeyKind() : IndexFile.KeyCustom;
        if (expectedKind == 0)
        {
            throw NoKeyFormat();
        }

        var reader = new IndexFile.Reader(stream, 0);
        Span<byte> headerBytes = stackalloc byte[IndexFile.HeaderLength];
        reader.ReadExactly(headerBytes);
        IndexFile.Header header = IndexFile.ReadHeader(headerBytes);
        EmbeddingStorage all = EmbeddingStorage.Float32 | EmbeddingStorage.Int8 | EmbeddingStorage.Binary;
        if (header.Storage == 0 || (header.Storage & ~all) != 0 || header.Dimensions is < 1 or > MaxDimensions
            || header.Count is < 0 or > int.MaxValue || header.KeysLength is < 0 or > int.MaxValue)
        {
            throw new InvalidDataException("The embedding index header has out-of-range fields.");
        }

        if (header.KeyKind != expectedKind)
        {
            string hint = header.KeyKind == IndexFile.KeyCustom ? " Pass the IEmbeddingKeySerializer it was saved with." : string.Empty;
            throw new InvalidDataException(
                $"The embedding index holds {IndexFile.KeyKindName(header.KeyKind)} keys but was loaded as EmbeddingIndex<{typeof(TKey).Name}>"
                + (serializer is null ? string.Empty : " with a key serializer") + "." + hint);
        }

        long expectedPayload;
        try
        {
            expectedPayload = checked(header.KeysLength + SectionsLength(header.Storage, header.Dimensions, header.Count) + header.IvfLength);
        }
        catch (OverflowException)
        {
            throw new InvalidDataException("The embedding index header declares impossible lengths.");
        }

        if (header.PayloadLength != expectedPayload)
        {
            throw new InvalidDataException("The embedding index header is inconsistent: its payload length does not match its row count and dimensions.");
        }

        // Fixed-width keys take exactly their width, string keys at least their 4-byte length.
        long keyWidth = header.KeyKind switch { IndexFile.KeyString or IndexFile.KeyInt32 => 4, IndexFile.KeyInt64 => 8, IndexFile.KeyGuid => 16, _ => 0 };
        if (header.KeyKind == IndexFile.KeyString ? header.KeysLength < keyWidth * header.Count : header.KeysLength != keyWidth * header.Count && keyWidth != 0)
        {
            throw new InvalidDataException("The embedding index header is inconsistent: its key section length does not match its row count.");
        }

        reader.ExpectedTotal = IndexFile.HeaderLength + expectedPayload + IndexFile.TrailerLength;
        bool complete = false;
        if (stream.CanSeek)
        {
            long remaining = stream.Length - stream.Position;
            if (remaining < expectedPayload + IndexFile.TrailerLength)
            {
                throw reader.Truncated(IndexFile.HeaderLength + remaining);
            }

            complete = true;
        }

        var index = new EmbeddingIndex<TKey>(header.Dimensions, new EmbeddingIndexOptions { Storage = header.Storage, BinaryRerankCodes = false });
        try
        {
            int count = (int)header.Count;
            if (count > index.MaxCount)
            {
                throw new InvalidDataException($"The embedding index declares {count} rows, more than an index of its shape can hold.");
            }

            if (complete)
            {
                // The stream holds every byte of the index: allocate the blocks once. Otherwise (a network stream) the
                // blocks grow with the rows that actually arrive, so a header cannot make us allocate for data it lacks.
                index.Resize(count, 0);
            }

            reader.Crc = 0;
            byte[] keyBytes = reader.ReadSection((int)header.KeysLength);
            index.ReadSections(reader, count);
            if (header.IvfLength > 0)
            {
                index.ReadIvf(reader, header.IvfLength, count);
            }

            uint payloadCrc = reader.Crc;
            Span<byte> trailer = stackalloc byte[IndexFile.TrailerLength];
            reader.ReadExactly(trailer);
            if (BinaryPrimitives.ReadUInt32LittleEndian(trailer) != payloadCrc || !trailer[4..].SequenceEqual(IndexFile.EndMarker))
            {
                throw new InvalidDataException("The embedding index is corrupted: the payload checksum does not match.");
            }

            DecodeKeys(keyBytes, count, header.KeyKind, serializer, index._store.Keys);
            index._count = count;
            return index;
        }
        catch
        {
            index.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Reads the row sections. The first one read grows the blocks as its rows arrive (unless they were allocated for
    /// every row already); each row is checked, including that normalized rows have unit length (a file whose checksums
    /// match but whose rows are not normalized would otherwise load and return wrong scores).
    /// </summary>
    private void ReadSections(IndexFile.Reader reader, int count)
    {
        if (Has(EmbeddingStorage.Float32))
        {
            ReadRows(reader, static store => store.Floats!, _floatStride, _dimensions, count);
            Span<float> block = _store.Floats!.Span;
            for (int row = 0; row < count; row++)
            {
                CheckUnitRow(block.Slice(row * _floatStride, _dimensions), "float32 row", row);
            }
        }

        if (Has(EmbeddingStorage.Int8))
        {
            ReadOnlySpan<float> scales = MemoryMarshal.Cast<byte, float>(reader.ReadSection(count * sizeof(float)));
            ReadRows(reader, static store => store.Codes!, _codeStride, _dimensions, count);
            Span<sbyte> codes = _store.Codes!.Span;
            for (int row = 0; row < count; row++)
            {
                CheckInt8Row(codes.Slice(row * _codeStride, _dimensions), scales[row], row);
            }

            scales.CopyTo(_store.Scales);
        }

        if (Has(EmbeddingStorage.Binary))
        {
            ReadRows(reader, static store => store.Bits!, _words, _words, count);
            Span<ulong> block = _store.Bits!.Span;
            int used = _dimensions % 64;
            if (used != 0)
            {
                ulong unused = ~0UL << used;
                for (int row = 0; row < count; row++)
                {
                    if ((block[(row * _words) + _words - 1] & unused) != 0)
                    {
                        throw new InvalidDataException($"The embedding index is corrupted: binary row {row} has bits past the last dimension.");
                    }
                }
            }
        }
    }

    /// <summary>
    /// Reads the IVF section (after the rows, so the allocation is bounded by bytes that arrived: the lists are at most the
    /// rows, and the centroids at most the float32 rows) and rebuilds the lists.
    /// </summary>
    private void ReadIvf(IndexFile.Reader reader, long length, int count)
    {
        Span<byte> head = stackalloc byte[8];
        reader.ReadExactly(head);
        int lists = BinaryPrimitives.ReadInt32LittleEndian(head);
        if (!Has(EmbeddingStorage.Float32) || lists < 1 || lists > count || BinaryPrimitives.ReadInt32LittleEndian(head[4..]) != 0
            || length != IvfSectionLength(lists, _dimensions, count))
        {
            throw new InvalidDataException("The embedding index is corrupted: its inverted-list section does not match its rows.");
        }

        var ivf = new Ivf(lists, _floatStride, _codeStride, _store.Capacity);
        Span<float> centroids = ivf.Centroids.Span;
        for (int list = 0; list < lists; list++)
        {
            Span<float> line = centroids.Slice(list * _floatStride, _floatStride);
            reader.ReadExactly(line[.._dimensions]);
            line[_dimensions..].Clear();
            CheckUnitRow(line[.._dimensions], "IVF centroid", list);
        }

        Span<int> assignment = ivf.Assignment.AsSpan(0, count);
        reader.ReadExactly(assignment);
        foreach (int list in assignment)
        {
            if ((uint)list >= (uint)lists)
            {
                throw new InvalidDataException($"The embedding index is corrupted: a row is assigned to IVF list {list} of {lists}.");
            }
        }

        ivf.FillLists(this, assignment, count);
        _ivf = ivf;
    }

    /// <summary>
    /// Reads <paramref name="count"/> rows of <paramref name="length"/> elements into a block with <paramref name="stride"/>
    /// elements per row (zeroing the padding). When the block has room for fewer rows it grows as the rows arrive:
    /// 4 KiB of rows first (at least one row), then doubling, never past <paramref name="count"/>.
    /// </summary>
    private void ReadRows<T>(IndexFile.Reader reader, Func<Store, AlignedArray<T>> block, int stride, int length, int count)
        where T : unmanaged
    {
        int rowBytes = length * Unsafe.SizeOf<T>();
        int row = 0;
        while (row < count)
        {
            if (row == _store.Capacity)
            {
                long grown = Math.Max(Math.Max(1, 4096 / rowBytes), 2L * row);
                Resize((int)Math.Min(count, grown), row);
            }

            int end = Math.Min(count, _store.Capacity);
            Span<T> span = block(_store).Span;
            if (stride == length)
            {
                reader.ReadExactly(span[(row * stride)..(end * stride)]);
            }
            else
            {
                for (; row < end; row++)
                {
                    Span<T> line = span.Slice(row * stride, stride);
                    reader.ReadExactly(line[..length]);
                    line[length..].Clear();
                }
            }

            row = end;
        }
    }

    /// <summary>Slack on the squared norm of a stored unit row: far above float rounding, far below any real scaling.</summary>
    private const double UnitTolerance = 1e-3;

    /// <summary>A stored row (or centroid) must be a unit vector or the zero vector.</summary>
    private static void CheckUnitRow(ReadOnlySpan<float> row, string what, int index)
    {
        float sumOfSquares = TensorPrimitives.SumOfSquares(row);
        if (sumOfSquares == 0f ? TensorPrimitives.MaxMagnitude(row) != 0f : !(Math.Abs(sumOfSquares - 1.0) <= UnitTolerance))
        {
            throw new InvalidDataException(
                $"The embedding index is corrupted: {what} {index} is not a unit vector (squared norm {sumOfSquares}); rows are stored normalized.");
        }
    }

    /// <summary>
    /// An int8 row must be what <see cref="Quantization.ToInt8"/> makes of a unit vector u: codes in [-127, 127], the
    /// largest magnitude 127 and <c>scale = max|u| / 127 ≤ 1/127</c>, and <c>‖codes·scale‖</c> within the rounding bound
    /// <c>√d·scale/2</c> of 1; or all zero with scale 0 (a zero vector).
    /// </summary>
    private static void CheckInt8Row(ReadOnlySpan<sbyte> codes, float scale, int index)
    {
        if (!(scale >= 0f && scale <= (1f / Quantization.Int8Max) * (1f + 1e-6f)))
        {
            throw new InvalidDataException($"The embedding index is corrupted: int8 row {index} has scale {scale}, outside [0, 1/127].");
        }

        int max = 0;
        long sumOfSquares = 0;
        foreach (sbyte code in codes)
        {
            int c = code;
            if (c == sbyte.MinValue)
            {
                throw new InvalidDataException("The embedding index is corrupted: an int8 code is -128 (codes are in [-127, 127]).");
            }

            max = Math.Max(max, Math.Abs(c));
            sumOfSquares += c * c;
        }

        double norm = Math.Sqrt(sumOfSquares) * scale;
        bool valid = scale == 0f
            ? max == 0
            : max == Quantization.Int8Max && Math.Abs(norm - 1.0) <= (Math.Sqrt(codes.Length) * scale / 2) + UnitTolerance;
        if (!valid)
        {
            throw new InvalidDataException(
                $"The embedding index is corrupted: int8 row {index} does not encode a unit vector (norm {norm:G4}, largest code {max}); rows are stored normalized.");
        }
    }

    private static void DecodeKeys(byte[] bytes, int count, int kind, IEmbeddingKeySerializer<TKey>? serializer, TKey[] keys)
    {
        if (kind == IndexFile.KeyCustom)
        {
            using var memory = new MemoryStream(bytes, writable: false);
            using var reader = new BinaryReader(memory, StrictUtf8, leaveOpen: true);
            for (int i = 0; i < count; i++)
            {
                TKey key;
                try
                {
                    key = serializer!.Read(reader);
                }
                catch (Exception e) when (e is EndOfStreamException or IOException or FormatException or ArgumentException
                    or DecoderFallbackException or OverflowException or InvalidOperationException)
                {
                    throw new InvalidDataException($"The key serializer failed to read key {i}: {e.Message}", e);
                }

                keys[i] = key ?? throw new InvalidDataException($"The key serializer returned null for key {i}.");
            }

            if (memory.Position != bytes.Length)
            {
                throw new InvalidDataException("The key serializer did not read the key section exactly; it does not match the serializer used to save.");
            }

            return;
        }

        ReadOnlySpan<byte> span = bytes;
        int width = kind switch { IndexFile.KeyInt32 => 4, IndexFile.KeyInt64 => 8, IndexFile.KeyGuid => 16, _ => 0 };
        if (width != 0 && span.Length != (long)count * width)
        {
            throw new InvalidDataException("The embedding index is corrupted: the key section has the wrong length.");
        }

        for (int i = 0; i < count; i++)
        {
            switch (kind)
            {
                case IndexFile.KeyString:
                    if (span.Length < 4)
                    {
                        throw new InvalidDataException("The embedding index is corrupted: the key section ends inside a key.");
                    }

                    int length = BinaryPrimitives.ReadInt32LittleEndian(span);
                    if (length < 0 || length > span.Length - 4)
                    {
                        throw new InvalidDataException("The embedding index is corrupted: a key length is out of range.");
                    }

                    string text;
                    try
                    {
                        text = StrictUtf8.GetString(span.Slice(4, length));
                    }
                    catch (DecoderFallbackException e)
                    {
                        throw new InvalidDataException("The embedding index is corrupted: a key is not valid UTF-8.", e);
                    }

                    keys[i] = Unsafe.As<string, TKey>(ref text);
                    span = span[(4 + length)..];
                    break;
                case IndexFile.KeyInt32:
                    int int32 = BinaryPrimitives.ReadInt32LittleEndian(span[(i * 4)..]);
                    keys[i] = Unsafe.As<int, TKey>(ref int32);
                    break;
                case IndexFile.KeyInt64:
                    long int64 = BinaryPrimitives.ReadInt64LittleEndian(span[(i * 8)..]);
                    keys[i] = Unsafe.As<long, TKey>(ref int64);
                    break;
                default:
                    var guid = new Guid(span.Slice(i * 16, 16));
                    keys[i] = Unsafe.As<Guid, TKey>(ref guid);
                    break;
            }
        }

        if (kind == IndexFile.KeyString && !span.IsEmpty)
        {
            throw new InvalidDataException("The embedding index is corrupted: the key section has bytes after the last key.");
        }
    }
}
