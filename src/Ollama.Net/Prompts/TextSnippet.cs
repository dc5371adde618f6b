namespace Ollama.Net.Prompts;

/// <summary>Shortens model text for error messages.</summary>
internal static class TextSnippet
{
    public static string Of(string? text, int maxLength = 60)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var oneLine = text.Trim().ReplaceLineEndings(" ");
        return oneLine.Length <= maxLength ? oneLine : string.Concat(oneLine.AsSpan(0, maxLength), "…");
    }
}
