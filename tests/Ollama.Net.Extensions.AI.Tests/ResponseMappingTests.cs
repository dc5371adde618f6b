using System.Text.Json;
using Microsoft.Extensions.AI;
using Ollama.Net.Extensions.AI.Tests.Infrastructure;

namespace Ollama.Net.Extensions.AI.Tests;

public class ResponseMappingTests
{
    private static async Task<ChatResponse> ReplyAsync(string replyJson, ChatOptions? options = null)
    {
        var handler = new FakeHttpHandler().EnqueueJson(replyJson);
        using var client = TestClient.Create(handler);
        return await client.AsIChatClient("m").GetResponseAsync("Hi", options);
    }

    [Fact]
    public async Task A_text_reply_carries_text_model_time_ids_usage_finish_reason_and_raw_result()
    {
        var response = await ReplyAsync(TestClient.TextReply("Hello!", model: "llama3.2:latest"));

        var message = Assert.Single(response.Messages);
        Assert.Equal(ChatRole.Assistant, message.Role);
        Assert.Equal("Hello!", response.Text);
        Assert.IsType<TextContent>(Assert.Single(message.Contents));
        Assert.Equal("llama3.2:latest", response.ModelId);
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 10, 0, 0, 500, TimeSpan.Zero), response.CreatedAt);
        Assert.Equal(response.CreatedAt, message.CreatedAt);
        Assert.False(string.IsNullOrEmpty(response.ResponseId));
        Assert.False(string.IsNullOrEmpty(message.MessageId));
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(12, response.Usage!.InputTokenCount);
        Assert.Equal(20, response.Usage.OutputTokenCount);
        Assert.Equal(32, response.Usage.TotalTokenCount);
        Assert.IsType<ChatResult>(response.RawRepresentation);
        Assert.IsType<Message>(message.RawRepresentation);
        Assert.Equal(TimeSpan.FromSeconds(2.5), response.AdditionalProperties!["total_duration"]);
        Assert.Equal(TimeSpan.FromSeconds(0.5), response.AdditionalProperties["load_duration"]);
        Assert.Equal(TimeSpan.FromSeconds(0.1), response.AdditionalProperties["prompt_eval_duration"]);
        Assert.Equal(TimeSpan.FromSeconds(1), response.AdditionalProperties["eval_duration"]);
    }

    [Theory]
    [InlineData("length", "length")]
    [InlineData("load", "load")]
    [InlineData("stop", "stop")]
    public async Task Done_reasons_map_to_finish_reasons(string doneReason, string expected)
    {
        var response = await ReplyAsync(TestClient.TextReply("x", doneReason));
        Assert.Equal(new ChatFinishReason(expected), response.FinishReason);
    }

    [Fact]
    public async Task Thinking_comes_back_as_reasoning_content_before_the_text()
    {
        var response = await ReplyAsync(TestClient.ChatReply("""{"role":"assistant","content":"42","thinking":"6 times 7"}"""));
        var contents = Assert.Single(response.Messages).Contents;
        Assert.Equal("6 times 7", Assert.IsType<TextReasoningContent>(contents[0]).Text);
        Assert.Equal("42", Assert.IsType<TextContent>(contents[1]).Text);
        Assert.Equal("42", response.Text);
    }

    [Fact]
    public async Task Reasoning_output_none_drops_the_thinking()
    {
        var response = await ReplyAsync(
            TestClient.ChatReply("""{"role":"assistant","content":"42","thinking":"6 times 7"}"""),
            new ChatOptions { Reasoning = new ReasoningOptions { Output = ReasoningOutput.None } });
        Assert.DoesNotContain(Assert.Single(response.Messages).Contents, c => c is TextReasoningContent);
    }

    [Fact]
    public async Task Tool_calls_become_function_calls_with_ollamas_ids_and_a_tool_calls_finish_reason()
    {
        var response = await ReplyAsync(TestClient.ChatReply(
            """{"role":"assistant","content":"","tool_calls":[{"id":"call_abc","function":{"index":0,"name":"get_weather","arguments":{"city":"Paris","days":3}}},{"function":{"index":1,"name":"get_time","arguments":{}}}]}"""));

        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        var calls = Assert.Single(response.Messages).Contents.OfType<FunctionCallContent>().ToList();
        Assert.Equal(2, calls.Count);
        Assert.Equal("call_abc", calls[0].CallId);
        Assert.Equal("get_weather", calls[0].Name);
        Assert.Equal("Paris", ((JsonElement)calls[0].Arguments!["city"]!).GetString());
        Assert.Equal(3, ((JsonElement)calls[0].Arguments!["days"]!).GetInt32());
        Assert.IsType<ToolCall>(calls[0].RawRepresentation);
        Assert.Equal("get_time", calls[1].Name);
        Assert.StartsWith("call_", calls[1].CallId, StringComparison.Ordinal); // made up: the server sent none
        Assert.NotEqual(calls[0].CallId, calls[1].CallId);
        Assert.Empty(calls[1].Arguments!);
    }

    [Fact]
    public async Task Each_response_gets_its_own_ids()
    {
        var handler = new FakeHttpHandler().EnqueueJson(TestClient.TextReply("a")).EnqueueJson(TestClient.TextReply("b"));
        using var client = TestClient.Create(handler);
        var chat = client.AsIChatClient("m");
        var first = await chat.GetResponseAsync("Hi");
        var second = await chat.GetResponseAsync("Hi");
        Assert.NotEqual(first.ResponseId, second.ResponseId);
        Assert.NotEqual(first.Messages[0].MessageId, second.Messages[0].MessageId);
    }

    [Fact]
    public async Task Server_errors_surface_as_ollama_exceptions()
    {
        var handler = new FakeHttpHandler().EnqueueJson("""{"error":"model 'm' not found"}""", System.Net.HttpStatusCode.NotFound);
        using var client = TestClient.Create(handler);
        await Assert.ThrowsAsync<OllamaModelNotFoundException>(() => client.AsIChatClient("m").GetResponseAsync("Hi"));
    }
}
