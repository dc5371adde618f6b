using System.Buffers.Binary;

namespace Samples.Common;

/// <summary>The format and size of a PNG, JPEG, GIF or WebP picture, read from its header (no image library needed).</summary>
/// <param name="Format">PNG, JPEG, GIF, WebP, or "unknown".</param>
/// <param name="Width">The width in pixels, 0 when unknown.</param>
/// <param name="Height">The height in pixels, 0 when unknown.</param>
public sealed record ImageInfo(string Format, int Width, int Height)
{
    /// <summary>Reads the header of a picture.</summary>
    /// <param name="data">The file's bytes.</param>
    /// <returns>What the header says.</returns>
    public static ImageInfo Read(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 24 && data.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return new("PNG", BinaryPrimitives.ReadInt32BigEndian(data[16..]), BinaryPrimitives.ReadInt32BigEndian(data[20..]));
        }

        if (data.Length >= 10 && (data.StartsWith("GIF87a"u8) || data.StartsWith("GIF89a"u8)))
        {
            return new("GIF", BinaryPrimitives.ReadUInt16LittleEndian(data[6..]), BinaryPrimitives.ReadUInt16LittleEndian(data[8..]));
        }

        if (data.Length >= 30 && data.StartsWith("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8))
        {
            return data[12..16].SequenceEqual("VP8X"u8)
                ? new("WebP", 1 + (data[24] | data[25] << 8 | data[26] << 16), 1 + (data[27] | data[28] << 8 | data[29] << 16))
                : new("WebP", 0, 0);
        }

        if (data.Length >= 4 && data[0] == 0xFF && data[1] == 0xD8)
        {
            // Walk the JPEG segments to the first start-of-frame marker (SOF0-SOF15 but DHT, JPG and DAC).
            var i = 2;
            while (i + 9 < data.Length && data[i] == 0xFF)
            {
                var marker = data[i + 1];
                var length = BinaryPrimitives.ReadUInt16BigEndian(data[(i + 2)..]);
                if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
                {
                    return new("JPEG", BinaryPrimitives.ReadUInt16BigEndian(data[(i + 7)..]), BinaryPrimitives.ReadUInt16BigEndian(data[(i + 5)..]));
                }

                i += 2 + length;
            }

            return new("JPEG", 0, 0);
        }

        return new("unknown", 0, 0);
    }

    /// <summary>"PNG, 320 × 200" (or only the format when the size is unknown).</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Width > 0 ? $"{Format}, {Width} × {Height}" : Format;
}
