using System.Text.Json;
using Microsoft.Extensions.AI;
using Ollama.Net.Extensions.AI.Tests.Infrastructure;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace Ollama.Net.Extensions.AI.Tests;

public class MessageMappingTests
{
    private static async Task<JsonElement> SendAsync(params AIChatMessage[] messages)
    {
        var handler = new FakeHttpHandler().EnqueueJson(TestClient.TextReply("ok"));
        using var client = TestClient.Create(handler);
        await client.AsIChatClient("m").GetResponseAsync(messages);
        return handler.Body().GetProperty("messages");
    }

    [Fact]
    public async Task Roles_and_text_map_one_to_one()
    {
        var messages = await SendAsync(
            new AIChatMessage(ChatRole.System, "Be brief."),
            new AIChatMessage(ChatRole.User, "Hi"),
            new AIChatMessage(ChatRole.Assistant, "Hello!"),
            new AIChatMessage(new ChatRole("developer"), "Custom role"));

        JsonAssert.Equal(
            """
            [{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"},
             {"role":"assistant","content":"Hello!"},{"role":"developer","content":"Custom role"}]
            """,
            messages.GetRawText());
    }

    [Fact]
    public async Task Several_text_contents_are_concatenated()
    {
        var messages = await SendAsync(new AIChatMessage(ChatRole.User, [new TextContent("Hello "), new TextContent("world")]));
        Assert.Equal("Hello world", messages[0].GetProperty("content").GetString());
    }

    [Fact]
    public async Task Reasoning_content_is_sent_back_as_thinking()
    {
        var messages = await SendAsync(new AIChatMessage(ChatRole.Assistant, [new TextReasoningContent("Let me think."), new TextContent("42")]));
        JsonAssert.Equal("""[{"role":"assistant","content":"42","thinking":"Let me think."}]""", messages.GetRawText());
    }

    [Fact]
    public async Task Image_data_goes_into_images_as_base64()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3];
        byte[] wav = [0x52, 0x49, 0x46, 0x46];
        var messages = await SendAsync(new AIChatMessage(ChatRole.User,
            [new TextContent("What is this?"), new DataContent(png, "image/png"), new DataContent(wav, "audio/wav")]));

        JsonAssert.Equal(
            $$"""[{"role":"user","content":"What is this?","images":["{{Convert.ToBase64String(png)}}","{{Convert.ToBase64String(wav)}}"]}]""",
            messages.GetRawText());
    }

    [Fact]
    public async Task Other_data_and_uris_are_rejected_with_a_clear_message()
    {
        using var client = TestClient.Create(new FakeHttpHandler());
        var chat = client.AsIChatClient("m");

        var pdf = await Assert.ThrowsAsync<NotSupportedException>(() => chat.GetResponseAsync(
            [new AIChatMessage(ChatRole.User, [new DataContent(new byte[] { 1 }, "application/pdf")])]));
        Assert.Contains("application/pdf", pdf.Message, StringComparison.Ordinal);

        var uri = await Assert.ThrowsAsync<NotSupportedException>(() => chat.GetResponseAsync(
            [new AIChatMessage(ChatRole.User, [new UriContent(new Uri("https://example.com/cat.png"), "image/png")])]));
        Assert.Contains("DataContent", uri.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Function_calls_and_results_become_tool_calls_and_tool_messages_with_name_and_id()
    {
        var messages = await SendAsync(
            new AIChatMessage(ChatRole.User, "Weather in Paris and Tokyo?"),
            new AIChatMessage(ChatRole.Assistant,
            [
                new FunctionCallContent("call_1", "get_weather", new Dictionary<string, object?> { ["city"] = "Paris" }),
                new FunctionCallContent("call_2", "get_weather", new Dictionary<string, object?> { ["city"] = "Tokyo", ["days"] = 2 }),
            ]),
            new AIChatMessage(ChatRole.Tool,
            [
                new FunctionResultContent("call_1", "Sunny"),
                new FunctionResultContent("call_2", JsonElement.Parse("""{"sky":"rain"}""")),
            ]));

        JsonAssert.Equal(
            """
            [{"role":"user","content":"Weather in Paris and Tokyo?"},
             {"role":"assistant","content":"","tool_calls":[
                {"id":"call_1","function":{"index":0,"name":"get_weather","arguments":{"city":"Paris"}}},
                {"id":"call_2","function":{"index":1,"name":"get_weather","arguments":{"city":"Tokyo","days":2}}}]},
             {"role":"tool","content":"Sunny","tool_name":"get_weather","tool_call_id":"call_1"},
             {"role":"tool","content":"{\"sky\":\"rain\"}","tool_name":"get_weather","tool_call_id":"call_2"}]
            """,
            messages.GetRawText());
    }

    [Fact]
    public async Task Function_results_of_any_type_become_text()
    {
        var messages = await SendAsync(
            new AIChatMessage(ChatRole.Assistant, [new FunctionCallContent("c1", "f"), new FunctionCallContent("c2", "f"), new FunctionCallContent("c3", "f")]),
            new AIChatMessage(ChatRole.Tool,
            [
                new FunctionResultContent("c1", 42),
                new FunctionResultContent("c2", null),
                new FunctionResultContent("c3", null) { Exception = new InvalidOperationException("it broke") },
            ]));

        Assert.Equal("{}", messages[0].GetProperty("tool_calls")[0].GetProperty("function").GetProperty("arguments").GetRawText());
        Assert.Equal("42", messages[1].GetProperty("content").GetString());
        Assert.Equal("", messages[2].GetProperty("content").GetString());
        Assert.Equal("Error: it broke", messages[3].GetProperty("content").GetString());
    }

    [Fact]
    public async Task A_result_whose_call_is_not_in_the_history_has_no_tool_name()
    {
        var messages = await SendAsync(new AIChatMessage(ChatRole.Tool, [new FunctionResultContent("call_x", "done")]));
        JsonAssert.Equal("""[{"role":"tool","content":"done","tool_call_id":"call_x"}]""", messages.GetRawText());
    }

    [Fact]
    public async Task A_null_message_is_rejected()
    {
        using var client = TestClient.Create(new FakeHttpHandler());
        await Assert.ThrowsAsync<ArgumentException>(() => client.AsIChatClient("m").GetResponseAsync([null!]));
        await Assert.ThrowsAsync<ArgumentNullException>(() => client.AsIChatClient("m").GetResponseAsync((IEnumerable<AIChatMessage>)null!));
    }
}
