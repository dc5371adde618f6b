using System.Net;
using System.Text.Json;
using Ollama.Net.Tests.Infrastructure;

namespace Ollama.Net.Tests.Conversations;

public class ChatSessionTests
{
    [Fact]
    public void The_constructor_and_the_settings_reject_bad_values_naming_them()
    {
        using var client = TestClient.Create(new FakeHttpHandler());

        Assert.Throws<ArgumentNullException>("client", () => new ChatSession(null!, "m"));
        Assert.Throws<ArgumentException>("model", () => new ChatSession(client, " "));
        var session = new ChatSession(client, "m");
        Assert.Throws<ArgumentOutOfRangeException>("value", () => session.MaxToolRounds = 0);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => session.ContextLength = 0);
        Assert.Throws<ArgumentOutOfRangeException>("value", () => session.ReservedReplyTokens = -1);
        Assert.Throws<ArgumentNullException>("json", () => session.RestoreHistory(null!));
    }

    [Fact]
    public void Sends_validate_the_message_before_anything_is_sent()
    {
        var handler = new FakeHttpHandler();
        using var client = TestClient.Create(handler);
        var session = new ChatSession(client, "m");

        Eager.Throws<ArgumentNullException>("message", () => session.SendAsync((string)null!));
        Eager.Throws<ArgumentNullException>("message", () => session.SendAsync((Message)null!));
        Assert.Throws<ArgumentNullException>("message", () => session.SendStreamingAsync((string)null!));
        var error = Assert.Throws<ArgumentException>("message", () => session.SendStreamingAsync(Message.System("Be brief.")));
        Assert.Contains("'system'", error.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task Two_tools_with_one_name_fail_the_send_naming_the_tool()
    {
        var handler = new FakeHttpHandler();
        using var client = TestClient.Create(handler);
        var session = new ChatSession(client, "m");
        session.Tools.Add(ChatTool.Create("weather", null, TestJsonContext.Default.WeatherArgs, _ => "sunny"));
        session.Tools.Add(ChatTool.Create("weather", "again", TestJsonContext.Default.WeatherArgs, _ => "rainy"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => session.SendAsync("hi"));

        Assert.Contains("'weather'", error.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
        Assert.Empty(session.History);
    }

    [Theory]
    [InlineData(null, 0)]
    [InlineData("", 0)]
    [InlineData("cat", 1)]
    [InlineData("hello", 2)]
    [InlineData("hello world", 3)]
    [InlineData("明月几时有", 5)]
    [InlineData("明月几时有？把酒问青天。", 12)]
    [InlineData("明月 moon", 4)]
    [InlineData("😀", 1)]
    public void EstimateTokens_counts_one_per_cjk_character_and_one_per_started_four_other_characters(string? text, int expected)
    {
        Assert.Equal(expected, ChatSession.EstimateTokens(text));
    }

    [Fact]
    public void EstimatePromptTokens_counts_messages_tool_calls_images_and_tools_but_not_thinking()
    {
        using var client = TestClient.Create(new FakeHttpHandler());
        var session = new ChatSession(client, "m", "abcd") { TokenEstimator = text => text.Length };
        Assert.Equal(4 + 4 + 4, session.EstimatePromptTokens()); // system: 4 + "abcd"; the reply primer: 4

        session.RestoreHistory("""
            {"version":1,"system":"abcd","messages":[
              {"role":"user","content":"12345","images":["iVBORw0KGgo="]},
              {"role":"assistant","content":"","thinking":"a very long thought that is not counted","tool_calls":[{"id":"c1","function":{"index":0,"name":"calc","arguments":{"x":1}}}]},
              {"role":"tool","content":"42","tool_name":"calc","tool_call_id":"c1"}]}
            """);
        var history = 12 + (4 + 5 + 768) + (4 + 0 + "calc".Length + """{"x":1}""".Length) + (4 + 2);
        Assert.Equal(history, session.EstimatePromptTokens());

        var tool = ChatTool.Create("weather", null, TestJsonContext.Default.WeatherArgs, _ => "sunny");
        session.Tools.Add(tool);
        Assert.Equal(history + JsonSerializer.Serialize(tool.Definition, global::Ollama.Net.Serialization.OllamaJsonContext.Default.Tool).Length, session.EstimatePromptTokens());
    }

    [Theory]
    [InlineData(147, false)]
    [InlineData(146, true)]
    public async Task A_count_below_the_calibrated_estimate_less_half_the_new_part_and_16_is_reported(int secondCount, bool reported)
    {
        // Estimates with one token per character: the first request is 4 + 100 + 4 = 108 tokens, counted as 108 by the
        // server. The second adds the reply (4 + 2) and a question (4 + 100): 110 new tokens, expected 218; a count below
        // 218 - (110 / 2 + 16) = 147 means Ollama cut the prompt.
        var handler = new FakeHttpHandler().EnqueueJson(Reply(108)).EnqueueJson(Reply(secondCount));
        using var client = TestClient.Create(handler);
        var session = new ChatSession(client, "m") { TokenEstimator = text => text.Length, ContextLength = 4096 };
        var events = new List<PromptTruncation>();
        session.PromptTruncated += (_, truncation) => events.Add(truncation);

        await session.SendAsync(new string('a', 100));
        Assert.Null(session.LastPromptTruncation);
        await session.SendAsync(new string('b', 100));

        Assert.Equal(reported, session.LastPromptTruncation is not null);
        Assert.Equal(reported ? 1 : 0, events.Count);
        if (reported)
        {
            Assert.Equal((218, 146, 4096, 0), (events[0].EstimatedPromptTokens, events[0].EvaluatedPromptTokens, events[0].ContextLength, events[0].Round));
            Assert.Contains("146", events[0].ToString(), StringComparison.Ordinal);
        }

        Assert.Equal(["/api/chat", "/api/chat"], handler.Requests.Select(r => r.Uri.AbsolutePath));
    }

    [Fact]
    public async Task The_loaded_context_length_is_found_under_the_name_with_latest()
    {
        var handler = new FakeHttpHandler()
            .EnqueueJson("""{"details":{"family":"llama","context_length":131072},"model_info":{"general.architecture":"llama","llama.context_length":131072}}""")
            .EnqueueJson(Reply(10))
            .EnqueueJson("""{"models":[{"name":"other:latest","model":"other:latest","context_length":2048},{"name":"llama3.2:latest","model":"llama3.2:latest","context_length":32768}]}""");
        using var client = TestClient.Create(handler);
        var session = new ChatSession(client, "llama3.2");

        await session.SendAsync("hi");

        Assert.Equal(32768, session.ContextLength);
        Assert.Equal(["/api/show", "/api/chat", "/api/ps"], handler.Requests.Select(r => r.Uri.AbsolutePath));
    }

    [Fact]
    public async Task A_context_refusal_becomes_OllamaContextLengthExceededException_and_other_errors_stay_as_they_are()
    {
        const string Refusal = """{"error":"{\"error\":{\"code\":400,\"message\":\"request (5000 tokens) exceeds the available context size (4096 tokens), try increasing it\",\"type\":\"exceed_context_size_error\",\"n_prompt_tokens\":5000,\"n_ctx\":4096}}"}""";
        var handler = new FakeHttpHandler()
            .EnqueueJson(Refusal, HttpStatusCode.BadRequest)
            .EnqueueJson("""{"error":"\"m\" does not support tools"}""", HttpStatusCode.BadRequest);
        using var client = TestClient.Create(handler);
        var session = new ChatSession(client, "m") { ContextLength = 4096, Truncate = false };

        var refused = await Assert.ThrowsAsync<OllamaContextLengthExceededException>(() => session.SendAsync("a long story"));
        var other = await Assert.ThrowsAsync<OllamaException>(() => session.SendAsync("hi"));

        Assert.Equal((5000, 4096, HttpStatusCode.BadRequest), (refused.PromptTokens, refused.ContextLength, refused.StatusCode));
        Assert.Contains("5000 tokens for a context of 4096", refused.Message, StringComparison.Ordinal);
        Assert.Contains("exceeds the available context size", refused.ServerMessage, StringComparison.Ordinal);
        Assert.Equal("\"m\" does not support tools", other.ServerMessage);
        Assert.Contains("\"truncate\":false", handler.Requests[0].Body, StringComparison.Ordinal);
        Assert.Empty(session.History);
    }

    [Fact]
    public void SaveHistory_writes_the_version_the_system_prompt_and_the_messages_in_their_wire_form()
    {
        using var client = TestClient.Create(new FakeHttpHandler());
        var session = new ChatSession(client, "m");
        const string Saved = """
            {"version":1,"system":"Be brief.","messages":[
              {"role":"user","content":"hi"},
              {"role":"assistant","content":"","thinking":"Weather?","tool_calls":[{"id":"call_1","function":{"index":0,"name":"weather","arguments":{"city":"Oslo"}}}]},
              {"role":"tool","content":"3 °C","tool_name":"weather","tool_call_id":"call_1"},
              {"role":"assistant","content":"It is 3 °C."}]}
            """;

        session.RestoreHistory(Saved);

        Assert.Equal("Be brief.", session.SystemPrompt);
        Assert.Null(session.Summary);
        Assert.Equal(4, session.History.Count);
        JsonAssert.Equal(Saved, session.SaveHistory());
    }

    [Theory]
    [InlineData("not json", "not a saved ChatSession history")]
    [InlineData("""{"messages":[]}""", "its \"version\" is 0")]
    [InlineData("""{"version":2,"messages":[]}""", "its \"version\" is 2")]
    [InlineData("null", "is missing")]
    [InlineData("""{"version":1,"messages":[{"role":"user","content":"a"},null]}""", "Message 1")]
    [InlineData("""{"version":1,"messages":[{"content":"no role"}]}""", "Message 0")]
    public void RestoreHistory_rejects_text_that_is_not_a_saved_history_and_changes_nothing(string json, string expected)
    {
        using var client = TestClient.Create(new FakeHttpHandler());
        var session = new ChatSession(client, "m", "Keep me.");
        session.RestoreHistory("""{"version":1,"system":"Keep me.","messages":[{"role":"user","content":"kept"}]}""");

        var error = Assert.Throws<ArgumentException>("json", () => session.RestoreHistory(json));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal("user: kept", Assert.Single(session.History).ToString());
        Assert.Equal("Keep me.", session.SystemPrompt);
    }

    private static string Reply(int promptEvalCount)
        => $$"""{"model":"m","created_at":"2026-01-01T00:00:00Z","message":{"role":"assistant","content":"ok"},"done":true,"done_reason":"stop","prompt_eval_count":{{promptEvalCount}},"eval_count":1}""";
}
