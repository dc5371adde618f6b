using System.Buffers.Binary;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Ollama.Net.Numerics;

/// <summary>CRC-32C (Castagnoli, the iSCSI polynomial): hardware instructions where present, a table otherwise.</summary>
internal static class Crc32C
{
    private const uint ReversedPolynomial = 0x82F63B78u;

    private static readonly uint[] Table = BuildTable();

    /// <summary>True when the SSE4.2 or ARMv8 CRC instructions are used.</summary>
    public static bool IsAccelerated => Sse42.X64.IsSupported || Crc32.Arm64.IsSupported;

    /// <summary>Continues a CRC: start with 0, pass the previous result for the next chunk.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data) => Append(IsAccelerated, crc, data);

    /// <summary>Continues a CRC with or without hardware instructions (tests compare both).</summary>
    public static uint Append(bool accelerated, uint crc, ReadOnlySpan<byte> data)
    {
        uint state = ~crc;
        if (accelerated && Sse42.X64.IsSupported)
        {
            ulong wide = state;
            while (data.Length >= 8)
            {
                wide = Sse42.X64.Crc32(wide, BinaryPrimitives.ReadUInt64LittleEndian(data));
                data = data[8..];
            }

            state = (uint)wide;
            foreach (byte b in data)
            {
                state = Sse42.Crc32(state, b);
            }
        }
        else if (accelerated && Crc32.Arm64.IsSupported)
        {
            while (data.Length >= 8)
            {
                state = Crc32.Arm64.ComputeCrc32C(state, BinaryPrimitives.ReadUInt64LittleEndian(data));
                data = data[8..];
            }

            foreach (byte b in data)
            {
                state = Crc32.ComputeCrc32C(state, b);
            }
        }
        else
        {
            uint[] table = Table;
            foreach (byte b in data)
            {
                state = table[(byte)(state ^ b)] ^ (state >> 8);
            }
        }

        return ~state;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int bit = 0; bit < 8; bit++)
            {
                c = (c & 1) != 0 ? (c >> 1) ^ ReversedPolynomial : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
