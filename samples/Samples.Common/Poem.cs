namespace Samples.Common;

/// <summary>A poem of the tutorial.</summary>
/// <param name="Title">The full title, such as 念奴娇·赤壁怀古.</param>
/// <param name="ShortTitle">A short label for tables, such as 赤壁怀古.</param>
/// <param name="Author">The poet in Chinese.</param>
/// <param name="AuthorLatin">The poet in pinyin.</param>
/// <param name="Text">The full text.</param>
public sealed record Poem(string Title, string ShortTitle, string Author, string AuthorLatin, string Text)
{
    /// <summary>The sentences of the poem (split after 。？！), for a search corpus.</summary>
    public IReadOnlyList<string> Sentences
    {
        get
        {
            var result = new List<string>();
            var start = 0;
            for (var i = 0; i < Text.Length; i++)
            {
                if (Text[i] is '。' or '？' or '！' || Text[i] == '\n')
                {
                    var sentence = Text[start..(i + 1)].Trim();
                    if (sentence.Length > 1)
                    {
                        result.Add(sentence);
                    }

                    start = i + 1;
                }
            }

            if (start < Text.Length && Text[start..].Trim() is { Length: > 1 } rest)
            {
                result.Add(rest);
            }

            return result;
        }
    }
}
