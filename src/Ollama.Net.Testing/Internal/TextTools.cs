using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Ollama.Net.Testing.Internal;

/// <summary>Deterministic text helpers: text elements, chunking, token estimates, stable hashes.</summary>
internal static class TextTools
{
    /// <summary>Splits text into user-perceived characters (grapheme clusters), so emoji and CJK stay whole.</summary>
    public static List<string> TextElements(string text)
    {
        var list = new List<string>(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var len = StringInfo.GetNextTextElementLength(text, i);
            if (len <= 0)
            {
                len = 1;
            }

            list.Add(text.Substring(i, len));
            i += len;
        }

        return list;
    }

    /// <summary>Splits text into chunks of <paramref name="size"/> text elements.</summary>
    public static List<string> Chunk(string text, int size)
    {
        var chunks = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return chunks;
        }

        var elements = TextElements(text);
        var sb = new StringBuilder();
        var n = 0;
        foreach (var e in elements)
        {
            sb.Append(e);
            if (++n == size)
            {
                chunks.Add(sb.ToString());
                sb.Clear();
                n = 0;
            }
        }

        if (sb.Length > 0)
        {
            chunks.Add(sb.ToString());
        }

        return chunks;
    }

    /// <summary>A rough, deterministic token count: runs of letters or digits count one token per 4 characters, CJK and
    /// punctuation one token each, whitespace nothing.</summary>
    public static int EstimateTokens(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        var tokens = 0;
        var run = 0;
        foreach (var e in TextElements(text))
        {
            var c = e[0];
            if (char.IsLetterOrDigit(c) && !IsCjk(c))
            {
                run++;
                continue;
            }

            tokens += (run + 3) / 4;
            run = 0;
            if (!char.IsWhiteSpace(c))
            {
                tokens++;
            }
        }

        return tokens + ((run + 3) / 4);
    }

    public static bool IsCjk(char c) =>
        c is >= '\u3040' and <= '\u30FF' or >= '\u3400' and <= '\u4DBF' or >= '\u4E00' and <= '\u9FFF'
            or >= '\uAC00' and <= '\uD7AF' or >= '\uF900' and <= '\uFAFF';

    /// <summary>64-bit FNV-1a over the UTF-16 code units of <paramref name="text"/>; stable across processes.</summary>
    public static ulong Fnv1a(string text, ulong seed = 0)
    {
        var hash = 14695981039346656037UL ^ seed;
        foreach (var c in text)
        {
            hash ^= (byte)c;
            hash *= 1099511628211UL;
            hash ^= (byte)(c >> 8);
            hash *= 1099511628211UL;
        }

        return hash;
    }

    /// <summary>Lower-case hex SHA-256 of a UTF-8 string.</summary>
    public static string Sha256Hex(string text) => Sha256Hex(Encoding.UTF8.GetBytes(text));

    /// <summary>Lower-case hex SHA-256 of bytes.</summary>
    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>
    /// Go's <c>%q</c> (<c>strconv.Quote</c>): double quotes around the text, with <c>"</c>, <c>\</c> and characters that are
    /// not printable escaped (<c>\n</c>, <c>\x00</c>, <c>\u00ad</c>).
    /// </summary>
    public static string GoQuote(string text)
    {
        var sb = new StringBuilder(text.Length + 2).Append('"');
        foreach (var r in text.EnumerateRunes())
        {
            var v = r.Value;
            if (v is '"' or '\\')
            {
                sb.Append('\\').Append((char)v);
            }
            else if (v == ' ' || IsGoPrintable(r))
            {
                sb.Append(r.ToString());
            }
            else
            {
                sb.Append(v switch
                {
                    '\a' => "\\a",
                    '\b' => "\\b",
                    '\f' => "\\f",
                    '\n' => "\\n",
                    '\r' => "\\r",
                    '\t' => "\\t",
                    '\v' => "\\v",
                    < 0x80 => string.Create(CultureInfo.InvariantCulture, $"\\x{v:x2}"),
                    < 0x10000 => string.Create(CultureInfo.InvariantCulture, $"\\u{v:x4}"),
                    _ => string.Create(CultureInfo.InvariantCulture, $"\\U{v:x8}"),
                });
            }
        }

        return sb.Append('"').ToString();
    }

    /// <summary>Go's <c>unicode.IsPrint</c> without the space: letters, marks, numbers, punctuation and symbols.</summary>
    private static bool IsGoPrintable(Rune r) => Rune.GetUnicodeCategory(r) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.SpaceSeparator => false,
        _ => true,
    };
}
