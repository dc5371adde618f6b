using Ollama.Net.Testing.Internal;

namespace Ollama.Net.Testing;

/// <summary>
/// The one deterministic tokenizer rule <see cref="OllamaTestServer"/> uses for every token count it reports or enforces
/// (<c>prompt_eval_count</c>, the context window, <c>/api/embed</c> truncation), so a test can compute the numbers it
/// expects.
/// </summary>
/// <remarks>
/// <para>
/// The text is split into user-perceived characters (text elements). A run of letters and digits (other than CJK)
/// counts one token per started group of 4 characters (<c>"hello"</c> is 2 tokens, <c>"cat"</c> 1); every CJK character
/// (kana, Han, Hangul) and every other non-whitespace character (punctuation, symbols, emoji) counts 1 token; whitespace
/// counts nothing. There are no special tokens: no BOS, no EOS.
/// </para>
/// <para>
/// A chat or generate prompt is counted on its rendering, which <c>_debug_render_only</c> shows: a line
/// <c>tools: &lt;the tools array as sent&gt;</c> when the request has tools, then one line <c>role: content</c> per
/// message (followed by the message's <c>tool_calls</c> JSON as sent, if any), then <c>assistant: </c>. The roles are
/// lower-cased. For a model with the vision capability each image adds 768 tokens, as Ollama's truncation assumes.
/// Generate renders its <c>system</c> (or the model's) and <c>prompt</c> as a system and a user message; <c>raw</c>
/// prompts are counted as they are; a <c>context</c> array adds one token per element.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// // {"model":"m","messages":[{"role":"user","content":"hi"}]} renders as "user: hi\nassistant: "
/// int expected = TestTokenizer.CountTokens("user: hi\nassistant: ");   // 7: user, :, hi, assistant (3), :
/// </code>
/// </example>
public static class TestTokenizer
{
    /// <summary>Counts the tokens of <paramref name="text"/> by the rule described on <see cref="TestTokenizer"/>.</summary>
    /// <param name="text">The text; null counts as empty.</param>
    /// <returns>The number of tokens (0 for empty or whitespace-only text).</returns>
    public static int CountTokens(string? text) => TextTools.EstimateTokens(text);
}
