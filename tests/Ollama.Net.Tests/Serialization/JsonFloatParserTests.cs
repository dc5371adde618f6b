using System.Globalization;
using System.Text;
using Ollama.Net.Serialization;

namespace Ollama.Net.Tests.Serialization;

/// <summary>The fast float path must give exactly what float.Parse gives whenever it accepts a number.</summary>
public class JsonFloatParserTests
{
    [Theory]
    [InlineData("0", 0f)]
    [InlineData("1", 1f)]
    [InlineData("-1", -1f)]
    [InlineData("0.5", 0.5f)]
    [InlineData("-0.015657583", -0.015657583f)]
    [InlineData("1e3", 1000f)]
    [InlineData("1E+3", 1000f)]
    [InlineData("2.5e-3", 0.0025f)]
    [InlineData("123456789", 123456789f)]
    [InlineData("0.000012345", 0.000012345f)]
    public void Parses_typical_values(string text, float expected)
    {
        Assert.True(JsonFloatParser.TryParse(Encoding.UTF8.GetBytes(text), out var value));
        Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(value));
    }

    [Fact]
    public void Negative_zero_keeps_its_sign()
    {
        Assert.True(JsonFloatParser.TryParse("-0.0"u8, out var value));
        Assert.True(float.IsNegative(value));
        Assert.Equal(0f, value);
    }

    [Theory]
    [InlineData("1e-40")]                       // float subnormal
    [InlineData("3.5e38")]                      // beyond float.MaxValue
    [InlineData("1e-30")]                       // power of ten beyond the exact table
    [InlineData("12345678901234567890123")]     // more than 19 digits
    [InlineData("9007199254740993")]            // significand above 2^53
    [InlineData("16777217")]                    // exactly halfway between two floats: ambiguous after rounding to double
    public void Declines_what_the_fast_path_cannot_do_exactly(string text)
    {
        Assert.False(JsonFloatParser.TryParse(Encoding.UTF8.GetBytes(text), out _));
    }

    [Fact]
    public void Agrees_bit_for_bit_with_float_Parse_on_random_values_in_every_format()
    {
        var random = new Random(1234);
        var accepted = 0;
        for (var i = 0; i < 200_000; i++)
        {
            var bits = random.Next(4) switch
            {
                0 => BitConverter.SingleToInt32Bits((float)(random.NextDouble() - 0.5) * 0.2f),   // embedding-like
                1 => BitConverter.SingleToInt32Bits((float)(random.NextDouble() * 2000 - 1000)),
                2 => random.Next(),                                                             // any bit pattern
                _ => BitConverter.SingleToInt32Bits((float)Math.Pow(10, random.NextDouble() * 60 - 30)),
            };
            var f = BitConverter.Int32BitsToSingle(bits);
            if (!float.IsFinite(f))
            {
                continue;
            }

            foreach (var format in new[] { "R", "G9", "E6", "F6", "G17" })
            {
                var text = f.ToString(format, CultureInfo.InvariantCulture);
                if (format == "G17")
                {
                    text = ((double)f).ToString("G17", CultureInfo.InvariantCulture);
                }

                var expected = float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
                if (JsonFloatParser.TryParse(Encoding.UTF8.GetBytes(text), out var value))
                {
                    accepted++;
                    Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(value), $"'{text}': expected {expected:R}, got {value:R}");
                }
            }
        }

        Assert.True(accepted > 400_000, $"Only {accepted} values took the fast path.");
    }

    [Fact]
    public void Agrees_with_float_Parse_next_to_float_midpoints()
    {
        // Decimal values a hair above, at and below the midpoint between two adjacent floats: the cases where
        // rounding first to double then to float could go wrong.
        var random = new Random(99);
        for (var i = 0; i < 20_000; i++)
        {
            var f = (float)(random.NextDouble() * 100);
            var next = MathF.BitIncrement(f);
            var midpoint = ((decimal)(double)f + (decimal)(double)next) / 2;
            foreach (var delta in new[] { 0m, 1e-20m, -1e-20m, 1e-12m, -1e-12m })
            {
                var text = (midpoint + delta).ToString(CultureInfo.InvariantCulture);
                var expected = float.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
                if (JsonFloatParser.TryParse(Encoding.UTF8.GetBytes(text), out var value))
                {
                    Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(value), $"'{text}': expected {expected:R}, got {value:R}");
                }
            }
        }
    }
}
