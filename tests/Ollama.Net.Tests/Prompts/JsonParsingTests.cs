using System.Text.Json;
using Ollama.Net.Prompts;
using Ollama.Net.Tests.Infrastructure;

namespace Ollama.Net.Tests.Prompts;

public class JsonParsingTests
{
    private static readonly JsonConstraint<CompanyScore> Json = FormatConstraint.Json(PromptTestJson.Default.CompanyScore);

    [Theory]
    [InlineData("{\"name\":\"Acme\",\"score\":8}")]
    [InlineData("Here is the JSON you asked for:\n```json\n{\"name\": \"Acme\", \"score\": 8}\n```")]
    [InlineData("```\n{\"name\":\"Acme\",\"score\":8}\n```")]
    [InlineData("Sure! {\"name\":\"Acme\",\"score\":8} Hope this helps.")]
    [InlineData("{\"name\":\"Acme\",\"score\":8,}")]
    [InlineData("Thinking about {braces} first.\n```json\n{\n  \"name\": \"Acme\",\n  // the score\n  \"score\": 8\n}\n```\nDone.")]
    [InlineData("Draft:\n```json\n{\"name\":\"Acme\"}\n```\nFinal:\n```json\n{\"name\":\"Acme\",\"score\":8}\n```")]
    public void Accepts(string reply)
    {
        var result = Json.Parse(reply);
        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(new CompanyScore("Acme", 8), result.Value);
    }

    [Fact]
    public void Accepts_chinese_prose_and_text()
    {
        var result = Json.Parse("好的，结果如下：{\"name\":\"阿里巴巴\",\"score\":9} 希望有帮助。");
        Assert.Equal(new CompanyScore("阿里巴巴", 9), result.Value);
    }

    [Fact]
    public void Accepts_arrays()
    {
        var list = FormatConstraint.Json(PromptTestJson.Default.ListCompanyScore);
        var result = list.Parse("Here are both:\n[{\"name\":\"A\",\"score\":1},{\"name\":\"B\",\"score\":2}]");
        Assert.Equal([new CompanyScore("A", 1), new CompanyScore("B", 2)], result.Value);
    }

    [Fact]
    public void No_json()
    {
        var result = Json.Parse("I cannot produce JSON.");
        Assert.Equal(ParseErrorKind.NoValue, result.ErrorKind);
        Assert.Equal("The reply contains no JSON object: \"I cannot produce JSON.\".", result.Error);
        Assert.Equal("回答中没有JSON对象：“I cannot produce JSON.”。", result.GetError(PromptLanguage.Chinese));
    }

    [Fact]
    public void Invalid_json()
    {
        var result = Json.Parse("{\"name\": \"Acme\", \"score\": }");
        Assert.Equal(ParseErrorKind.InvalidJson, result.ErrorKind);
        Assert.StartsWith("The reply is not valid JSON: ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_shape()
    {
        var result = Json.Parse("```json\n{\"name\": \"Acme\", \"score\": \"high\"}\n```");
        Assert.Equal(ParseErrorKind.SchemaMismatch, result.ErrorKind);
        Assert.StartsWith("The JSON does not match the expected shape of CompanyScore: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("$.score", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Schema_comes_from_the_type_info()
    {
        Assert.NotNull(Json.JsonSchema);
        var schema = Json.JsonSchema!.Value;
        Assert.Equal("object", schema.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Object, schema.GetProperty("properties").GetProperty("score").ValueKind);
        Assert.Contains("\"name\"", Json.SchemaText, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", Json.SchemaText, StringComparison.Ordinal);
        var format = Json.RequestFormat;
        Assert.NotNull(format);
        Assert.False(format.IsJsonMode);
        Assert.Equal(Json.SchemaText, format.Schema!.Value.GetRawText());
    }

    [Fact]
    public void Instruction_texts_embed_the_schema()
    {
        Assert.Equal($"Reply with a single JSON value that matches this JSON Schema, and nothing else:\n{Json.SchemaText}", Json.GetInstruction(PromptLanguage.English));
        Assert.Equal($"只输出一个符合以下JSON Schema的JSON值，不要输出其他内容：\n{Json.SchemaText}", Json.GetInstruction(PromptLanguage.Chinese));
        Assert.Equal($"After your reasoning, give the final answer as a single JSON value in a ```json code block, matching this JSON Schema:\n{Json.SchemaText}",
            Json.GetInstructionAfterReasoning(PromptLanguage.English));
        Assert.Equal("Remember: the reply must be valid JSON that matches the schema.", Json.GetReminder(PromptLanguage.English));
        Assert.Equal("再次强调：回复必须是符合该Schema的合法JSON。", Json.GetReminder(PromptLanguage.Chinese));
    }
}
