using System.Text.Json;
using System.Text.Json.Nodes;
using Ollama.Net.Testing;

namespace Ollama.Net.IntegrationTests.Client;

/// <summary>ChatSession over loopback against OllamaTestServer: history, tools, streaming, save and restore.</summary>
public class ChatSessionTests
{
    private const string Chat = ScriptedTarget.Chat;
    private const string Thinker = ScriptedTarget.Thinker;

    [Fact]
    public async Task SendAsync_keeps_the_history_in_order_and_sends_it_with_the_system_prompt()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies.Enqueue(Chat, "Paris.").Enqueue(Chat, "About 2.1 million.");
        using var client = target.CreateClient();
        var session = new ChatSession(client, Chat, "Be brief.");

        var first = await session.SendAsync("Capital of France?").Within();
        var second = await session.SendAsync("How many people live there?").Within();

        Assert.Equal("Paris.", first.Message.Content);
        Assert.Equal("About 2.1 million.", second.Message.Content);
        Assert.Equal(
            ["user: Capital of France?", "assistant: Paris.", "user: How many people live there?", "assistant: About 2.1 million."],
            session.History.Select(m => m.ToString()));
        Assert.Same(second.Message, session.History[^1]);
        Assert.Equal(
            [("system", "Be brief."), ("user", "Capital of France?"), ("assistant", "Paris."), ("user", "How many people live there?")],
            SentMessages(target.Server.Requests.Last(r => r.Path == "/api/chat")).Select(m => (Role(m), Content(m))));
    }

    [Fact]
    public async Task Request_defaults_go_out_with_every_request()
    {
        await using var target = await ScriptedTarget.StartAsync();
        using var client = target.CreateClient();
        var session = new ChatSession(client, Thinker)
        {
            Options = new ModelOptions { Temperature = 0.25f, NumCtx = 8192 },
            Think = ThinkValue.Enabled,
            Format = OutputFormat.Json,
            KeepAlive = KeepAlive.Parse("10m"),
        };

        await session.SendAsync("hi").Within();

        var sent = target.Server.Requests.Single(r => r.Path == "/api/chat").Json!.Value;
        Assert.False(sent.GetProperty("stream").GetBoolean());
        Assert.True(sent.GetProperty("think").GetBoolean());
        Assert.Equal("json", sent.GetProperty("format").GetString());
        Assert.Equal("10m", sent.GetProperty("keep_alive").GetString());
        Assert.Equal(0.25, sent.GetProperty("options").GetProperty("temperature").GetDouble(), 3);
        Assert.False(sent.TryGetProperty("tools", out _));
        Assert.False(sent.TryGetProperty("truncate", out _));
        Assert.DoesNotContain(target.Server.Requests, r => r.Path == "/api/show"); // num_ctx is set: no need to ask
    }

    [Fact]
    public async Task Thinking_is_kept_apart_from_the_content_and_sent_back_that_way()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies
            .Enqueue(Thinker, new ScriptedReply { Thinking = "The user greets me.", Content = "Hello!", ChunkSize = 4 })
            .Enqueue(Thinker, "Fine, thanks.");
        using var client = target.CreateClient();
        var session = new ChatSession(client, Thinker) { Think = ThinkValue.Enabled };

        await session.SendAsync("hi").Within();
        await session.SendAsync("How are you?").Within();

        Assert.Equal("The user greets me.", session.History[1].Thinking);
        Assert.Equal("Hello!", session.History[1].Content);
        var echoed = SentMessages(target.Server.Requests.Last(r => r.Path == "/api/chat"))[1];
        Assert.Equal("assistant", Role(echoed));
        Assert.Equal("Hello!", Content(echoed));
        Assert.Equal("The user greets me.", echoed.GetProperty("thinking").GetString());
    }

    [Fact]
    public async Task A_system_prompt_change_applies_to_the_next_request_and_keeps_the_history()
    {
        await using var target = await ScriptedTarget.StartAsync();
        using var client = target.CreateClient();
        var session = new ChatSession(client, Chat, "Answer in English.");

        await session.SendAsync("one").Within();
        session.SystemPrompt = "Answer in French.";
        await session.SendAsync("two").Within();
        session.SystemPrompt = null;
        await session.SendAsync("three").Within();

        var chats = target.Server.Requests.Where(r => r.Path == "/api/chat").ToList();
        Assert.Equal(("system", "Answer in English."), (Role(SentMessages(chats[0])[0]), Content(SentMessages(chats[0])[0])));
        Assert.Equal(("system", "Answer in French."), (Role(SentMessages(chats[1])[0]), Content(SentMessages(chats[1])[0])));
        Assert.Equal(["user", "assistant", "user", "assistant", "user"], SentMessages(chats[2]).Select(Role));
        Assert.Equal(6, session.History.Count);
    }

    [Fact]
    public async Task The_tool_loop_runs_the_tool_and_answers_with_the_call_id_and_tool_name()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies
            .Enqueue(Chat, new ScriptedReply { ToolCalls = [new ScriptedToolCall("get_weather", new JsonObject { ["city"] = "Tokyo" }) { Id = "call_7" }] })
            .Enqueue(Chat, "It is 22 °C in Tokyo.");
        using var client = target.CreateClient();
        var session = new ChatSession(client, Chat);
        session.Tools.Add(WeatherTool());
        var invocations = new List<ToolInvocation>();
        session.ToolInvoked += (_, invocation) => invocations.Add(invocation);

        var answer = await session.SendAsync("Weather in Tokyo?").Within();

        Assert.Equal("It is 22 °C in Tokyo.", answer.Message.Content);
        Assert.Equal([MessageRole.User, MessageRole.Assistant, MessageRole.Tool, MessageRole.Assistant], session.History.Select(m => m.Role));
        var tool = session.History[2];
        Assert.Equal(("22 °C in Tokyo", "get_weather", "call_7"), (tool.Content, tool.ToolName, tool.ToolCallId));

        var invocation = Assert.Single(invocations);
        Assert.True(invocation.Succeeded);
        Assert.Equal(("get_weather", "call_7", 1, "22 °C in Tokyo"), (invocation.Name, invocation.Call.Id, invocation.Round, invocation.Result));
        Assert.Equal("""{"city":"Tokyo"}""", invocation.Arguments.GetRawText());
        Assert.True(invocation.Duration >= TimeSpan.Zero);

        var chats = target.Server.Requests.Where(r => r.Path == "/api/chat").ToList();
        Assert.Equal(2, chats.Count);
        Assert.Equal("get_weather", chats[0].Json!.Value.GetProperty("tools")[0].GetProperty("function").GetProperty("name").GetString());
        var sentTool = SentMessages(chats[1])[2];
        Assert.Equal(("tool", "22 °C in Tokyo"), (Role(sentTool), Content(sentTool)));
        Assert.Equal("get_weather", sentTool.GetProperty("tool_name").GetString());
        Assert.Equal("call_7", sentTool.GetProperty("tool_call_id").GetString());
        Assert.Equal("call_7", SentMessages(chats[1])[1].GetProperty("tool_calls")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Parallel_calls_run_at_the_same_time_and_their_results_keep_the_call_order()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies
            .Enqueue(Chat, new ScriptedReply
            {
                ToolCalls =
                [
                    new ScriptedToolCall("get_weather", new JsonObject { ["city"] = "Tokyo" }) { Id = "a" },
                    new ScriptedToolCall("get_weather", new JsonObject { ["city"] = "Oslo" }) { Id = "b" },
                ],
            })
            .Enqueue(Chat, "Tokyo 22, Oslo 3.");
        using var client = target.CreateClient();
        var session = new ChatSession(client, Chat);

        // Tokyo's call waits until Oslo's has started: one after the other, it would never finish (the guard fails it).
        var osloStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        session.Tools.Add(ChatTool.Create("get_weather", "Weather of a city.", ClientTestJson.Default.WeatherArgs, async (args, cancellationToken) =>
        {
            if (args.City == "Tokyo")
            {
                await osloStarted.Task.WaitAsync(cancellationToken);
                return "22";
            }

            osloStarted.SetResult();
            return "3";
        }));
        var order = new List<string>();
        session.ToolInvoked += (_, invocation) => order.Add(invocation.Call.Id!);

        await session.SendAsync("Weather in Tokyo and Oslo?", Guard.Token()).Within();

        Assert.Equal(["a", "b"], order);
        Assert.Equal([("22", "a"), ("3", "b")], session.History.Where(m => m.Role == MessageRole.Tool).Select(m => (m.Content, m.ToolCallId!)));
    }

    [Fact]
    public async Task ConcurrentToolCalls_off_runs_the_calls_one_after_another()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies
            .Enqueue(Chat, new ScriptedReply
            {
                ToolCalls = [new ScriptedToolCall("get_weather", new JsonObject { ["city"] = "Tokyo" }), new ScriptedToolCall("get_weather", new JsonObject { ["city"] = "Oslo" })],
            })
            .Enqueue(Chat, "Done.");
        using var client = target.CreateClient();
        var session = new ChatSession(client, Chat) { ConcurrentToolCalls = false };
        var steps = new List<string>();
        session.Tools.Add(ChatTool.Create("get_weather", null, ClientTestJson.Default.WeatherArgs, async (args, _) =>
        {
            lock (steps)
            {
                steps.Add(args.City + " start");
            }

            await Task.Yield();
            lock (steps)
            {
                steps.Add(args.City + " end");
            }

            return "ok";
        }));

        await session.SendAsync("Weather?").Within();

        Assert.Equal(["Tokyo start", "Tokyo end", "Oslo start", "Oslo end"], steps);
    }

    [Fact]
    public async Task A_tool_exception_goes_to_the_model_as_an_error_result_and_is_reported()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies
            .Enqueue(Chat, new ScriptedReply { ToolCalls = [new ScriptedToolCall("get_weather", new JsonObject { ["city"] = "Atlantis" })] })
            .Enqueue(Chat, "Sorry, I could not find Atlantis.");
        using var client = target.CreateClient();
        var session = new ChatSession(client, Chat);
        session.Tools.Add(ChatTool.Create<WeatherArgs>("get_weather", null, ClientTestJson.Default.WeatherArgs,
            args => throw new InvalidOperationException($"No such city: {args.City}")));
        ToolInvocation? reported = null;
        session.ToolInvoked += (_, invocation) => reported = invocation;

        var answer = await session.SendAsync("Weather in Atlantis?").Within();

        Assert.Equal("Sorry, I could not find Atlantis.", answer.Message.Content);
        Assert.NotNull(reported);
        Assert.False(reported.Succeeded);
        Assert.Equal("No such city: Atlantis", Assert.IsType<InvalidOperationException>(reported.Exception).Message);
        Assert.Equal("Error: the tool 'get_weather' failed: No such city: Atlantis", reported.Result);
        var sentTool = SentMessages(target.Server.Requests.Last(r => r.Path == "/api/chat"))[2];
        Assert.Equal("Error: the tool 'get_weather' failed: No such city: Atlantis", Content(sentTool));
    }

    [Fact]
    public async Task ThrowOnToolError_rethrows_after_reporting_the_round_and_leaves_the_history_as_it_was()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies.Enqueue(Chat, new ScriptedReply
        {
            ToolCalls = [new ScriptedToolCall("get_weather", new JsonObject { ["city"] = "Atlantis" }), new ScriptedToolCall("get_weather", new JsonObject { ["city"] = "Oslo" })],
        });
        using var client = target.CreateClient();
        var session = new ChatSession(client, Chat) { ThrowOnToolError = true };
        session.Tools.Add(ChatTool.Create<WeatherArgs>("get_weather", null, ClientTestJson.Default.WeatherArgs,
            args => args.City == "Oslo" ? "3" : throw new InvalidOperationException("No such city")));
        var reported = new List<ToolInvocation>();
        session.ToolInvoked += (_, invocation) => reported.Add(invocation);

        var error = await Guard.Throws<InvalidOperationException>(() => session.SendAsync("Weather?"));

        Assert.Equal("No such city", error.Message);
        Assert.Equal([false, true], reported.Select(r => r.Succeeded));
        Assert.Empty(session.History);
        Assert.Single(target.Server.Requests, r => r.Path == "/api/chat");
    }

    [Fact]
    public async Task Unknown_tools_and_arguments_that_do_not_parse_are_reported_to_the_model_even_with_ThrowOnToolError()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies
            .Enqueue(Chat, new ScriptedReply
            {
                ToolCalls = [new ScriptedToolCall("get_time"), new ScriptedToolCall("get_weather", new JsonObject { ["city"] = 42 })],
            })
            .Enqueue(Chat, "Let me try again.");
        using var client = target.CreateClient();
        var session = new ChatSession(client, Chat) { ThrowOnToolError = true };
        session.Tools.Add(WeatherTool());
        var reported = new List<ToolInvocation>();
        session.ToolInvoked += (_, invocation) => reported.Add(invocation);

        await session.SendAsync("What time is it, and the weather in 42?").Within();

        Assert.IsType<KeyNotFoundException>(reported[0].Exception);
        Assert.Equal("Error: there is no tool named 'get_time'. The tools are: get_weather.", reported[0].Result);
        Assert.IsAssignableFrom<JsonException>(reported[1].Exception);
        Assert.StartsWith("Error: the arguments do not match the parameters of 'get_weather': ", reported[1].Result, StringComparison.Ordinal);
        Assert.Equal(reported.Select(r => r.Result), session.History.Where(m => m.Role == MessageRole.Tool).Select(m => m.Content));
    }

    [Fact]
    public async Task After_MaxToolRounds_the_session_asks_without_tools_so_the_model_answers_in_words()
    {
        await using var target = await ScriptedTarget.StartAsync();
        var call = new ScriptedReply { ToolCalls = [new ScriptedToolCall("get_weather", new JsonObject { ["city"] = "Tokyo" })] };
        target.Server.Replies.Enqueue(Chat, call).Enqueue(Chat, call).Enqueue(Chat, "It is 22 °C.");
        using var client = target.CreateClient();
        var session = new ChatSession(client, Chat) { MaxToolRounds = 2 };
        session.Tools.Add(WeatherTool());
        var rounds = new List<int>();
        session.ToolInvoked += (_, invocation) => rounds.Add(invocation.Round);

        var answer = await session.SendAsync("Weather in Tokyo?").Within();

        Assert.Equal("It is 22 °C.", answer.Message.Content);
        Assert.Equal([1, 2], rounds);
        var chats = target.Server.Requests.Where(r => r.Path == "/api/chat").ToList();
        Assert.Equal([true, true, false], chats.Select(r => r.Json!.Value.TryGetProperty("tools", out _)));
        Assert.Equal(
            [MessageRole.User, MessageRole.Assistant, MessageRole.Tool, MessageRole.Assistant, MessageRole.Tool, MessageRole.Assistant],
            session.History.Select(m => m.Role));
    }

    [Fact]
    public async Task Cancellation_in_the_middle_of_the_tool_loop_stops_and_leaves_the_history_as_it_was()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies
            .Enqueue(Chat, "Hello.")
            .Enqueue(Chat, new ScriptedReply { ToolCalls = [new ScriptedToolCall("get_weather", new JsonObject { ["city"] = "Tokyo" })] })
            .Enqueue(Chat, "never sent");
        using var client = target.CreateClient();
        var session = new ChatSession(client, Chat);
        using var cancel = new CancellationTokenSource();
        session.Tools.Add(ChatTool.Create("get_weather", null, ClientTestJson.Default.WeatherArgs, async (args, cancellationToken) =>
        {
            await cancel.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
            return "22";
        }));
        await session.SendAsync("hi").Within();
        var before = session.History.ToList();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => session.SendAsync("Weather in Tokyo?", cancel.Token).Within());

        Assert.Equal(before, session.History);
        Assert.Equal(2, target.Server.Requests.Count(r => r.Path == "/api/chat"));
        await session.SendAsync("Still there?").Within(); // the session is usable again
        Assert.Equal(4, session.History.Count);
    }

    [Fact]
    public async Task SendStreamingAsync_streams_the_answer_and_the_tool_invocations_in_order()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies
            .Enqueue(Chat, new ScriptedReply { ToolCalls = [new ScriptedToolCall("get_weather", new JsonObject { ["city"] = "Tokyo" }) { Id = "call_1" }] })
            .Enqueue(Chat, new ScriptedReply { Content = "It is 22 °C in Tokyo.", ChunkSize = 4 });
        using var client = target.CreateClient();
        var session = new ChatSession(client, Chat);
        session.Tools.Add(WeatherTool());

        var updates = await Guard.ToListAsync(session.SendStreamingAsync("Weather in Tokyo?"));

        var invocation = Assert.Single(updates, u => u.ToolInvocation is not null);
        var at = updates.IndexOf(invocation);
        Assert.Equal(1, invocation.Round);
        Assert.Equal("call_1", invocation.ToolInvocation!.Call.Id);
        Assert.All(updates.Take(at), u => Assert.Equal(0, u.Round));
        Assert.Contains(updates.Take(at), u => u.Chunk!.Message.ToolCalls is { Count: 1 });
        var answer = updates.Skip(at + 1).ToList();
        Assert.All(answer, u => Assert.Equal(1, u.Round));
        Assert.Equal(["It i", "s 22", " °C ", "in T", "okyo", "."], answer.Where(u => u.Content.Length > 0).Select(u => u.Content));
        Assert.True(answer[^1].Chunk!.Done);
        Assert.Equal("It is 22 °C in Tokyo.", session.History[^1].Content);
        Assert.Equal(4, session.History.Count);
        Assert.All(target.Server.Requests.Where(r => r.Path == "/api/chat"), r => Assert.True(r.Json!.Value.GetProperty("stream").GetBoolean()));
    }

    [Fact]
    public async Task A_stream_stopped_early_or_broken_leaves_the_history_as_it_was()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies
            .Enqueue(Chat, new ScriptedReply { Content = "A long answer in many chunks.", ChunkSize = 2 })
            .Enqueue(Chat, new ScriptedReply { Content = "This one breaks.", ChunkSize = 2, Fault = Fault.CutAfterChunks(2) });
        using var client = target.CreateClient();
        var session = new ChatSession(client, Chat);

        await foreach (var update in session.SendStreamingAsync("Tell me a story.").WithCancellation(Guard.Token()))
        {
            break;
        }

        var (items, error) = await Guard.ReadUntilErrorAsync(session.SendStreamingAsync("Again?"));

        Assert.Equal(2, items.Count);
        Assert.IsAssignableFrom<OllamaException>(error);
        Assert.Empty(session.History);
    }

    [Fact]
    public async Task A_second_send_while_one_is_in_progress_is_refused()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies.Enqueue(Chat, new ScriptedReply { Content = "slow answer", ChunkSize = 2, Fault = Fault.HangAfterChunks(1) });
        using var client = target.CreateClient();
        var session = new ChatSession(client, Chat);
        using var cancel = new CancellationTokenSource();

        await using var stream = session.SendStreamingAsync("first", cancel.Token).GetAsyncEnumerator();
        Assert.True(await stream.MoveNextAsync().AsTask().Within());

        var error = await Guard.Throws<InvalidOperationException>(() => session.SendAsync("second"));
        Assert.Contains("already sending", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(session.Clear);
        Assert.Throws<InvalidOperationException>(() => session.Undo());

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stream.MoveNextAsync().AsTask().Within());
        Assert.Empty(session.History);
    }

    [Fact]
    public async Task Undo_removes_the_last_exchange_with_its_tool_rounds_and_Clear_forgets_everything()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies
            .Enqueue(Chat, "Hello.")
            .Enqueue(Chat, new ScriptedReply { ToolCalls = [new ScriptedToolCall("get_weather", new JsonObject { ["city"] = "Tokyo" })] })
            .Enqueue(Chat, "22 °C.");
        using var client = target.CreateClient();
        var session = new ChatSession(client, Chat, "Be brief.");
        session.Tools.Add(WeatherTool());
        await session.SendAsync("hi").Within();
        await session.SendAsync("Weather in Tokyo?").Within();
        Assert.Equal(6, session.History.Count);

        Assert.True(session.Undo());
        Assert.Equal(["user: hi", "assistant: Hello."], session.History.Select(m => m.ToString()));

        session.Clear();
        Assert.Empty(session.History);
        Assert.False(session.Undo());
        Assert.Equal("Be brief.", session.SystemPrompt);
    }

    [Fact]
    public async Task SaveHistory_and_RestoreHistory_carry_the_conversation_with_thinking_tool_calls_and_ids()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies
            .Enqueue(Thinker, new ScriptedReply { Thinking = "I need the weather.", ToolCalls = [new ScriptedToolCall("get_weather", new JsonObject { ["city"] = "Tokyo" }) { Id = "call_9" }] })
            .Enqueue(Thinker, new ScriptedReply { Thinking = "Now answer.", Content = "22 °C in Tokyo." })
            .Enqueue(Thinker, "You asked about Tokyo.")
            .Enqueue(Thinker, "You asked about Tokyo.");
        using var client = target.CreateClient();
        var original = new ChatSession(client, Thinker, "Be brief.") { Think = ThinkValue.Enabled };
        original.Tools.Add(WeatherTool());
        await original.SendAsync("Weather in Tokyo?").Within();

        var json = original.SaveHistory();
        var restored = new ChatSession(client, Thinker) { Think = ThinkValue.Enabled };
        restored.Tools.Add(WeatherTool());
        restored.RestoreHistory(json);
        await original.SendAsync("What did I ask?").Within();
        await restored.SendAsync("What did I ask?").Within();

        Assert.Equal("Be brief.", restored.SystemPrompt);
        var chats = target.Server.Requests.Where(r => r.Path == "/api/chat").ToList();
        Assert.Equal(chats[2].Json!.Value.GetProperty("messages").GetRawText(), chats[3].Json!.Value.GetProperty("messages").GetRawText());
        Assert.Equal("call_9", restored.History[1].ToolCalls![0].Id);
        Assert.Equal("I need the weather.", restored.History[1].Thinking);
        Assert.Equal(("get_weather", "call_9"), (restored.History[2].ToolName, restored.History[2].ToolCallId));
        Assert.Equal(original.History.Select(m => m.ToString()), restored.History.Select(m => m.ToString()));
    }

    internal static ChatTool WeatherTool() => ChatTool.Create("get_weather", "Gets the weather for a city.", ClientTestJson.Default.WeatherArgs,
        args => args.City == "Tokyo" ? "22 °C in Tokyo" : $"no data for {args.City}");

    internal static JsonElement[] SentMessages(RecordedRequest request) => [.. request.Json!.Value.GetProperty("messages").EnumerateArray()];

    internal static string Role(JsonElement message) => message.GetProperty("role").GetString()!;

    internal static string Content(JsonElement message) => message.GetProperty("content").GetString()!;
}
