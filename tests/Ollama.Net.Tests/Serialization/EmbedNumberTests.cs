using System.Globalization;
using System.Text;
using System.Text.Json;
using Ollama.Net.Serialization;

namespace Ollama.Net.Tests.Serialization;

/// <summary>
/// Numbers where the runtime's parsers are easiest to disagree with: many digits, exact ties between two floats, large
/// exponents, the ends of the float range. The embed reply's fast path must read each exactly as the contract
/// (<see cref="Utf8JsonReader.GetSingle"/>) reads it, and <see cref="JsonFloatParser"/>, when it accepts one, must agree
/// with both the contract and <see cref="float.Parse(string, NumberStyles, IFormatProvider?)"/>.
/// </summary>
public class EmbedNumberTests
{
    [Theory]
    [InlineData("2.33000000000000000000000E+009")]  // the CsCheck seed 8kJQFTyjYZI7 case: a tie (2330000000 = 2^8 × 9101562.5)
    [InlineData("2.3300000000000000000E+009")]      // 20 significant digits: the first length where the runtime's parsers part
    [InlineData("2.330000000000000000E+009")]       // 19 significant digits
    [InlineData("2.33e+009")]
    [InlineData("2.33E+09")]
    [InlineData("2330000000")]
    [InlineData("2330000000.0000000000000000000")]
    [InlineData("2330000000000000000000000000000e-21")]
    [InlineData("2330000000.00000000000000000001")] // just above the tie
    [InlineData("2329999999.99999999999999999999")] // just below the tie
    [InlineData("2.333009E+09")]
    [InlineData("2333008896")]
    [InlineData("16777217")]                        // 2^24 + 1: a tie
    [InlineData("16777217.00000000000000000000000000")]
    [InlineData("16777219")]                        // a tie rounding up to even
    [InlineData("1.000000059604644775390625")]      // 1 + 2^-24: a tie
    [InlineData("1.0000000596046447753906250000001")]
    [InlineData("1.00000005960464477539062499999")]
    [InlineData("3.4028235e38")]
    [InlineData("3.40282356779733661637539395458142568448e38")] // the tie above float.MaxValue: overflows
    [InlineData("-1e400")]
    [InlineData("1.17549435e-38")]
    [InlineData("1.4e-45")]
    [InlineData("7e-46")]
    [InlineData("9007199254740993e-7")]
    [InlineData("1234567890123456789e-22")]
    [InlineData("1.00000006")]                      // just above the 1 + 2^-24 tie, short enough for the fast path
    [InlineData("16777218.5")]
    [InlineData("-0.012345678")]
    [InlineData("1.2345678e-05")]
    public void A_number_in_an_embed_reply_reads_as_the_contract_reads_it(string number)
    {
        var bytes = Encoding.UTF8.GetBytes(number);
        var reader = new Utf8JsonReader(bytes);
        Assert.True(reader.Read());
        var expected = BitConverter.SingleToInt32Bits(reader.GetSingle());

        var reply = Encoding.UTF8.GetBytes($$"""{"model":"m","embeddings":[[0.5,{{number}}]]}""");
        var contract = JsonSerializer.Deserialize(reply, OllamaJsonContext.Default.EmbedResult)!;
        var fast = EmbedResultParser.Parse(reply)!;
        Assert.Equal(expected, BitConverter.SingleToInt32Bits(contract.Embeddings[0].Span[1]));
        Assert.Equal(expected, BitConverter.SingleToInt32Bits(fast.Embeddings[0].Span[1]));

        if (JsonFloatParser.TryParse(bytes, out var value))
        {
            Assert.Equal(expected, BitConverter.SingleToInt32Bits(value));
            Assert.Equal(expected, BitConverter.SingleToInt32Bits(float.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture)));
        }
    }
}
