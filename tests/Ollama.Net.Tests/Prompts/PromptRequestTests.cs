using Ollama.Net.Prompts;
using Ollama.Net.Tests.Infrastructure;

namespace Ollama.Net.Tests.Prompts;

public class PromptRequestTests
{
    [Fact]
    public void ToChatRequest_copies_the_turns()
    {
        var prompt = new PromptBuilder().WithRole("a judge").WithTask("Rate Acme").WithOutputFormat(FormatConstraint.Integer(1, 10)).Build();
        var request = prompt.ToChatRequest("qwen3");
        Assert.Equal("qwen3", request.Model);
        Assert.Equal(2, request.Messages.Count);
        Assert.Equal(MessageRole.System, request.Messages[0].Role);
        Assert.Equal("You are a judge.", request.Messages[0].Content);
        Assert.Equal(MessageRole.User, request.Messages[1].Role);
        Assert.Equal("Task: Rate Acme.\n\nAnswer with a whole number from 1 to 10 and nothing else.", request.Messages[1].Content);
        Assert.Null(request.Format);

        // Each call makes new messages.
        request.Messages[1].Content = "changed";
        Assert.Equal("Task: Rate Acme.\n\nAnswer with a whole number from 1 to 10 and nothing else.", prompt.ToChatRequest("qwen3").Messages[1].Content);
    }

    [Fact]
    public void ToChatRequest_with_turn_examples()
    {
        var prompt = new PromptBuilder().WithTask("Count the zeros").AddExample("1025", "1")
            .WithExampleStyle(ExampleStyle.Turns).WithInput("5023512004").Build();
        var messages = prompt.ToChatRequest("m").Messages;
        Assert.Equal([MessageRole.System, MessageRole.User, MessageRole.Assistant, MessageRole.User], messages.Select(m => m.Role));
        Assert.Equal(["Task: Count the zeros.", "1025", "1", "5023512004"], messages.Select(m => m.Content));
    }

    [Fact]
    public void Json_constraint_sends_its_schema_as_format()
    {
        var json = FormatConstraint.Json(PromptTestJson.Default.CompanyScore);
        var prompt = new PromptBuilder().WithTask("Score Acme").WithOutputFormat(json).Build();
        var chat = prompt.ToChatRequest("m");
        Assert.NotNull(chat.Format);
        Assert.Equal(json.SchemaText, chat.Format!.Schema!.Value.GetRawText());
        Assert.Same(json.RequestFormat, prompt.RequestFormat);
        var generate = prompt.ToGenerateRequest("m");
        Assert.Same(chat.Format, generate.Format);
    }

    [Fact]
    public void Json_constraint_with_reasoning_sends_no_format()
    {
        var json = FormatConstraint.Json(PromptTestJson.Default.CompanyScore);
        var prompt = new PromptBuilder().WithTask("Score Acme").ThinkStepByStep().WithOutputFormat(json).Build();
        Assert.Null(prompt.RequestFormat);
        Assert.Null(prompt.ToChatRequest("m").Format);
        Assert.EndsWith($"After your reasoning, give the final answer as a single JSON value in a ```json code block, matching this JSON Schema:\n{json.SchemaText}",
            prompt.UserText, StringComparison.Ordinal);
    }

    [Fact]
    public void ToGenerateRequest_uses_the_single_message_form()
    {
        var prompt = new PromptBuilder(PromptLanguage.Chinese).WithRole("一名数学老师").WithTask("数零").AddExample("1025", "1")
            .WithExampleStyle(ExampleStyle.Turns).WithInput("5023512004").Build();
        var request = prompt.ToGenerateRequest("qwen3");
        Assert.Equal("qwen3", request.Model);
        Assert.Equal("你是一名数学老师。", request.System);
        Assert.Equal("任务：数零。\n\n示例：\n输入：1025\n输出：1\n\n输入：5023512004", request.Prompt);
        Assert.Null(request.Format);

        var noRole = new PromptBuilder().WithInput("Hi").Build().ToGenerateRequest("m");
        Assert.Null(noRole.System);
        Assert.Equal("Input: Hi", noRole.Prompt);
    }

    [Fact]
    public void Model_is_required()
    {
        var prompt = new PromptBuilder().WithTask("t").Build();
        Assert.Throws<ArgumentException>(() => prompt.ToChatRequest(" "));
        Assert.Throws<ArgumentNullException>(() => prompt.ToGenerateRequest(null!));
    }

    [Fact]
    public void Turn_converts_to_a_message()
    {
        var message = new PromptTurn(MessageRole.Assistant, "1").ToMessage();
        Assert.Equal(MessageRole.Assistant, message.Role);
        Assert.Equal("1", message.Content);
    }
}
