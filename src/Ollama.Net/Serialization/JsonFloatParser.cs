using System.Runtime.CompilerServices;

namespace Ollama.Net.Serialization;

/// <summary>
/// Parses the text of a JSON number (already validated by <see cref="System.Text.Json.Utf8JsonReader"/>) into a
/// <see cref="float"/>, correctly rounded, for the common shape of embedding values (at most 19 significant digits and
/// a small power of ten). Anything else returns false and the caller falls back to the general parser.
/// </summary>
/// <remarks>
/// The significand <c>w</c> (≤ 2^53) and 10^|e| (e ≤ 22) are exact doubles, so one multiplication or division gives the
/// correctly rounded double of the decimal value. Rounding that double once more to float is correct unless it landed
/// exactly on a midpoint between two floats (then the decimal may lie on either side): that case, and the float
/// subnormal and overflow ranges, go to the general parser.
/// </remarks>
internal static class JsonFloatParser
{
    private const ulong MaxExactSignificand = 1UL << 53;
    private const int MaxFastExponent = 22;
    private const ulong MidpointBits = 1UL << 28;            // float keeps 24 of double's 53 significand bits
    private const ulong DroppedBitsMask = (1UL << 29) - 1;
    private const double SmallestNormalFloat = 1.1754943508222875E-38; // 2^-126

    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>Tries the fast path; false means "use the general parser", never "not a number".</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParse(ReadOnlySpan<byte> text, out float value)
    {
        value = 0;
        var i = 0;
        var negative = false;
        if (i < text.Length && text[i] == (byte)'-')
        {
            negative = true;
            i++;
        }

        ulong significand = 0;
        var digits = 0;   // significant digits in the significand (leading zeros not counted)
        var exponent = 0;

        // Integer part.
        for (; i < text.Length; i++)
        {
            var d = (uint)(text[i] - '0');
            if (d > 9)
            {
                break;
            }

            if (significand != 0 || d != 0)
            {
                if (++digits > 19)
                {
                    return false;
                }

                significand = significand * 10 + d;
            }
        }

        // Fraction.
        if (i < text.Length && text[i] == (byte)'.')
        {
            for (i++; i < text.Length; i++)
            {
                var d = (uint)(text[i] - '0');
                if (d > 9)
                {
                    break;
                }

                exponent--;
                if (significand != 0 || d != 0)
                {
                    if (++digits > 19)
                    {
                        return false;
                    }

                    significand = significand * 10 + d;
                }
            }
        }

        // Exponent.
        if (i < text.Length && (text[i] | 0x20) == (byte)'e')
        {
            i++;
            var negativeExponent = false;
            if (i < text.Length && (text[i] == (byte)'-' || text[i] == (byte)'+'))
            {
                negativeExponent = text[i] == (byte)'-';
                i++;
            }

            var explicitExponent = 0;
            for (; i < text.Length; i++)
            {
                var d = (uint)(text[i] - '0');
                if (d > 9 || explicitExponent > 10_000)
                {
                    return false;
                }

                explicitExponent = explicitExponent * 10 + (int)d;
            }

            exponent += negativeExponent ? -explicitExponent : explicitExponent;
        }

        if (i != text.Length)
        {
            return false;
        }

        return TryCompose(negative, significand, exponent, out value);
    }

    /// <summary>
    /// The value of ±<paramref name="significand"/> × 10^<paramref name="exponent"/> when the fast path is exact; false
    /// (use the general parser) otherwise. The significand must come from at most 19 decimal digits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryCompose(bool negative, ulong significand, int exponent, out float value)
    {
        value = 0;
        if (significand == 0)
        {
            value = negative ? -0f : 0f;
            return true;
        }

        if (significand > MaxExactSignificand || exponent < -MaxFastExponent || exponent > MaxFastExponent)
        {
            return false;
        }

        var exact = exponent >= 0 ? significand * PowersOfTen[exponent] : significand / PowersOfTen[-exponent];
        if (exact < SmallestNormalFloat || exact > float.MaxValue ||
            (BitConverter.DoubleToUInt64Bits(exact) & DroppedBitsMask) == MidpointBits)
        {
            return false;
        }

        value = negative ? -(float)exact : (float)exact;
        return true;
    }
}
