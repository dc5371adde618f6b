namespace Ollama.Net.Prompts;

/// <summary>Reads small Chinese numerals (零 to 九十九: "八", "十", "十二", "二十", "九十九").</summary>
internal static class ChineseNumerals
{
    public static bool TryParse(string text, out decimal value)
    {
        value = 0;
        if (text.Length == 0)
        {
            return false;
        }

        var ten = text.IndexOf('十', StringComparison.Ordinal);
        if (ten < 0)
        {
            if (text.Length != 1)
            {
                return false;
            }

            var d = Digit(text[0]);
            value = d;
            return d >= 0;
        }

        var tens = 1;
        if (ten == 1)
        {
            tens = Digit(text[0]);
            if (tens < 1)
            {
                return false;
            }
        }
        else if (ten != 0)
        {
            return false;
        }

        var units = 0;
        if (ten + 1 < text.Length)
        {
            if (ten + 2 != text.Length)
            {
                return false;
            }

            units = Digit(text[ten + 1]);
            if (units < 1)
            {
                return false;
            }
        }

        value = tens * 10 + units;
        return true;
    }

    private static int Digit(char c) => c switch
    {
        '零' or '〇' => 0,
        '一' => 1,
        '二' or '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => -1,
    };
}
