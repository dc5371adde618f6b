using System.Text.Encodings.Web;

namespace Ollama.Net.Testing.Internal;

/// <summary>
/// Escapes JSON strings the way Go's <c>encoding/json</c> does: raw UTF-8 for every printable character,
/// <c>\"</c>, <c>\\</c>, <c>\n</c>, <c>\r</c>, <c>\t</c> short forms, and <c>\u00XX</c> for other control characters,
/// for the HTML-sensitive <c>&lt;</c>, <c>&gt;</c>, <c>&amp;</c>, and for U+2028 / U+2029.
/// </summary>
internal sealed class GoJsonEncoder : JavaScriptEncoder
{
    public static readonly GoJsonEncoder Instance = new();

    private GoJsonEncoder()
    {
    }

    public override int MaxOutputCharactersPerInputCharacter => 6;

    public override bool WillEncode(int unicodeScalar) =>
        unicodeScalar < 0x20 || unicodeScalar is '"' or '\\' or '<' or '>' or '&' or 0x2028 or 0x2029
        || (unicodeScalar >= 0xD800 && unicodeScalar <= 0xDFFF) || unicodeScalar > 0x10FFFF;

    public override unsafe int FindFirstCharacterToEncode(char* text, int textLength)
    {
        for (var i = 0; i < textLength; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < textLength && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }

            if (WillEncode(c))
            {
                return i;
            }
        }

        return -1;
    }

    public override unsafe bool TryEncodeUnicodeScalar(int unicodeScalar, char* buffer, int bufferLength, out int numberOfCharactersWritten)
    {
        ReadOnlySpan<char> escaped = unicodeScalar switch
        {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            _ => default,
        };

        if (escaped.IsEmpty && !WillEncode(unicodeScalar))
        {
            if (unicodeScalar > 0xFFFF)
            {
                if (bufferLength < 2)
                {
                    numberOfCharactersWritten = 0;
                    return false;
                }

                var s = char.ConvertFromUtf32(unicodeScalar);
                buffer[0] = s[0];
                buffer[1] = s[1];
                numberOfCharactersWritten = 2;
                return true;
            }

            if (bufferLength < 1)
            {
                numberOfCharactersWritten = 0;
                return false;
            }

            buffer[0] = (char)unicodeScalar;
            numberOfCharactersWritten = 1;
            return true;
        }

        if (escaped.IsEmpty)
        {
            // Lone surrogates and out-of-range scalars become U+FFFD, as Go does for invalid UTF-8.
            var value = unicodeScalar is (>= 0xD800 and <= 0xDFFF) or > 0x10FFFF ? 0xFFFD : unicodeScalar;
            if (value == 0xFFFD)
            {
                if (bufferLength < 1)
                {
                    numberOfCharactersWritten = 0;
                    return false;
                }

                buffer[0] = '\uFFFD';
                numberOfCharactersWritten = 1;
                return true;
            }

            escaped = $"\\u{value:x4}";
        }

        if (bufferLength < escaped.Length)
        {
            numberOfCharactersWritten = 0;
            return false;
        }

        escaped.CopyTo(new Span<char>(buffer, bufferLength));
        numberOfCharactersWritten = escaped.Length;
        return true;
    }
}
