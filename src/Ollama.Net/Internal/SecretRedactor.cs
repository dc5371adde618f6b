using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Ollama.Net.Internal;

/// <summary>
/// Masks a secret (the API key) in text: every run of <see cref="MinimumRun"/> or more characters that also occurs in the
/// secret becomes <c>***</c>, so that half a key (cut at a truncation, or echoed in parts) is masked as well as the whole.
/// Apply it before text is truncated.
/// </summary>
internal sealed class SecretRedactor
{
    /// <summary>The shortest run of the secret that is masked: 8 characters (the whole secret when it is shorter).</summary>
    public const int MinimumRun = 8;

    /// <summary>What a masked run becomes.</summary>
    public const string Mask = "***";

    private readonly string _secret;

    private SecretRedactor(string secret) => _secret = secret;

    /// <summary>A redactor for <paramref name="secret"/>, or null when there is none.</summary>
    public static SecretRedactor? For(string? secret) => string.IsNullOrEmpty(secret) ? null : new SecretRedactor(secret);

    /// <summary>The text with every run of the secret of <see cref="MinimumRun"/> characters or more replaced by <see cref="Mask"/>.</summary>
    [return: NotNullIfNotNull(nameof(text))]
    public string? Redact(string? text) => text is null ? null : Redact(text, text.Length);

    /// <summary>
    /// The first <paramref name="keep"/> characters of <paramref name="text"/>, redacted with the whole text in view: a
    /// run of the secret that crosses the cut is masked too, so no part of it survives the truncation.
    /// </summary>
    public string Redact(string text, int keep)
    {
        keep = Math.Clamp(keep, 0, text.Length);

        // A run of the secret of length >= n is covered by the secret's n-grams found in the text, and every n-gram
        // found is such a run: marking each occurrence of each n-gram marks exactly the characters to mask.
        var n = Math.Min(MinimumRun, _secret.Length);
        bool[]? masked = null;
        for (var start = 0; start + n <= _secret.Length; start++)
        {
            var gram = _secret.AsSpan(start, n);
            var from = 0;
            int found;
            while (from <= text.Length - n && (found = text.AsSpan(from).IndexOf(gram)) >= 0)
            {
                masked ??= new bool[text.Length];
                masked.AsSpan(from + found, n).Fill(true);
                from += found + 1;
            }
        }

        if (masked is null)
        {
            return keep == text.Length ? text : text[..keep];
        }

        var builder = new StringBuilder(keep);
        for (var i = 0; i < keep; i++)
        {
            if (!masked[i])
            {
                builder.Append(text[i]);
            }
            else if (i == 0 || !masked[i - 1])
            {
                builder.Append(Mask);
            }
        }

        return builder.ToString();
    }
}
