using System.Text.Json.Nodes;
using Ollama.Net.Testing;
using static Ollama.Net.IntegrationTests.Client.ChatSessionTests;

namespace Ollama.Net.IntegrationTests.Client;

/// <summary>
/// ChatSession's context budget against OllamaTestServer's model of Ollama's context window (num_ctx, truncation of the
/// oldest messages, prompt_eval_count of what was kept, truncate:false refusal).
/// </summary>
public class ChatSessionBudgetTests
{
    private const string Chat = ScriptedTarget.Chat;

    [Fact]
    public async Task The_session_drops_the_oldest_whole_exchanges_to_stay_within_num_ctx()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies.Generator = _ => ScriptedReply.Text("ok");
        using var client = target.CreateClient();
        var session = new ChatSession(client, Chat, "Be brief.") { Options = new ModelOptions { NumCtx = 400 } };
        session.Tools.Add(WeatherTool());
        var trims = new List<HistoryTrim>();
        session.HistoryTrimmed += (_, trim) => trims.Add(trim);
        var truncations = 0;
        session.PromptTruncated += (_, _) => truncations++;

        // The second exchange has a tool round with a long result: it must go as a whole or stay as a whole.
        target.Server.Replies.Enqueue(Chat, new ScriptedReply { ToolCalls = [new ScriptedToolCall("get_weather", new JsonObject { ["city"] = Words(30) })] });
        for (var i = 0; i < 8; i++)
        {
            await session.SendAsync($"Question {i}: " + Words(60)).Within();
        }

        Assert.NotEmpty(trims);
        Assert.Equal(0, truncations);
        Assert.All(trims, trim => Assert.Equal(MessageRole.User, trim.Removed[0].Role));
        Assert.All(trims, trim => Assert.True(trim.EstimatedTokensAfter <= trim.Budget, trim.ToString()));
        Assert.All(trims, trim => Assert.Equal((400, 300), (trim.ContextLength, trim.Budget)));
        var toolTrim = Assert.Single(trims, trim => trim.Removed.Any(m => m.Role == MessageRole.Tool));
        var roles = toolTrim.Removed.Select(m => m.Role.Value).ToList();
        Assert.Equal(["user", "assistant", "tool", "assistant"], roles.Skip(roles.IndexOf("tool") - 2).Take(4));
        foreach (var request in target.Server.Requests.Where(r => r.Path == "/api/chat"))
        {
            var messages = SentMessages(request);
            Assert.Equal(("system", "Be brief."), (Role(messages[0]), Content(messages[0])));
            Assert.Equal("user", Role(messages[1]));
            AssertEveryToolResultFollowsItsCall(messages);
        }

        Assert.Equal("user", session.History[0].Role.Value);
        Assert.True(session.EstimatePromptTokens() <= 300);
        Assert.Equal(400, session.ContextLength);
        Assert.DoesNotContain(target.Server.Requests, r => r.Path == "/api/show");
    }

    [Fact]
    public async Task The_context_length_comes_from_the_model_parameter_capped_at_the_trained_length()
    {
        await using var target = await ScriptedTarget.StartAsync(options =>
        {
            options.Models.Add(new TestModel("small:1b") { ContextLength = 2048, Parameters = new JsonObject { ["num_ctx"] = 1024 } });
            options.Models.Add(new TestModel("capped:1b") { ContextLength = 512, Parameters = new JsonObject { ["num_ctx"] = 8192 } });
        });
        using var client = target.CreateClient();
        var small = new ChatSession(client, "small:1b");
        var capped = new ChatSession(client, "capped:1b");

        Assert.Null(small.ContextLength);
        await small.SendAsync("hi").Within();
        await capped.SendAsync("hi").Within();
        await small.SendAsync("again").Within();

        Assert.Equal(1024, small.ContextLength);
        Assert.Equal(512, capped.ContextLength);
        Assert.Equal(2, target.Server.Requests.Count(r => r.Path == "/api/show")); // once per session
        Assert.DoesNotContain(target.Server.Requests, r => r.Path == "/api/ps");
    }

    [Fact]
    public async Task Without_a_num_ctx_the_session_learns_the_loaded_context_length_after_the_first_reply()
    {
        await using var target = await ScriptedTarget.StartAsync(options => options.DefaultContextLength = 8192);
        using var client = target.CreateClient();
        var session = new ChatSession(client, "qwen2.5"); // qwen2.5:latest is not installed: use the installed name below
        var installed = new ChatSession(client, Chat);

        await Guard.Throws<OllamaModelNotFoundException>(() => session.SendAsync("hi"));
        await installed.SendAsync("hi").Within();
        var afterFirst = installed.ContextLength;
        await installed.SendAsync("again").Within();

        Assert.Equal(8192, afterFirst);
        Assert.Equal(8192, installed.ContextLength);
        Assert.Equal(["/api/show", "/api/chat", "/api/ps", "/api/chat"], target.Server.Requests.Skip(1).Select(r => r.Path));
    }

    [Fact]
    public async Task When_Ollama_cuts_the_prompt_the_session_reports_it_instead_of_staying_silent()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies.Generator = _ => ScriptedReply.Text("ok");
        using var client = target.CreateClient();
        var session = new ChatSession(client, Chat, "Be brief.") { Options = new ModelOptions { NumCtx = 300 }, KeepWithinContext = false };
        var reports = new List<PromptTruncation>();
        session.PromptTruncated += (_, truncation) => reports.Add(truncation);

        await session.SendAsync(Words(100)).Within();
        await session.SendAsync(Words(100)).Within();
        Assert.Empty(reports);
        Assert.Null(session.LastPromptTruncation);

        var third = await session.SendAsync(Words(100)).Within();

        var report = Assert.Single(reports);
        Assert.Same(report, session.LastPromptTruncation);
        Assert.Equal(third.PromptEvalCount, report.EvaluatedPromptTokens);
        Assert.True(report.EvaluatedPromptTokens <= 300);
        Assert.True(report.EstimatedPromptTokens > 300, report.ToString());
        Assert.Equal((300, 0), (report.ContextLength, report.Round));
        Assert.Equal(6, SentMessages(target.Server.Requests.Last(r => r.Path == "/api/chat")).Length); // everything was sent

        await session.SendAsync("short").Within(); // the next exchange starts without a report until Ollama cuts again
        Assert.Equal(2, reports.Count);
        session.Clear();
        Assert.Null(session.LastPromptTruncation);
    }

    [Fact]
    public async Task A_prompt_that_grows_normally_is_never_reported()
    {
        await using var target = await ScriptedTarget.StartAsync();
        using var client = target.CreateClient(); // the echo generator: replies as long as the questions
        var session = new ChatSession(client, Chat) { Options = new ModelOptions { NumCtx = 32768 } };
        session.Tools.Add(WeatherTool());
        target.Server.Replies.Enqueue(Chat, new ScriptedReply { ToolCalls = [new ScriptedToolCall("get_weather", new JsonObject { ["city"] = "Tokyo" })] });
        var reports = 0;
        session.PromptTruncated += (_, _) => reports++;

        string[] questions = ["hi", "大江东去，浪淘尽，千古风流人物。", Words(200), "What is 3666 × 5444?", "明月几时有？把酒问青天。" + Words(50), "ok"];
        foreach (var question in questions)
        {
            await session.SendAsync(question).Within();
        }

        Assert.Equal(0, reports);
        Assert.Equal((questions.Length * 2) + 2, session.History.Count); // a tool round in the first exchange
    }

    [Fact]
    public async Task With_truncate_false_the_refusal_becomes_OllamaContextLengthExceededException()
    {
        await using var target = await ScriptedTarget.StartAsync();
        using var client = target.CreateClient();
        var session = new ChatSession(client, Chat) { Options = new ModelOptions { NumCtx = 100 }, Truncate = false, KeepWithinContext = false };

        var error = await Guard.Throws<OllamaContextLengthExceededException>(() => session.SendAsync(Words(150)));
        var (_, streamed) = await Guard.ReadUntilErrorAsync(session.SendStreamingAsync(Words(150)));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal(100, error.ContextLength);
        Assert.True(error.PromptTokens > 150);
        Assert.IsType<OllamaException>(error.InnerException);
        Assert.Contains("exceeds the available context size", error.ServerMessage, StringComparison.Ordinal);
        Assert.IsType<OllamaContextLengthExceededException>(streamed);
        Assert.Empty(session.History);
        Assert.All(target.Server.Requests, r => Assert.False(r.Json!.Value.GetProperty("truncate").GetBoolean()));
    }

    [Fact]
    public async Task With_shift_false_on_the_model_the_runner_refusal_is_typed_too()
    {
        await using var target = await ScriptedTarget.StartAsync(options => options.Models.Add(new TestModel("deep:1b") { Family = "deepseek2" }));
        using var client = target.CreateClient();
        var session = new ChatSession(client, "deep:1b") { Options = new ModelOptions { NumCtx = 64 }, KeepWithinContext = false };

        var error = await Guard.Throws<OllamaContextLengthExceededException>(() => session.SendAsync(Words(80)));

        Assert.Null(error.PromptTokens);
        Assert.StartsWith("the prompt is longer than the context length", error.ServerMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_summarizer_replaces_the_removed_exchanges_and_sees_the_previous_summary()
    {
        await using var target = await ScriptedTarget.StartAsync();
        target.Server.Replies.Generator = _ => ScriptedReply.Text("ok");
        using var client = target.CreateClient();
        var calls = new List<(string? Previous, int Removed)>();
        var session = new ChatSession(client, Chat, "Be brief.")
        {
            Options = new ModelOptions { NumCtx = 400 },
            Summarizer = (previous, removed, _) =>
            {
                calls.Add((previous, removed.Count));
                return ValueTask.FromResult($"Summary {calls.Count}: the user asked {removed.Count(m => m.Role == MessageRole.User)} more question(s).");
            },
        };

        for (var i = 0; i < 8; i++)
        {
            await session.SendAsync(Words(60)).Within();
        }

        Assert.True(calls.Count >= 2);
        Assert.Null(calls[0].Previous);
        Assert.Equal($"Summary 1: the user asked {calls[0].Removed / 2} more question(s).", calls[1].Previous);
        Assert.StartsWith($"Summary {calls.Count}:", session.Summary, StringComparison.Ordinal);
        var messages = SentMessages(target.Server.Requests.Last(r => r.Path == "/api/chat"));
        Assert.Equal([("system", "Be brief."), ("system", session.Summary!)], messages.Take(2).Select(m => (Role(m), Content(m))));
        Assert.Equal("user", Role(messages[2]));

        var restored = new ChatSession(client, Chat);
        restored.RestoreHistory(session.SaveHistory());
        Assert.Equal(session.Summary, restored.Summary);
    }

    private static string Words(int count) => string.Join(" ", Enumerable.Repeat("word", count));

    // Every tool message answers a call made by an assistant message after the last user message before it.
    private static void AssertEveryToolResultFollowsItsCall(IReadOnlyList<System.Text.Json.JsonElement> messages)
    {
        var open = new HashSet<string>();
        foreach (var message in messages)
        {
            switch (Role(message))
            {
                case "user":
                    open.Clear();
                    break;
                case "assistant" when message.TryGetProperty("tool_calls", out var calls):
                    open.UnionWith(calls.EnumerateArray().Select(c => c.GetProperty("id").GetString()!));
                    break;
                case "tool":
                    Assert.Contains(message.GetProperty("tool_call_id").GetString()!, open);
                    break;
            }
        }
    }
}
