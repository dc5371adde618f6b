using Microsoft.Extensions.AI;
using Ollama.Net.Extensions.AI.Tests.Infrastructure;

namespace Ollama.Net.Extensions.AI.Tests;

public class StreamingTests
{
    private const string Thinking = """{"model":"m","created_at":"2025-06-01T10:00:00Z","message":{"role":"assistant","content":"","thinking":"Let me see."},"done":false}""";
    private const string Hel = """{"model":"m","created_at":"2025-06-01T10:00:01Z","message":{"role":"assistant","content":"Hel"},"done":false}""";
    private const string Lo = """{"model":"m","created_at":"2025-06-01T10:00:02Z","message":{"role":"assistant","content":"lo"},"done":false}""";
    private const string Final = """{"model":"m","created_at":"2025-06-01T10:00:03Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop","prompt_eval_count":5,"eval_count":3,"total_duration":1000000000}""";

    [Fact]
    public async Task Updates_carry_deltas_shared_ids_and_the_final_one_has_usage_and_finish_reason()
    {
        var handler = new FakeHttpHandler().EnqueueNdjson(Thinking, Hel, Lo, Final);
        using var client = TestClient.Create(handler);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.AsIChatClient("m").GetStreamingResponseAsync("Hi"))
        {
            updates.Add(update);
        }

        Assert.True(handler.Body().GetProperty("stream").GetBoolean());
        Assert.Equal(4, updates.Count);
        Assert.All(updates, u => Assert.Equal(ChatRole.Assistant, u.Role));
        Assert.Single(updates.Select(u => u.ResponseId).Distinct());
        Assert.Single(updates.Select(u => u.MessageId).Distinct());
        Assert.False(string.IsNullOrEmpty(updates[0].ResponseId));
        Assert.Equal("Let me see.", Assert.IsType<TextReasoningContent>(Assert.Single(updates[0].Contents)).Text);
        Assert.Equal("Hel", updates[1].Text);
        Assert.Equal("lo", updates[2].Text);
        Assert.All(updates.Take(3), u => Assert.Null(u.FinishReason));
        Assert.Equal("m", updates[1].ModelId);
        Assert.Equal(new DateTimeOffset(2025, 6, 1, 10, 0, 1, TimeSpan.Zero), updates[1].CreatedAt);
        Assert.IsType<ChatUpdate>(updates[1].RawRepresentation);

        var last = updates[^1];
        Assert.Equal(ChatFinishReason.Stop, last.FinishReason);
        var usage = Assert.IsType<UsageContent>(Assert.Single(last.Contents));
        Assert.Equal(5, usage.Details.InputTokenCount);
        Assert.Equal(3, usage.Details.OutputTokenCount);
        Assert.Equal(TimeSpan.FromSeconds(1), last.AdditionalProperties!["total_duration"]);

        var response = updates.ToChatResponse();
        Assert.Equal("Hello", response.Text);
        Assert.Equal(8, response.Usage!.TotalTokenCount);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
    }

    [Fact]
    public async Task A_streamed_tool_call_gives_a_tool_calls_finish_reason()
    {
        var handler = new FakeHttpHandler().EnqueueNdjson(
            """{"model":"m","created_at":"2025-06-01T10:00:00Z","message":{"role":"assistant","content":"","tool_calls":[{"id":"call_9","function":{"index":0,"name":"get_weather","arguments":{"city":"Oslo"}}}]},"done":false}""",
            Final);
        using var client = TestClient.Create(handler);

        var response = await client.AsIChatClient("m").GetStreamingResponseAsync("Hi").ToChatResponseAsync();

        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        var call = Assert.IsType<FunctionCallContent>(Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>()));
        Assert.Equal("call_9", call.CallId);
        Assert.Equal("get_weather", call.Name);
    }

    [Fact]
    public async Task A_mid_stream_error_is_thrown_after_the_updates_already_read()
    {
        var handler = new FakeHttpHandler().EnqueueNdjson(Hel, """{"error":"the runner crashed"}""");
        using var client = TestClient.Create(handler);

        var texts = new List<string>();
        var error = await Assert.ThrowsAsync<OllamaException>(async () =>
        {
            await foreach (var update in client.AsIChatClient("m").GetStreamingResponseAsync("Hi"))
            {
                texts.Add(update.Text);
            }
        });

        Assert.Equal(["Hel"], texts);
        Assert.Contains("the runner crashed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_stops_the_stream()
    {
        var handler = new FakeHttpHandler().EnqueueNdjson(Hel, Lo, Final);
        using var client = TestClient.Create(handler);
        using var cts = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in client.AsIChatClient("m").GetStreamingResponseAsync("Hi", cancellationToken: cts.Token))
            {
                await cts.CancelAsync();
            }
        });
    }
}
