using Ollama.Net.Internal;

namespace Ollama.Net.Tests.Internal;

public class SecretRedactorTests
{
    private const string Key = "sk-0123456789abcdef";

    [Theory]
    [InlineData("Bearer sk-0123456789abcdef.", "Bearer ***.")]
    [InlineData("half: sk-0123 | 456789abcdef", "half: sk-0123 | ***")]
    [InlineData("runs 0123456789 and 9abcdef", "runs *** and 9abcdef")]
    [InlineData("twice sk-0123456789abcdefsk-0123456789abcdef", "twice ***")]
    [InlineData("nothing of it here", "nothing of it here")]
    [InlineData("", "")]
    public void Every_run_of_8_or_more_characters_of_the_secret_is_masked(string text, string expected)
    {
        Assert.Equal(expected, SecretRedactor.For(Key)!.Redact(text));
    }

    [Fact]
    public void A_secret_shorter_than_8_characters_is_masked_whole()
    {
        Assert.Equal("a *** b", SecretRedactor.For("pw42")!.Redact("a pw42 b"));
        Assert.Null(SecretRedactor.For(null));
        Assert.Null(SecretRedactor.For(""));
    }

    [Fact]
    public void A_truncated_text_is_redacted_with_the_whole_text_in_view()
    {
        var text = "abc " + Key + " tail";

        // A cut after 6 characters of the key keeps none of them: the run was seen whole before the cut.
        Assert.Equal("abc ***", SecretRedactor.For(Key)!.Redact(text, 10));
        Assert.Equal("abc ", SecretRedactor.For(Key)!.Redact(text, 4));
        Assert.Equal("abc", SecretRedactor.For("zzzzzzzzz")!.Redact(text, 3));
    }
}
