using Ollama.Net.Prompts;

namespace Ollama.Net.Tests.Prompts;

public class PromptTemplateTests
{
    [Fact]
    public void Renders_named_placeholders()
    {
        var t = PromptTemplate.Parse("Rate {company} from 1 to 10 by this definition: {definition}");
        Assert.Equal(["company", "definition"], t.Variables);
        Assert.Equal("Rate Acme from 1 to 10 by this definition: AI first.",
            t.Render(new Dictionary<string, string> { ["company"] = "Acme", ["definition"] = "AI first." }));
    }

    [Fact]
    public void Repeated_placeholders_and_chinese_names()
    {
        var t = PromptTemplate.Parse("{公司}：请给{公司}打分（{scale}分制）");
        Assert.Equal(["公司", "scale"], t.Variables);
        Assert.Equal("阿里巴巴：请给阿里巴巴打分（10分制）", t.Render(new Dictionary<string, string> { ["公司"] = "阿里巴巴", ["scale"] = "10" }));
    }

    [Fact]
    public void Double_braces_are_literal()
    {
        var t = PromptTemplate.Parse("Reply as {{\"score\": {score}}} for {name}.");
        Assert.Equal(["score", "name"], t.Variables);
        Assert.Equal("Reply as {\"score\": 8} for Acme.", t.Render(new Dictionary<string, string> { ["score"] = "8", ["name"] = "Acme" }));
        Assert.Equal("{}", PromptTemplate.Parse("{{}}").Render(new Dictionary<string, string>()));
    }

    [Fact]
    public void Values_are_inserted_as_they_are()
    {
        Assert.Equal("say {x} and }}", PromptTemplate.Parse("say {v}").Render("v", "{x} and }}"));
    }

    [Fact]
    public void Missing_value_names_the_placeholder()
    {
        var t = PromptTemplate.Parse("Rate {company} ({year})");
        var e = Assert.Throws<ArgumentException>(() => t.Render(new Dictionary<string, string> { ["year"] = "2024", ["name"] = "x" }));
        Assert.Equal("values", e.ParamName);
        Assert.StartsWith(
            "The template needs a value for the placeholder {company}, but none was given. Values given: year, name. Placeholders: {company}, {year}.",
            e.Message, StringComparison.Ordinal);

        var viaLookup = Assert.Throws<ArgumentException>(() => t.Render(name => name == "company" ? "Acme" : null));
        Assert.StartsWith("The template needs a value for the placeholder {year}, but none was given. Placeholders: {company}, {year}.",
            viaLookup.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unused_values_are_allowed_unless_strict()
    {
        var values = new Dictionary<string, string> { ["company"] = "Acme", ["extra"] = "x" };
        Assert.Equal("Rate Acme", PromptTemplate.Parse("Rate {company}").Render(values));

        var strict = PromptTemplate.Parse("Rate {company}", strict: true);
        Assert.True(strict.IsStrict);
        var e = Assert.Throws<ArgumentException>(() => strict.Render(values));
        Assert.StartsWith("The value \"extra\" is not used by the template (placeholders: {company}). Remove it, or parse the template with strict: false.",
            e.Message, StringComparison.Ordinal);
        Assert.Equal("Rate Acme", strict.Render("company", "Acme"));
    }

    [Theory]
    [InlineData("Rate {company", "The placeholder starting at position 5 of the template is not closed with '}'. Write '{{' for a literal brace.")]
    [InlineData("a } b", "Unmatched '}' at position 2 of the template. Write '}}' for a literal brace.")]
    [InlineData("x {} y", "Empty placeholder '{}' at position 2 of the template. Name it, such as {company}, or write '{{}}' for literal braces.")]
    [InlineData("{\"a\": 1}", "Invalid placeholder name \"\"a\": 1\" at position 0 of the template: names use letters, digits, '_', '-' or '.'. Write '{{' and '}}' for literal braces.")]
    [InlineData("{first name}", "Invalid placeholder name \"first name\" at position 0 of the template: names use letters, digits, '_', '-' or '.'. Write '{{' and '}}' for literal braces.")]
    public void Bad_templates_fail_with_the_position(string template, string message)
    {
        var e = Assert.Throws<FormatException>(() => PromptTemplate.Parse(template));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void Lookup_is_asked_once_per_distinct_placeholder()
    {
        var t = PromptTemplate.Parse("{a}{b}{a}{a}");
        var calls = new List<string>();
        var text = t.Render(name =>
        {
            calls.Add(name);
            return name.ToUpperInvariant();
        });
        Assert.Equal("ABAA", text);
        Assert.Equal(["a", "b"], calls);
    }

    [Fact]
    public void Plain_text_and_escape()
    {
        var t = PromptTemplate.Parse("no placeholders");
        Assert.Empty(t.Variables);
        Assert.Equal("no placeholders", t.Render(new Dictionary<string, string>()));
        Assert.Equal("", PromptTemplate.Parse("").Render(_ => null));
        Assert.Equal("{{\"a\": {{}}}}", PromptTemplate.Escape("{\"a\": {}}"));
        var json = PromptTemplate.Parse(PromptTemplate.Escape("{\"a\": 1}") + " {n}");
        Assert.Equal("{\"a\": 1} 2", json.Render("n", "2"));
        Assert.Equal("Rate {company}", PromptTemplate.Parse("Rate {company}").ToString());
        Assert.Equal("Rate {company}", PromptTemplate.Parse("Rate {company}").Text);
    }

    [Fact]
    public void Batch_rendering_over_many_inputs()
    {
        var t = PromptTemplate.Parse("公司：{company}，编号{id}。");
        var builder = new PromptBuilder(PromptLanguage.Chinese).WithTask("给公司打分").WithOutputFormat(FormatConstraint.Integer(1, 10));
        for (var i = 0; i < 500; i++)
        {
            var text = t.Render(new Dictionary<string, string> { ["company"] = "公司" + i, ["id"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            Assert.Equal($"公司：公司{i}，编号{i}。", text);
            var prompt = builder.WithInput(text).Build();
            Assert.Equal($"任务：给公司打分。\n\n输入：公司：公司{i}，编号{i}。\n\n只回答1到10之间的一个整数，不要输出其他内容。", prompt.UserText);
        }
    }

    [Fact]
    public void Arguments_are_checked()
    {
        Assert.Throws<ArgumentNullException>(() => PromptTemplate.Parse(null!));
        var t = PromptTemplate.Parse("{a}");
        Assert.Throws<ArgumentNullException>(() => t.Render((IReadOnlyDictionary<string, string>)null!));
        Assert.Throws<ArgumentNullException>(() => t.Render((Func<string, string?>)null!));
        Assert.Throws<ArgumentNullException>(() => t.Render("a", null!));
        Assert.Throws<ArgumentNullException>(() => PromptTemplate.Escape(null!));
    }
}
